"""Secret redaction: every occurrence of a declared secret's value becomes ``[REDACTED]`` (RUNTIMES.md §7).

A :class:`Redactor` knows the secret values of one preview and scrubs strings, nested JSON values (keys included) and
error messages. Besides the raw value it also scrubs the forms a value takes inside larger strings: URL-encoded
(query strings, paths), JSON-escaped (a body serialised by a runtime) and base64-encoded at any alignment (basic
auth ``user:password``; fragments shorter than 8 characters are left alone).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

__all__ = ["REDACTED", "Redactor"]

REDACTED = "[REDACTED]"


_MIN_BASE64 = 8
"""Shortest base64 fragment redacted (shorter ones would match unrelated text)."""


def _base64_fragments(value: str) -> set[str]:
    """The part of the base64 text that only depends on ``value``, for each of the three byte alignments it can have
    inside a longer encoded string (``Basic base64(user:password)``)."""
    data = value.encode("utf-8")
    fragments: set[str] = set()
    for lead_bytes, lead_chars in ((0, 0), (1, 2), (2, 3)):
        padded = b"\0" * lead_bytes + data
        encoded = base64.b64encode(padded).decode("ascii")
        fragment = encoded[lead_chars : (8 * len(padded)) // 6]
        if len(fragment) >= _MIN_BASE64:
            fragments.add(fragment)
    return fragments


def _forms(value: str) -> set[str]:
    forms = {value, quote(value, safe=""), quote_plus(value, safe=""), quote(value)}
    forms.add(json.dumps(value, ensure_ascii=False)[1:-1])
    forms.add(json.dumps(value)[1:-1])
    forms |= _base64_fragments(value)
    return {form for form in forms if form}


class Redactor:
    """Replaces secret values (longest first, so a secret containing another is removed whole)."""

    __slots__ = ("_needles",)

    def __init__(self, secrets: Iterable[str]) -> None:
        needles: set[str] = set()
        for secret in secrets:
            if secret:
                needles |= _forms(secret)
        self._needles = sorted(needles, key=len, reverse=True)

    @classmethod
    def for_environment(cls, names: Iterable[str], environ: Mapping[str, str]) -> Redactor:
        """A redactor for the declared secret ``names`` as found in ``environ``."""
        return cls(environ[name] for name in names if environ.get(name))

    def __bool__(self) -> bool:
        return bool(self._needles)

    def text(self, value: str) -> str:
        for needle in self._needles:
            if needle in value:
                value = value.replace(needle, REDACTED)
        return value

    def value(self, value: Any) -> Any:
        """A copy of a JSON-like value with every string (and object key) redacted. Iterative: depth is no problem."""
        if not self._needles:
            return value
        if isinstance(value, str):
            return self.text(value)
        if not isinstance(value, Mapping | list | tuple):
            return value
        root: list[Any] = [None]
        work: list[tuple[Any, Any, Any]] = [(value, root, 0)]
        while work:
            source, parent, slot = work.pop()
            if isinstance(source, str):
                parent[slot] = self.text(source)
            elif isinstance(source, Mapping):
                copy: dict[Any, Any] = {}
                parent[slot] = copy
                for key, item in source.items():
                    new_key = self.text(key) if isinstance(key, str) else key
                    copy[new_key] = None
                    work.append((item, copy, new_key))
            elif isinstance(source, list | tuple):
                items: list[Any] = [None] * len(source)
                parent[slot] = items
                work.extend((item, items, index) for index, item in enumerate(source))
            else:
                parent[slot] = source
        return root[0]
