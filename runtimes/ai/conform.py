"""Checking a model's answer against the output schema (RUNTIMES.md §6.9).

string → str; number → int/float (not bool); boolean → bool; arrays item-wise; objects need every key, extra keys are
dropped from the output. Problems read ``{dotted.path}: expected {type}, got {kind}`` and are joined by ``; ``.
When an object fails, each missing key is first filled (once) with the first unmatched extra key whose value has the
expected JSON type, and the value is checked again.
"""

from __future__ import annotations

from runtimes.ai.schema import ArraySchema, ObjectSchema, PrimitiveSchema, Schema
from runtimes.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Conformed", "conform", "json_kind"]

ROOT = "(root)"


@record
class Conformed:
    value: Any
    """The answer with extra object keys dropped (and repaired keys renamed)."""
    errors: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def message(self) -> str:
        return "; ".join(self.errors)


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def conform(schema: Schema, value: Any) -> Conformed:
    """Check ``value``; on failure repair objects once and check again."""
    errors: list[str] = []
    cleaned = _check(schema, value, "", errors)
    if not errors:
        return Conformed(cleaned, ())
    repaired = _repair(schema, value)
    second: list[str] = []
    cleaned = _check(schema, repaired, "", second)
    return Conformed(cleaned, tuple(second))


def _join(path: str, part: str | int) -> str:
    return f"{path}.{part}" if path else str(part)


def _check(schema: Schema, value: Any, path: str, errors: list[str]) -> Any:
    expected = schema.type_name
    if json_kind(value) != expected:
        errors.append(f"{path or ROOT}: expected {expected}, got {json_kind(value)}")
        return value
    if isinstance(schema, PrimitiveSchema):
        return value
    if isinstance(schema, ArraySchema):
        return [_check(schema.items, item, _join(path, index), errors) for index, item in enumerate(value)]
    out: dict[str, Any] = {}
    for key, field in schema.fields.items():
        if key not in value:
            errors.append(f"{_join(path, key)}: expected {field.type_name}, got undefined")
            continue
        out[key] = _check(field, value[key], _join(path, key), errors)
    return out


def _repair(schema: Schema, value: Any) -> Any:
    if isinstance(schema, ArraySchema) and isinstance(value, list):
        return [_repair(schema.items, item) for item in value]
    if not isinstance(schema, ObjectSchema) or not isinstance(value, dict):
        return value
    extras = [key for key in value if key not in schema.fields]
    out = dict(value)
    for key, field in schema.fields.items():
        if key in value:
            continue
        for extra in extras:
            if json_kind(value[extra]) == field.type_name:
                out[key] = value[extra]
                extras.remove(extra)
                break
    return {key: _repair(schema.fields[key], item) if key in schema.fields else item for key, item in out.items()}
