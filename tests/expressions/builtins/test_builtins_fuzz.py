"""Property tests: conversions and every built-in accept any JSON-like input and fail only with ExpressionError."""

from __future__ import annotations

import math
from typing import Any
from zoneinfo import ZoneInfo

from builtin_helpers import Arrow, make_ctx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.builtins import FUNCTIONS
from runtimes.expressions.values import (
    UNDEFINED,
    compare,
    is_truthy,
    json_encode,
    loose_equals,
    number_to_string,
    strict_equals,
    string_to_number,
    to_number,
    to_primitive,
    to_string,
    to_template_string,
    type_name,
)

SPECIAL_STRINGS = st.sampled_from(
    [
        "2024-03-05",
        "2024-03-05T07:08:09.012+02:00",
        "2024-02-29T23:59:59Z",
        "P1M",
        "PT1.5S",
        "1h30m",
        "days",
        "month",
        "week",
        "weekday",
        "md5",
        "sha512-256",
        "yyyy-MM-dd HH:mm",
        "dd/MM/yyyy",
        "[0-9]+",
        "a.b",
        "desc",
        "0x1F",
        "%C3%A9",
        "aGVsbG8=",
        '{"a":[1,2]}',
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.just(UNDEFINED),
    st.booleans(),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    SPECIAL_STRINGS,
    st.builds(lambda v: Arrow(lambda *args: v), st.integers(-3, 3)),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=5), SPECIAL_STRINGS), children, max_size=4),
    ),
    max_leaves=12,
)

FUZZ_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ_SETTINGS
@given(name=st.sampled_from(sorted(FUNCTIONS)), args=st.lists(VALUES, max_size=4), berlin=st.booleans())
def test_builtins_raise_only_expression_errors(name: str, args: list[Any], berlin: bool) -> None:
    ctx = make_ctx(ZoneInfo("Europe/Berlin")) if berlin else make_ctx()
    try:
        FUNCTIONS[name].call(args, ctx)
    except ExpressionError as exc:
        assert exc.code == RuntimeErrorCode.EXPR_EVAL_ERROR
        assert exc.message.startswith(f"{name}: ")


@FUZZ_SETTINGS
@given(a=VALUES, b=VALUES)
def test_conversions_are_total(a: Any, b: Any) -> None:
    assert isinstance(to_string(a), str)
    assert isinstance(is_truthy(a), bool)
    n = to_number(a)
    assert isinstance(n, int | float) and not isinstance(n, bool)
    assert type_name(to_primitive(a)) not in ("array", "object", "function")
    encoded = json_encode(a, 2)
    assert encoded is UNDEFINED or isinstance(encoded, str)
    assert isinstance(loose_equals(a, b), bool)
    assert loose_equals(a, b) == loose_equals(b, a)
    assert isinstance(strict_equals(a, b), bool)
    assert isinstance(compare(a, b, "<"), bool)
    try:
        assert isinstance(to_template_string(a), str)
    except ExpressionError as exc:
        assert exc.message == "Cannot render a function"


@FUZZ_SETTINGS
@given(x=st.floats(allow_nan=False, allow_infinity=False))
def test_number_to_string_round_trips(x: float) -> None:
    text = number_to_string(x)
    assert string_to_number(text) == x or (x == 0 and string_to_number(text) == 0)
    assert "e" not in text or abs(x) >= 1e21 or abs(x) < 1e-6


@FUZZ_SETTINGS
@given(value=VALUES)
def test_json_encode_is_valid_json(value: Any) -> None:
    import json

    encoded = json_encode(value)
    if encoded is UNDEFINED:
        return
    assert isinstance(encoded, str)
    decoded = json.loads(encoded)
    assert json_encode(decoded) == encoded or _has_non_finite(value)


def _has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list):
        return any(_has_non_finite(v) for v in value)
    if isinstance(value, dict):
        return any(_has_non_finite(v) for v in value.values())
    return False


PLAIN = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**53), max_value=2**53), st.text(max_size=8)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=10,
)


@FUZZ_SETTINGS
@given(value=PLAIN, indent=st.sampled_from([None, 2, "\t"]))
def test_plain_fast_path_matches_the_general_encoder(value: Any, indent: Any) -> None:
    fast = json_encode(value, indent)
    general = json_encode([value, UNDEFINED], indent)  # UNDEFINED forces the general encoder
    assert isinstance(fast, str) and isinstance(general, str)
    if indent is None:
        assert general == f"[{fast},null]"
    else:
        gap = " " * indent if isinstance(indent, int) else indent
        nested = fast.replace("\n", "\n" + gap)
        assert general == f"[\n{gap}{nested},\n{gap}null\n]"
