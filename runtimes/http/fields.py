"""Rendering config fields at run time (shared by the http, email and ai runtimes).

Each field is rendered exactly once, in the mode of its key table (RUNTIMES.md §6). A string without ``{{`` is a
literal: rendering returns it unchanged in both modes (EXPRESSIONS.md §2.2), so literals skip the template engine.
Integer fields are rendered as text, then checked with the static rule (RUNTIMES.md §5.5).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from runtimes.base import ConfigValue, ExecutionState
from runtimes.errors import ConfigPath, RuntimeConfigError, RuntimeErrorCode
from runtimes.expressions.scope import Scope
from runtimes.expressions.values import UNDEFINED, json_encode

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "encode_json",
    "render_mapping",
    "render_text",
    "render_value",
    "rendered_int",
]

_DIGITS = re.compile(r"[0-9]+")


def render_text(
    state: ExecutionState, value: ConfigValue | None, scope: Scope | None = None, *, path: ConfigPath | None = None
) -> str:
    """``path``: the config path of the field, attached to an ExpressionError for the preview's range (§3)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return encode_json(value)
    if "{{" not in value:
        return str(value)
    return state.render_text(value, scope, path=path)


def render_value(
    state: ExecutionState, value: ConfigValue | None, scope: Scope | None = None, *, path: ConfigPath | None = None
) -> Any:
    if isinstance(value, str):
        if "{{" not in value:
            return str(value)
        rendered = state.render_value(value, scope, path=path)
        return None if rendered is UNDEFINED else rendered
    return value


def render_mapping(state: ExecutionState, config: Mapping[str, ConfigValue], key: str) -> dict[str, str]:
    """An object key rendered value by value (text mode); absent → ``{}``."""
    value = config.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if not isinstance(value, Mapping):
        raise RuntimeConfigError(f'"{key}" must be key-value lines or child elements', (key,))
    return {str(name): render_text(state, item, path=(key, name)) for name, item in value.items()}


def rendered_int(
    state: ExecutionState,
    config: Mapping[str, ConfigValue],
    key: str,
    default: int,
    *,
    positive: bool = True,
) -> int:
    value = config.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    text = render_text(state, value, path=(key,)).strip()
    if _DIGITS.fullmatch(text) and (int(text) > 0 or not positive):
        return int(text)
    kind = "a positive integer" if positive else "a non-negative integer"
    raise RuntimeConfigError(f'"{key}" must be {kind}: "{text}"', (key,), RuntimeErrorCode.RUNTIME_INVALID_CONFIG)


def encode_json(value: Any) -> str:
    """Compact JSON (EXPRESSIONS.md §5.4); undefined at the top level encodes as ``null``."""
    encoded = json_encode(value)
    return encoded if isinstance(encoded, str) else "null"
