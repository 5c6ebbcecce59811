"""JSON encoding of expression values (EXPRESSIONS.md §5.4); use it through ``values.json_encode``.

Keys in insertion order; numbers by NumberToString with NaN/±Infinity as ``null``; strings escape only ``"``, ``\\``
and U+0000–U+001F; undefined and functions are omitted as object values, ``null`` as array items, and make the whole
result undefined at top level. Indented output is what ``json.dumps(indent=n)`` produces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from runtimes.errors import ExpressionError
from runtimes.expressions.values import (
    MAX_SAFE_INTEGER,
    UNDEFINED,
    Function,
    Undefined,
    number_to_string,
    to_string,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = ["encode", "json_quote"]

_NON_FINITE: Final = frozenset({"NaN", "Infinity", "-Infinity"})

_JSON_ESCAPES: Final = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\ud800-\udfff]')
"""Also lone surrogates (a Python string holds a pair as one character): ``\\udxxx`` like well-formed JSON.stringify."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_char(m: re.Match[str]) -> str:
    c = m.group(0)
    return _JSON_ESCAPES.get(c) or f"\\u{ord(c):04x}"


def json_quote(s: str) -> str:
    """A JSON string literal: escapes ``"``, ``\\``, U+0000–U+001F and lone surrogates; every other character raw."""
    return '"' + _JSON_NEEDS_ESCAPE.sub(_escape_char, s) + '"'


def _omitted(v: Any) -> bool:
    return v is UNDEFINED or isinstance(v, Function)


def _encode(v: Any, gap: str, indent: str, out: list[str]) -> None:
    if v is None:
        out.append("null")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif isinstance(v, str):
        out.append(json_quote(v))
    elif isinstance(v, int | float):
        text = number_to_string(v)
        out.append("null" if text in _NON_FINITE else text)
    elif isinstance(v, Mapping):
        items = [(k, item) for k, item in v.items() if not _omitted(item)]
        if not items:
            out.append("{}")
            return
        inner = indent + gap
        out.append("{")
        for i, (key, item) in enumerate(items):
            if i:
                out.append(",")
            if gap:
                out.append("\n" + inner)
            out.append(json_quote(key if isinstance(key, str) else to_string(key)))
            out.append(": " if gap else ":")
            _encode(item, gap, inner, out)
        if gap:
            out.append("\n" + indent)
        out.append("}")
    elif isinstance(v, list | tuple):
        if not v:
            out.append("[]")
            return
        inner = indent + gap
        out.append("[")
        for i, item in enumerate(v):
            if i:
                out.append(",")
            if gap:
                out.append("\n" + inner)
            if _omitted(item):
                out.append("null")
            else:
                _encode(item, gap, inner, out)
        if gap:
            out.append("\n" + indent)
        out.append("]")
    else:
        out.append(json_quote(to_string(v)))


def _is_plain(v: Any) -> bool:
    """Only str, bool, None, safe ints, lists and str-keyed dicts (where json.dumps matches §5.4 exactly)."""
    if v is None or isinstance(v, str | bool):
        return True
    if isinstance(v, int):
        return -MAX_SAFE_INTEGER <= v <= MAX_SAFE_INTEGER
    if type(v) is list:
        return all(_is_plain(item) for item in v)
    if type(v) is dict:
        return all(isinstance(k, str) and _is_plain(item) for k, item in v.items())
    return False


def encode(value: Any, indent: int | str | None = None) -> str | Undefined:
    """JSON text of ``value`` (§5.4); UNDEFINED when ``value`` itself is undefined or a function.

    ``indent``: None, 0 or ``""`` → compact; an int → that many spaces; a string → that string per level.
    """
    if _omitted(value):
        return UNDEFINED
    gap = " " * indent if isinstance(indent, int) else (indent or "")
    out: list[str] = []
    try:
        if _is_plain(value):  # the stdlib encoder gives the same text for these kinds, much faster
            import json

            if gap:
                text = json.dumps(value, ensure_ascii=False, indent=gap)
            else:
                text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            # json.dumps leaves lone surrogates raw; they only occur inside string literals
            return _LONE_SURROGATE.sub(_escape_char, text) if _LONE_SURROGATE.search(text) else text
        _encode(value, gap, "", out)
    except (RecursionError, ValueError) as exc:  # ValueError: a circular structure (stdlib encoder)
        raise ExpressionError("Value is nested too deeply to encode as JSON", cause=exc) from exc
    return "".join(out)
