"""Edge cases found in a spec-conformance review of EXPRESSIONS.md, through whole expressions (parse + evaluate).

Results are compared in the ``js`` form of test_expr_evaluator, which shows ``-0``, ``NaN`` and ``undefined``.
"""

from __future__ import annotations

import pytest
from test_expr_evaluator import ev, js

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.scope import Scope

# §10.3 round: JavaScript Math.round (half toward +Infinity) of N0(n) × 10^d, exact for every double.
ROUNDING = [
    ("round(0.49999999999999994)", "0"),
    ("round(4503599627370497)", "4503599627370497"),
    ("round(-4503599627370497)", "-4503599627370497"),
    ("round(2.5)", "3"),
    ("round(-2.5)", "-2"),
    ("round(-2.6)", "-3"),
    ("round(1.005, 2)", "1"),
    ("round(2.345, 2)", "2.35"),
    ("round(1234.5, -2)", "1200"),
    ("round(1e21)", "1e+21"),
    ("percent(1, 3)", "33.33"),
    ("percent(2, 3, 0)", "67"),
    # percent(v, t, d) = round(N(v) / N(t) × 100, d), and round takes N0 of its argument: NaN → 0
    ("percent('x', 4)", "0"),
    ("percent(1, 'x')", "0"),
    ("percent(undefined, 4)", "0"),
]

# §5.1: numbers behave as doubles, so a zero result of rounding a negative value is -0 (visible through 1 / x).
NEGATIVE_ZERO = [
    ("round(-0.4)", "-0"),
    ("round(-0.5)", "-0"),
    ("round(0.4)", "0"),
    ("round(-0.001, 2)", "-0"),
    ("floor(-0)", "-0"),
    ("ceil(-0.5)", "-0"),
    ("ceil(0.5)", "1"),
    ("trunc(-0.5)", "-0"),
    ("trunc(0.5)", "0"),
    ("min(0, -0)", "-0"),
    ("min(-0, 0)", "-0"),
    ("max(-0, 0)", "0"),
    ("max(0, -0)", "0"),
    ("json_decode('-0')", "-0"),
    ("json_decode('[-0, 0]')[0]", "-0"),
    ("1 / round(-0.4)", "-Infinity"),
    ("to_string(round(-0.4))", '"0"'),
]

# §10.7 json_decode reads numbers as JavaScript does: huge integers become doubles (or ±Infinity), never an error.
JSON_NUMBERS = [
    ("json_decode('9007199254740993')", "9007199254740992"),
    ("json_decode('1' + repeat('0', 400))", "Infinity"),
    ("json_decode('-1' + repeat('0', 5000))", "-Infinity"),
    ("json_decode('1' + repeat('0', 299))", "1e+299"),
]

# §10.3 sum/avg add as doubles step by step (JavaScript: 2**53 + 1 + 1 stays 2**53); §10.2 count without a predicate
# (null included) is the length.
ACCUMULATION = [
    ("sum([9007199254740992, 1, 1])", "9007199254740992"),
    ("avg([9007199254740992, 1, 1])", "3002399751580330.5"),
    ("sum([1e308, 1e308, -1e308])", "Infinity"),
    ("sum([0.1, 0.2])", "0.30000000000000004"),
    ("count([1, 2], null)", "2"),
    ("count([1, 2])", "2"),
]

# §10.5 equals: same key count and deep-equal values per key (a missing key reads as undefined).
EQUALS = [
    ("equals({a: undefined}, {b: undefined})", "true"),
    ("equals({a: undefined}, {a: undefined})", "true"),
    ("equals({a: 1}, {b: 1})", "false"),
    ("equals({a: null}, {b: undefined})", "false"),
    ("equals({a: 1, b: 2}, {b: 2, a: 1})", "true"),
    ("equals([1, {a: 1}], [1, {a: 1}])", "true"),
]


@pytest.mark.parametrize(("source", "expected"), ROUNDING + NEGATIVE_ZERO + JSON_NUMBERS + ACCUMULATION + EQUALS)
def test_conformance(source: str, expected: str) -> None:
    assert js(ev(source)) == expected


# §6.1/§7: a blocked computed property name is refused whatever the object, like a blocked `.name` on null.
@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("nul['__proto__']", "__proto__"),
        ("missing['constructor']", "constructor"),
        ("missing?.['prototype']", "prototype"),
        ("nul[['__x__']]", "__x__"),
        ("nul.constructor", "constructor"),
    ],
)
def test_blocked_computed_name_on_null(source: str, name: str) -> None:
    with pytest.raises(ExpressionError) as info:
        ev(source)
    assert info.value.code == RuntimeErrorCode.EXPR_BLOCKED_ACCESS
    assert info.value.message == f"Access to '{name}' is not allowed for security reasons"


@pytest.mark.parametrize(("source", "expected"), [("nul[0]", "undefined"), ("nul['a']", "undefined")])
def test_computed_access_on_null_is_undefined(source: str, expected: str) -> None:
    assert js(ev(source)) == expected


# §10.2 range: JavaScript's loop (start; while < end or > end; += step): an end behind start gives [], infinite
# operands never crash (an unbounded range hits the item limit instead).
RANGES = [
    ("range(0, -1 / 0)", "[]"),
    ("range(5, 1 / 0, -1)", "[]"),
    ("range(1 / 0, 1 / 0)", "[]"),
    ("range(0, 5, 1 / 0)", "[0]"),
    ("range(0, 1 / 0, 1 / 0)", "[0]"),
    ("range(5, 0, -2)", "[5,3,1]"),
    ("range(0.5, 3)", "[0.5,1.5,2.5]"),
    ("range(3, 3)", "[]"),
]


@pytest.mark.parametrize(("source", "expected"), RANGES)
def test_range_edges(source: str, expected: str) -> None:
    assert js(ev(source)) == expected


@pytest.mark.parametrize("source", ["range(0, 1 / 0)", "range(-1 / 0, 5)"])
def test_unbounded_range_hits_the_item_limit(source: str) -> None:
    with pytest.raises(ExpressionError) as info:
        ev(source)
    assert info.value.message == "range: too many items (limit 1000000)"


# §5.1: a host value that is an int beyond 2**53 (e.g. a big id in a JSON source) behaves as the double it stands for.
HOST = Scope({"big": 2**60 + 1, "huge": 10**400, "id": 12345678901234567890})
HOST_NUMBERS = [
    ("big - 1 == big", "true"),
    ("big === 1152921504606846976", "true"),
    ("id == 12345678901234567890", "true"),
    ("huge == 1 / 0", "true"),
    ("huge / 3", "Infinity"),
    ("huge % 7", "NaN"),
    ("-huge", "-Infinity"),
    ("unique([huge, 1 / 0])", "[null]"),
    ("contains([id], 12345678901234567890)", "true"),
    ("add_time('2024-01-01', {days: huge})", "null"),
    ("duration(huge)", "null"),
    ("to_string(big)", '"1152921504606847000"'),
]


@pytest.mark.parametrize(("source", "expected"), HOST_NUMBERS)
def test_host_ints_beyond_2_53_are_doubles(source: str, expected: str) -> None:
    assert js(ev(source, HOST)) == expected


# §5.4 JSON: every character raw except `"`, `\` and U+0000–U+001F; a lone surrogate (not a character) is written as
# a lowercase \u escape, as JavaScript's well-formed JSON.stringify does, on both the fast and the general encoder path.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("json_encode(json_decode('\"\\\\ud800x\"'))", '"\\ud800x"'),
        ("json_encode({a: [json_decode('\"\\\\udfff\"'), 1 / 0]})", '{"a":["\\udfff",null]}'),
        ("pretty([json_decode('\"\\\\ud83d\"')])", '[\n  "\\ud83d"\n]'),
        ("json_encode(json_decode('\"\\\\ud83d\\\\ude00\"'))", '"😀"'),
        ("json_encode('é\\n')", '"é\\n"'),
    ],
)
def test_json_escapes_lone_surrogates(source: str, expected: str) -> None:
    assert ev(source) == expected


# §11.1 via duration(): compact and ISO parts may have fractions; the result is the exact number of milliseconds.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("duration('1.5ms')", "1.5"),
        ("duration('PT0.0001S')", "0.1"),
        ("duration('1.1s')", "1100"),
        ("duration('0.0ms')", "null"),
        ("duration(1.5)", "1.5"),
    ],
)
def test_duration_fractions(source: str, expected: str) -> None:
    assert js(ev(source)) == expected
