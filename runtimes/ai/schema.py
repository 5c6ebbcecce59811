"""The output-schema DSL of ``transform:ai`` (RUNTIMES.md §6.9).

    string | number | boolean        primitives
    T[]                              array of T (checked before objects: ``{a: string}[]`` is an array of objects)
    {key: T, other: U}               object; every key required, no additional properties

``parse_schema`` returns a small immutable tree; ``to_json_schema`` converts it for the ``tools`` parameter of the
chat-completions request. The static checks use the same tree (field look-ups for VALID_TYPE_MISMATCH).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from runtimes.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

__all__ = [
    "ArraySchema",
    "ObjectSchema",
    "PrimitiveSchema",
    "Schema",
    "SchemaError",
    "field_of",
    "parse_schema",
    "to_json_schema",
    "try_parse_schema",
]

PrimitiveName: TypeAlias = 'Literal["string", "number", "boolean"]'
_PRIMITIVES: tuple[PrimitiveName, ...] = ("string", "number", "boolean")


class SchemaError(ValueError):
    """The DSL text is invalid; ``message`` is the spec's text (e.g. ``Unknown schema type: "int"``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@record
class PrimitiveSchema:
    name: PrimitiveName

    @property
    def type_name(self) -> str:
        return self.name


@record
class ArraySchema:
    items: Schema

    @property
    def type_name(self) -> str:
        return "array"


@record
class ObjectSchema:
    fields: Mapping[str, Schema]
    """Keys in the order of the DSL (a later duplicate replaces the value but keeps the first position)."""

    @property
    def type_name(self) -> str:
        return "object"


Schema: TypeAlias = PrimitiveSchema | ArraySchema | ObjectSchema


def parse_schema(text: str) -> Schema:
    """Parse the DSL; raises :class:`SchemaError` with the spec's message."""
    t = text.strip()
    for name in _PRIMITIVES:
        if t == name:
            return PrimitiveSchema(name)
    if t.endswith("[]"):
        return ArraySchema(parse_schema(t[:-2]))
    if t.startswith("{") and t.endswith("}"):
        return _parse_object(t[1:-1].strip())
    raise SchemaError(f'Unknown schema type: "{t}"')


def try_parse_schema(text: str) -> Schema | SchemaError:
    """Like :func:`parse_schema` but returns the error instead of raising it."""
    try:
        return parse_schema(text)
    except SchemaError as exc:
        return exc


def _parse_object(inner: str) -> ObjectSchema:
    fields: dict[str, Schema] = {}
    if inner:
        for raw_piece in _split_top_level(inner, ","):
            piece = raw_piece.strip()
            if not piece:
                continue
            colon = _find_top_level(piece, ":")
            if colon == -1:
                raise SchemaError(f'Invalid schema syntax: missing colon in "{piece}"')
            key = piece[:colon].strip()
            type_text = piece[colon + 1 :].strip()
            if not key:
                raise SchemaError(f'Invalid schema syntax: empty key in "{piece}"')
            if not type_text:
                raise SchemaError(f'Invalid schema syntax: empty type for key "{key}"')
            fields[key] = parse_schema(type_text)
    return ObjectSchema(MappingProxyType(fields))


def _split_top_level(text: str, separator: str) -> list[str]:
    pieces: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif char == separator and depth == 0:
            pieces.append(text[start:index])
            start = index + 1
    pieces.append(text[start:])
    return pieces


def _find_top_level(text: str, needle: str) -> int:
    depth = 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif char == needle and depth == 0:
            return index
    return -1


def to_json_schema(schema: Schema) -> dict[str, Any]:
    """The JSON Schema of a DSL tree (RUNTIMES.md §6.9)."""
    if isinstance(schema, PrimitiveSchema):
        return {"type": schema.name}
    if isinstance(schema, ArraySchema):
        return {"type": "array", "items": to_json_schema(schema.items)}
    return {
        "type": "object",
        "properties": {key: to_json_schema(value) for key, value in schema.fields.items()},
        "required": list(schema.fields),
        "additionalProperties": False,
    }


def field_of(schema: Schema, name: str) -> Schema | Literal["not-an-object"] | None:
    """The schema of field ``name`` of an object schema; None if the object lacks it; ``"not-an-object"`` otherwise.

    Used by the type checks to follow ``ai_node.output.a.b`` paths (an array is looked through to its items only by
    the caller, which knows about index access).
    """
    if not isinstance(schema, ObjectSchema):
        return "not-an-object"
    return schema.fields.get(name)
