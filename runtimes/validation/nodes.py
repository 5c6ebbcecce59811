"""Helpers for the runtimes of structural nodes (control, checkpoint, temporal, composition, phase/context/set).

Their ``config`` is the table of RUNTIMES.md §1.2 (attributes and structural items), not a key table; values that
contain ``{{`` are templates checked only by the expression checks, and evaluated at run time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from runtimes.base import ConfigValue, NodeSpec, RuntimeIssue
from runtimes.errors import RuntimeConfigError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "attr",
    "is_identifier",
    "is_positive_int_text",
    "items",
    "missing_attribute",
    "now_ms",
    "plain_output",
    "render_positive_int",
    "slot_ids",
]

_POSITIVE = re.compile(r"[0-9]+")
_IDENTIFIER_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$_")
_IDENTIFIER_PART = _IDENTIFIER_START | frozenset("0123456789")
_KEYWORDS = frozenset({"true", "false", "null", "undefined", "this"})


def missing_attribute(node: NodeSpec, title: str, label: str, key: str, hint: str) -> list[RuntimeIssue]:
    """``[]`` when the attribute is present, else the VALID_MISSING_REQUIRED_FIELD issue of DIAGNOSTICS.md §4.2:
    ``{title} node "{label}" is missing required "{key}" attribute`` at the node."""
    if attr(node, key) is not None:
        return []
    message = f'{title} node "{label}" is missing required "{key}" attribute'
    return [RuntimeIssue("VALID_MISSING_REQUIRED_FIELD", "error", message, hints=(hint,))]


def attr(node: NodeSpec, key: str) -> str | None:
    """A text attribute of the node: None when absent, not text, or blank."""
    value = node.config.get(key)
    if isinstance(value, str) and value.strip():
        return value
    return None


def items(node: NodeSpec, key: str) -> list[Mapping[str, ConfigValue]]:
    """The structural items under ``key`` (``cases``, ``actions``, ``entries``, ``bindings``); odd values → []."""
    value = node.config.get(key)
    if isinstance(value, str) or not isinstance(value, Sequence):
        return []
    return [item if isinstance(item, Mapping) else {} for item in value]


def is_positive_int_text(text: str) -> bool:
    stripped = text.strip()
    return bool(_POSITIVE.fullmatch(stripped)) and int(stripped) > 0


def is_identifier(text: str) -> bool:
    """An expression identifier (EXPRESSIONS.md §4.1) that is not a keyword."""
    if not text or text in _KEYWORDS:
        return False
    if text[0] not in _IDENTIFIER_START and ord(text[0]) < 0x80:
        return False
    return all(c in _IDENTIFIER_PART or ord(c) >= 0x80 for c in text[1:])


def slot_ids(node: NodeSpec, slot: str) -> list[str]:
    """The ids of the child nodes in ``slot`` (nodes without an id cannot be referenced and are left out)."""
    return [node_id for node_id in node.slots.get(slot, ()) if node_id]


def render_positive_int(rendered: str, key: str) -> int:
    """The value of an integer attribute after rendering; RuntimeConfigError (RUNTIMES.md §5.5) when invalid."""
    if not is_positive_int_text(rendered):
        raise RuntimeConfigError(f'"{key}" must be a positive integer: "{rendered}"', (key,))
    return int(rendered.strip())


def plain_output(value: Any) -> Any:
    """A JSON-compatible copy of an expression value (RUNTIMES.md §1.4): undefined and functions become None (omitted
    as object members), NaN and ±Infinity become None (JSON ``null``), tuples become lists, object keys become
    strings."""
    from runtimes.expressions.values import UNDEFINED, Function

    if value is UNDEFINED or isinstance(value, Function):
        return None
    if isinstance(value, float):
        return value if value - value == 0 else None
    if isinstance(value, Mapping):
        return {
            str(key): plain_output(item)
            for key, item in value.items()
            if item is not UNDEFINED and not isinstance(item, Function)
        }
    if isinstance(value, list | tuple):
        return [plain_output(item) for item in value]
    return value


def now_ms(now: Any) -> int:
    """Milliseconds since the epoch of ``now()`` (the injected clock)."""
    return int(now().timestamp() * 1000)
