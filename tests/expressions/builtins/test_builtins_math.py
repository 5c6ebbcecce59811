"""EXPRESSIONS.md §10.3: math built-ins (examples and null/edge behaviour)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from builtin_helpers import call, same

from runtimes.expressions.builtins.math_fns import js_divide, js_pow, js_remainder
from runtimes.expressions.values import UNDEFINED

NAN = math.nan
INF = math.inf

CASES: list[tuple[str, tuple[Any, ...], Any]] = [
    ("min", (3, 1, 4), 1),
    ("min", (3, "0", None, True), 3),
    ("min", ("a",), INF),
    ("min", (1, NAN), NAN),
    ("min", (-0.0, 2), -0.0),
    ("max", (3, "9", 4), 4),
    ("max", (None,), -INF),
    ("max", (2.5, 1), 2.5),
    ("sum", ([1, "2", "x", None],), 3),
    ("sum", ([0.1, 0.2],), 0.30000000000000004),
    ("sum", (None,), 0),
    ("sum", ([],), 0),
    ("avg", ([1, 2, "x", 3],), 2),
    ("avg", (["x"],), 0),
    ("avg", (None,), 0),
    ("avg", ([1, 2],), 1.5),
    ("round", (3.14159, 2), 3.14),
    ("round", (-2.5,), -2),
    ("round", (2.5,), 3),
    ("round", (1.005, 2), 1),
    ("round", ("x",), 0),
    ("round", (1234.5, -2), 1200),
    ("round", (2.4,), 2),
    ("floor", (2.7,), 2),
    ("floor", (-2.1,), -3),
    ("floor", ("x",), 0),
    ("floor", (INF,), INF),
    ("ceil", (2.1,), 3),
    ("ceil", (-2.7,), -2),
    ("abs", (-4,), 4),
    ("abs", ("-1.5",), 1.5),
    ("abs", (None,), 0),
    ("sqrt", (16,), 4),
    ("sqrt", (2,), math.sqrt(2)),
    ("sqrt", (-1,), NAN),
    ("sign", (-3,), -1),
    ("sign", (0,), 0),
    ("sign", (7.5,), 1),
    ("sign", ("x",), 0),
    ("trunc", (-2.7,), -2),
    ("trunc", (2.7,), 2),
    ("pow", (2, 10), 1024),
    ("pow", (2, -1), 0.5),
    ("pow", (-8, 1 / 3), NAN),
    ("pow", (10, 400), INF),
    ("pow", (-10, 401), -INF),
    ("pow", (1, INF), NAN),
    ("pow", (0, -1), INF),
    ("pow", (NAN, 0), 1),
    ("clamp", (15, 0, 10), 10),
    ("clamp", (-5, 0, 10), 0),
    ("clamp", (5, 0, 10), 5),
    ("clamp", (5, UNDEFINED, 10), NAN),
    ("mod", (-7, 3), -1),
    ("mod", (7, -3), 1),
    ("mod", (7.5, 2), 1.5),
    ("mod", (5, 0), NAN),
    ("mod", (5, INF), 5),
    ("percent", (1, 3), 33.33),
    ("percent", (1, 3, 0), 33),
    ("percent", (1, 0), 0),
    ("percent", (1, None), 0),
    ("percent", (1, 8, 1), 12.5),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_math_builtin(name: str, args: tuple[Any, ...], expected: Any) -> None:
    result = call(name, *args)
    assert same(result, expected), result


def test_mod_keeps_the_sign_of_a_negative_zero_dividend() -> None:
    assert math.copysign(1, call("mod", -6, 3)) < 0


def test_random_is_in_unit_interval() -> None:
    values = [call("random") for _ in range(200)]
    assert all(0 <= v < 1 for v in values)
    assert len(set(values)) > 1


def test_random_int_is_inclusive() -> None:
    values = {call("random_int", 1, 6) for _ in range(500)}
    assert values == {1, 2, 3, 4, 5, 6}


def test_operator_helpers() -> None:
    assert js_divide(7, 2) == 3.5
    assert js_divide(1, 0) == INF
    assert js_divide(-1, 0) == -INF
    assert js_divide(1, -0.0) == -INF
    assert math.isnan(js_divide(0, 0))
    assert same(js_remainder(-7, 3), -1)
    assert math.isnan(js_remainder(INF, 2))
    assert same(js_pow(-2, 2), 4)
    assert same(js_pow(-0.0, -1), -INF)
    assert same(js_pow(2, NAN), NAN)
