"""EXPRESSIONS.md §5 (conversions, JSON) and §6.2 (equality, comparison) on the Python value model."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from builtin_helpers import Arrow, same

from runtimes.errors import ExpressionError
from runtimes.expressions.values import (
    UNDEFINED,
    compare,
    get_property,
    is_truthy,
    json_encode,
    loose_equals,
    normalize_number,
    number_to_string,
    strict_equals,
    string_to_number,
    to_number,
    to_primitive,
    to_string,
    to_template_string,
    type_name,
)

NAN = math.nan
INF = math.inf


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e16, "10000000000000000"),
        (-0.0, "0"),
        (0, "0"),
        (NAN, "NaN"),
        (INF, "Infinity"),
        (-INF, "-Infinity"),
        (-1.5, "-1.5"),
        (123.456, "123.456"),
        (0.000001, "0.000001"),
        (1.5e-7, "1.5e-7"),
        (1e20, "100000000000000000000"),
        (1.2345e21, "1.2345e+21"),
        (2**53, "9007199254740992"),
        (2**60, "1152921504606847000"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (100, "100"),
        (-7, "-7"),
        (3.5, "3.5"),
        (0.5, "0.5"),
    ],
)
def test_number_to_string(value: float, text: str) -> None:
    assert number_to_string(value) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", 0),
        ("   ", 0),
        (" 12 ", 12),
        ("\ufeff\u00a07\n", 7),
        ("-3.5", -3.5),
        ("+4", 4),
        (".5", 0.5),
        ("5.", 5),
        ("1e3", 1000),
        ("1E-2", 0.01),
        ("Infinity", INF),
        ("+Infinity", INF),
        ("-Infinity", -INF),
        ("0x1F", 31),
        ("0o17", 15),
        ("0b101", 5),
        ("1e400", INF),
        ("1_000", NAN),
        ("inf", NAN),
        ("infinity", NAN),
        ("12px", NAN),
        ("nan", NAN),
        ("NaN", NAN),
        ("-0x10", NAN),
        ("1 2", NAN),
        ("e5", NAN),
        (".", NAN),
        ("٣", NAN),
    ],
)
def test_string_to_number(text: str, value: float) -> None:
    assert same(string_to_number(text), value)


def test_negative_zero_string_is_negative_zero() -> None:
    result = string_to_number("-0")
    assert result == 0 and math.copysign(1, result) < 0


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (UNDEFINED, NAN),
        (None, 0),
        (True, 1),
        (False, 0),
        ("42", 42),
        ([], 0),
        ([7], 7),
        ([1, 2], NAN),
        ({}, NAN),
        (Arrow(lambda: 1), NAN),
        (2**60, float(2**60)),
    ],
)
def test_to_number(value: Any, number: float) -> None:
    assert same(to_number(value), number)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (UNDEFINED, "undefined"),
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (2.0, "2"),
        ("x", "x"),
        ([1, None, UNDEFINED, "a", [2, 3]], "1,,,a,2,3"),
        ({"a": 1}, "[object Object]"),
        (Arrow(lambda: 1), "[function]"),
    ],
)
def test_to_string(value: Any, text: str) -> None:
    assert to_string(value) == text


def test_to_primitive_keeps_primitives() -> None:
    assert to_primitive(5) == 5
    assert to_primitive(None) is None
    assert to_primitive([]) == ""


@pytest.mark.parametrize("value", [False, 0, -0.0, NAN, "", None, UNDEFINED])
def test_falsy(value: Any) -> None:
    assert not is_truthy(value)


@pytest.mark.parametrize("value", [True, 1, -1, "0", "false", [], {}, Arrow(lambda: 0), INF])
def test_truthy(value: Any) -> None:
    assert is_truthy(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (UNDEFINED, ""),
        ([1, "a", None], '[1,"a",null]'),
        ({"a": {"b": [1.5]}}, '{"a":{"b":[1.5]}}'),
        (1.0, "1"),
        (True, "true"),
        ("text", "text"),
    ],
)
def test_to_template_string(value: Any, text: str) -> None:
    assert to_template_string(value) == text


def test_rendering_a_function_fails() -> None:
    with pytest.raises(ExpressionError, match="Cannot render a function"):
        to_template_string(Arrow(lambda: 1))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"b": 1, "a": 2, "1": 3}, '{"b":1,"a":2,"1":3}'),
        ([1.0, 2.5, NAN, INF, -INF], "[1,2.5,null,null,null]"),
        ({"u": UNDEFINED, "f": Arrow(lambda: 1), "k": None}, '{"k":null}'),
        ([UNDEFINED, Arrow(lambda: 1)], "[null,null]"),
        ('q"b\\s\b\f\n\r\t\x01\x1f', '"q\\"b\\\\s\\b\\f\\n\\r\\t\\u0001\\u001f"'),
        ("é😀\u2028", '"é😀\u2028"'),
        ([], "[]"),
        ({}, "{}"),
        (1e21, "1e+21"),
        (-0.0, "0"),
    ],
)
def test_json_encode_compact(value: Any, text: str) -> None:
    assert json_encode(value) == text


@pytest.mark.parametrize("value", [UNDEFINED, Arrow(lambda: 1)])
def test_json_encode_top_level_undefined(value: Any) -> None:
    assert json_encode(value) is UNDEFINED


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2, {"b": None, "c": []}], "d": {}, "e": "x"},
        [[], [[1]], {"k": {"j": True}}],
        {"only": 1},
    ],
)
@pytest.mark.parametrize("indent", [1, 2, 4])
def test_json_encode_indented_matches_json_dumps(value: Any, indent: int) -> None:
    assert json_encode(value, indent) == json.dumps(value, indent=indent, ensure_ascii=False)


def test_json_encode_string_indent_and_compact_forms() -> None:
    assert json_encode([1], "\t") == "[\n\t1\n]"
    assert json_encode([1], 0) == "[1]"
    assert json_encode([1], "") == "[1]"


def test_json_encode_too_deep_raises_expression_error() -> None:
    value: Any = []
    for _ in range(5000):
        value = [value]
    with pytest.raises(ExpressionError):
        json_encode(value)


def test_strict_equals() -> None:
    obj: dict[str, Any] = {}
    assert strict_equals(1, 1.0)
    assert strict_equals(0, -0.0)
    assert not strict_equals(NAN, NAN)
    assert not strict_equals(1, "1")
    assert not strict_equals(1, True)
    assert strict_equals(None, None)
    assert not strict_equals(None, UNDEFINED)
    assert strict_equals(obj, obj)
    assert not strict_equals({}, {})
    assert not strict_equals([1], [1])


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("1", 1, True),
        ([1, 2], "1,2", True),
        (True, 1, True),
        (False, "0", True),
        (None, UNDEFINED, True),
        (None, 0, False),
        (UNDEFINED, 0, False),
        (None, False, False),
        (NAN, NAN, False),
        ("", 0, True),
        ({}, "[object Object]", True),
        ([], False, True),
        ({}, {}, False),
        ("a", "a", True),
        ("1.0", 1, True),
    ],
)
def test_loose_equals(a: Any, b: Any, equal: bool) -> None:
    assert loose_equals(a, b) is equal
    assert loose_equals(b, a) is equal


@pytest.mark.parametrize(
    ("a", "op", "b", "result"),
    [
        ("10", "<", "9", True),
        (10, "<", "9", False),
        ("a", "<", "b", True),
        ("B", "<", "a", True),
        (1, "<", NAN, False),
        (NAN, ">=", 1, False),
        (None, "<", 1, True),
        (UNDEFINED, "<", 1, False),
        ([2], ">", 1, True),
        (2, "<=", 2, True),
        (3, ">=", 4, False),
    ],
)
def test_compare(a: Any, op: Any, b: Any, result: bool) -> None:
    assert compare(a, b, op) is result


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (UNDEFINED, "undefined"),
        (None, "null"),
        (True, "boolean"),
        (1, "number"),
        (NAN, "number"),
        ("", "string"),
        ([], "array"),
        ({}, "object"),
        (Arrow(lambda: 1), "function"),
    ],
)
def test_type_name(value: Any, name: str) -> None:
    assert type_name(value) == name


def test_normalize_number() -> None:
    assert normalize_number(3.0) == 3 and isinstance(normalize_number(3.0), int)
    assert isinstance(normalize_number(2.0**60), float)
    assert isinstance(normalize_number(-0.0), float)
    assert isinstance(normalize_number(2**60), float)


def test_get_property() -> None:
    assert get_property({"a": 1}, "a") == 1
    assert get_property({"a": 1}, "b") is UNDEFINED
    assert get_property([5, 6], "1") == 6
    assert get_property([5, 6], "01") is UNDEFINED
    assert get_property([5, 6], "length") == 2
    assert get_property("héllo", "1") == "é"
    assert get_property(5, "x") is UNDEFINED


def _spec_number_to_string(x: float) -> str:
    """§5.3 NumberToString transcribed literally: shortest round-trip digits s (k of them) and n with x = 0.s × 10^n."""
    if x != x:
        return "NaN"
    if x == 0:
        return "0"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x < 0:
        return "-" + _spec_number_to_string(-x)
    mantissa, _, exponent = repr(float(x)).partition("e")  # Python's repr finds the shortest round-trip digits
    whole, _, fraction = mantissa.partition(".")
    all_digits = whole + fraction  # x = 0.all_digits × 10^(len(whole) + exponent)
    leading_zeros = len(all_digits) - len(all_digits.lstrip("0"))
    n = len(whole) + int(exponent or 0) - leading_zeros
    s = all_digits.strip("0")
    k = len(s)
    if k <= n <= 21:
        return s + "0" * (n - k)
    if 0 < n <= 21:
        return s[:n] + "." + s[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + s
    return s[0] + ("." + s[1:] if k > 1 else "") + "e" + ("+" if n - 1 > 0 else "-") + str(abs(n - 1))


def test_number_to_string_matches_the_spec_algorithm_on_random_doubles() -> None:
    import random
    import struct

    rng = random.Random(53)
    for _ in range(20_000):
        x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if rng.random() < 0.5:
            x = round(rng.uniform(-1e6, 1e6), rng.randint(0, 9)) * 10.0 ** rng.randint(-25, 25)
        assert number_to_string(x) == _spec_number_to_string(x), repr(x)
