"""The output-schema DSL (RUNTIMES.md §6.9)."""

from __future__ import annotations

import pytest

from runtimes.ai.schema import (
    ArraySchema,
    ObjectSchema,
    PrimitiveSchema,
    SchemaError,
    field_of,
    parse_schema,
    to_json_schema,
    try_parse_schema,
)


@pytest.mark.parametrize("name", ["string", "number", "boolean", "  string  "])
def test_primitives(name: str) -> None:
    assert parse_schema(name) == PrimitiveSchema(name.strip())  # type: ignore[arg-type]


def test_array_of_objects_is_checked_before_objects() -> None:
    schema = parse_schema("{a: string}[]")
    assert isinstance(schema, ArraySchema)
    assert isinstance(schema.items, ObjectSchema)
    assert dict(schema.items.fields) == {"a": PrimitiveSchema("string")}


def test_nested_object_and_arrays() -> None:
    schema = parse_schema("{ score: number, tags: string[], meta: {ok: boolean, n: number[][]} }")
    assert to_json_schema(schema) == {
        "type": "object",
        "properties": {
            "score": {"type": "number"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "meta": {
                "type": "object",
                "properties": {
                    "ok": {"type": "boolean"},
                    "n": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}},
                },
                "required": ["ok", "n"],
                "additionalProperties": False,
            },
        },
        "required": ["score", "tags", "meta"],
        "additionalProperties": False,
    }


def test_empty_object_and_skipped_empty_pieces() -> None:
    assert parse_schema("{}") == ObjectSchema({})
    assert parse_schema("{  }") == ObjectSchema({})
    schema = parse_schema("{a: string,, b: number,}")
    assert isinstance(schema, ObjectSchema)
    assert list(schema.fields) == ["a", "b"]


def test_later_duplicates_win() -> None:
    schema = parse_schema("{a: string, a: number}")
    assert isinstance(schema, ObjectSchema)
    assert schema.fields["a"] == PrimitiveSchema("number")


def test_key_kept_verbatim() -> None:
    schema = parse_schema('{"quoted key": string}')
    assert isinstance(schema, ObjectSchema)
    assert list(schema.fields) == ['"quoted key"']


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("int", 'Unknown schema type: "int"'),
        ("", 'Unknown schema type: ""'),
        ("{a string}", 'Invalid schema syntax: missing colon in "a string"'),
        ("{: string}", 'Invalid schema syntax: empty key in ": string"'),
        ("{a: }", 'Invalid schema syntax: empty type for key "a"'),
        ("{a: integer}", 'Unknown schema type: "integer"'),
        ("{a: {b: strin}}", 'Unknown schema type: "strin"'),
        ("strings[]", 'Unknown schema type: "strings"'),
        ("{a: string", 'Unknown schema type: "{a: string"'),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(SchemaError) as info:
        parse_schema(text)
    assert info.value.message == message
    result = try_parse_schema(text)
    assert isinstance(result, SchemaError)
    assert str(result) == message


def test_colon_inside_nested_braces_is_not_the_split_point() -> None:
    schema = parse_schema("{outer: {inner: string}}")
    assert isinstance(schema, ObjectSchema)
    assert field_of(schema, "outer") == ObjectSchema({"inner": PrimitiveSchema("string")})
    assert field_of(schema, "missing") is None
    assert field_of(PrimitiveSchema("string"), "x") == "not-an-object"
