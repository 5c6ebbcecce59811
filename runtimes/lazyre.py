"""Regular expressions compiled on first use (start-up time of ``flowscript lint``).

``re.compile`` runs the ``re`` module's compiler, written in Python: the seventy-odd patterns on the lint path cost
about a sixth of a one-file lint, and a typical file uses a third of them (durations, dates, suppression comments,
YAML numbers... appear only in some files). :func:`lazy_compile` returns a stand-in with the methods and attributes
of ``re.Pattern`` that compiles the pattern the first time one of them is read, then keeps the compiled pattern's own
bound methods in its slots, so that later calls cost what they cost on the pattern itself.

Use it for patterns that many files never need; compile the tokenizers' hot patterns eagerly.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["lazy_compile"]

_ATTRIBUTES = (
    "match",
    "fullmatch",
    "search",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _LazyPattern:
    __slots__ = ("_source", *_ATTRIBUTES)

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Only reached while the slots are empty, i.e. before the first use.
        if name not in _ATTRIBUTES:
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attribute in _ATTRIBUTES:
            object.__setattr__(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Like ``re.compile(pattern, flags)``, compiled when first used (see the module docstring)."""
    return _LazyPattern(pattern, flags)  # type: ignore[return-value]
