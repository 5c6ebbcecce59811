"""Value conversions between FlowScript (JSON-compatible) values and database drivers (RUNTIMES.md §6.5, §6.6)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from runtimes.expressions.values import UNDEFINED, Undefined, json_encode

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["is_read_query", "parse_params", "to_driver"]

_READ_KEYWORDS = frozenset({"SELECT", "WITH", "PRAGMA", "EXPLAIN", "SHOW", "VALUES"})
_LEADING_NOISE = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/|\()*", re.S)
_KEYWORD = re.compile(r"[A-Za-z]+")


def is_read_query(query: str) -> bool:
    """True when the first keyword (after whitespace, comments and ``(``) is a read keyword."""
    start = _LEADING_NOISE.match(query)
    position = start.end() if start is not None else 0
    keyword = _KEYWORD.match(query, position)
    return keyword is not None and keyword.group(0).upper() in _READ_KEYWORDS


def parse_params(rendered: Any) -> list[Any] | dict[str, Any]:
    """Query parameters: a list as is; a string parsed as JSON (array → it, object → named parameters, other →
    ``[value]``, not JSON → ``[text]``); an object → named parameters; any other value → ``[value]``."""
    if isinstance(rendered, list | tuple):
        return list(rendered)
    if isinstance(rendered, Mapping):
        return dict(rendered)
    if rendered is None or isinstance(rendered, Undefined):
        return []
    if isinstance(rendered, str):
        if not rendered.strip():
            return []
        import json

        try:
            value = json.loads(rendered)
        except ValueError:
            return [rendered]
        if isinstance(value, list):
            return value
        if isinstance(value, dict):
            return value
        return [value]
    return [rendered]


def to_driver(value: Any, *, booleans: bool) -> Any:
    """A parameter value: undefined → NULL; booleans → 1/0 unless the driver has booleans; containers → compact JSON."""
    if value is UNDEFINED or value is None:
        return None
    if isinstance(value, bool):
        return value if booleans else int(value)
    if isinstance(value, list | tuple | Mapping):
        encoded = json_encode(value)
        return encoded if isinstance(encoded, str) else None
    return value
