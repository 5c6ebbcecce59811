"""EXPRESSIONS.md §10.2: array built-ins (examples and null/edge behaviour)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from builtin_helpers import Arrow, call, same

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.values import UNDEFINED

NAN = math.nan
SHARED: dict[str, Any] = {"id": 1}

CASES: list[tuple[str, tuple[Any, ...], Any]] = [
    ("length", ([3, 1, 2],), 3),
    ("length", ("héllo",), 5),
    ("length", (None,), 0),
    ("length", (UNDEFINED,), 0),
    ("length", ({"a": 1},), UNDEFINED),
    ("length", ({"length": 4},), 4),
    ("length", (5,), UNDEFINED),
    ("first", ([3, 1, 2],), 3),
    ("first", ("abc",), "a"),
    ("first", ([],), UNDEFINED),
    ("first", (None,), UNDEFINED),
    ("first", (5,), UNDEFINED),
    ("last", ([3, 1, 2],), 2),
    ("last", ("abc",), "c"),
    ("last", ("",), UNDEFINED),
    ("slice", ([3, 1, 2], -2, -1), [1]),
    ("slice", ([3, 1, 2], 1), [1, 2]),
    ("slice", ([3, 1, 2],), [3, 1, 2]),
    ("slice", ([3, 1, 2], 2, 1), []),
    ("slice", ([3, 1, 2], -10, 10), [3, 1, 2]),
    ("slice", ("FlowScript", 4), "Script"),
    ("slice", ("FlowScript", -6, -3), "Scr"),
    ("slice", (None, 1), []),
    ("slice", ([1, 2, 3], 0, None), []),
    ("flatten", ([[1, 2], [3, [4]]],), [1, 2, 3, [4]]),
    ("flatten", ([1, [], [2]],), [1, 2]),
    ("flatten", (None,), []),
    ("unique", ([1, 2, 1, "1"],), [1, 2, "1"]),
    ("unique", ([NAN, NAN, 0, -0.0, 1.0, 1],), [NAN, 0, 1.0]),
    ("unique", ([SHARED, SHARED, {"id": 1}],), [SHARED, {"id": 1}]),
    ("unique", ([None, UNDEFINED, None, True, 1],), [None, UNDEFINED, True, 1]),
    ("unique", ("hello",), ["h", "e", "l", "o"]),
    ("unique", (None,), []),
    ("reverse", ([3, 1, 2],), [2, 1, 3]),
    ("reverse", ("abc",), ["c", "b", "a"]),
    ("reverse", (None,), []),
    ("contains", ([3, 1, 2], 2), True),
    ("contains", ([3, 1, 2], "2"), False),
    ("contains", ([NAN], NAN), True),
    ("contains", ("hello", "ell"), True),
    ("contains", ("a1", 1), True),
    ("contains", (None, 1), False),
    ("index_of", ([3, 1, 2], 9), -1),
    ("index_of", ([3, 1, 2], 2), 2),
    ("index_of", ([NAN], NAN), -1),
    ("index_of", ("héllo", "l"), 2),
    ("index_of", (None, 1), -1),
    ("sort", (["b", "a", "C"],), ["C", "a", "b"]),
    ("sort", ([3, None, 1, UNDEFINED, 2],), [1, 2, 3, None, UNDEFINED]),
    ("sort", ([3, None, 1, 2], UNDEFINED, "desc"), [None, 3, 2, 1]),
    ("sort", ([10, 9, 1],), [1, 9, 10]),
    ("sort", ([3, "2", 1, True],), [1, True, "2", 3]),
    ("sort", ([2.5, -1, 0, 1e21],), [-1, 0, 2.5, 1e21]),
    ("sort", (["é", "z", "a"],), ["a", "z", "é"]),
    ("range", (0, 10.5, 5), [0, 5, 10]),
    ("range", (3, -0.5, -2), [3, 1]),
    (
        "sort",
        ([{"n": 2, "k": "a"}, {"n": 1}, {"k": "b"}, {"n": 2, "k": "c"}], "n"),
        [{"n": 1}, {"n": 2, "k": "a"}, {"n": 2, "k": "c"}, {"k": "b"}],
    ),
    ("sort", ([2, 1], ""), [1, 2]),
    ("sort", (None,), []),
    ("compact", ([1, None, 0, "", UNDEFINED],), [1, 0, ""]),
    ("compact", (None,), []),
    ("count", ([1, 5, 7], Arrow(lambda x, i: x > 2)), 2),
    ("count", ([1, 5, 7],), 3),
    ("count", (["a", "b", "c"], Arrow(lambda x, i: i != 1)), 2),
    ("count", (None,), 0),
    ("at", ([3, 1, 2], -1), 2),
    ("at", ([3, 1, 2], 0), 3),
    ("at", ([3, 1, 2], 3), UNDEFINED),
    ("at", ([3, 1, 2], -4), UNDEFINED),
    ("at", ("abc", 1), "b"),
    ("at", (None, 0), UNDEFINED),
    ("every", ([2, 4], Arrow(lambda x, i: x % 2 == 0)), True),
    ("every", ([2, 3], Arrow(lambda x, i: x % 2 == 0)), False),
    ("every", ([], Arrow(lambda x, i: False)), True),
    ("every", (None, Arrow(lambda x, i: False)), True),
    ("some", ([1, 5], Arrow(lambda x, i: x > 4)), True),
    ("some", ([1, 2], Arrow(lambda x, i: x > 4)), False),
    ("some", ([], Arrow(lambda x, i: True)), False),
    ("find", ([{"n": 1}, {"n": 2}], Arrow(lambda o, i: o["n"] > 1)), {"n": 2}),
    ("find", ([1, 2], Arrow(lambda o, i: o > 5)), UNDEFINED),
    ("take", ([3, 1, 2], 2), [3, 1]),
    ("take", ([3, 1, 2], 10), [3, 1, 2]),
    ("take", ("abc", 2), "ab"),
    ("skip", ([3, 1, 2], 2), [2]),
    ("skip", ([3, 1, 2], -1), [2]),
    ("range", (5, 0, -2), [5, 3, 1]),
    ("range", (0, 5), [0, 1, 2, 3, 4]),
    ("range", (0, 1, 0.25), [0, 0.25, 0.5, 0.75]),
    ("range", (0, 0), []),
    ("range", (5, 0), []),
    ("array_concat", ([1], [2, 3], None, 4), [1, 2, 3, 4]),
    ("array_concat", ([[1]], UNDEFINED, "ab"), [[1], "ab"]),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_array_builtin(name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert same(call(name, *args), expected)


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("range", (0, 10, 0), "range: step must not be 0"),
        ("range", (0, 1_000_001), "range: too many items (limit 1000000)"),
        ("range", (0, math.inf), "range: too many items (limit 1000000)"),
        ("every", ([1], 5), "every: argument 2 must be a function"),
        ("some", ([1], UNDEFINED), "some: argument 2 must be a function"),
        ("find", ([1], "x => x"), "find: argument 2 must be a function"),
        ("count", ([1], 1), "count: argument 2 must be a function"),
        ("flatten", ("abc",), "flatten: argument 1 must be an array"),
        ("sort", ({"a": 1},), "sort: argument 1 must be an array"),
        ("compact", (5,), "compact: argument 1 must be an array"),
        ("slice", (5,), "slice: argument 1 must be an array"),
        ("every", ({"a": 1}, Arrow(lambda x, i: True)), "every: argument 1 must be an array"),
    ],
)
def test_array_builtin_errors(name: str, args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        call(name, *args)
    assert info.value.code == RuntimeErrorCode.EXPR_EVAL_ERROR
    assert info.value.message == message


def test_range_at_the_limit_is_allowed() -> None:
    result = call("range", 0, 1_000_000)
    assert len(result) == 1_000_000 and result[-1] == 999_999


def test_sort_is_a_copy_and_stable() -> None:
    items = [{"k": 1, "i": 0}, {"k": 0, "i": 1}, {"k": 1, "i": 2}]
    result = call("sort", items, "k")
    assert [o["i"] for o in result] == [1, 0, 2]
    assert [o["i"] for o in items] == [0, 1, 2]


def test_predicates_receive_item_and_index() -> None:
    seen: list[tuple[Any, int]] = []

    def record(x: Any, i: int) -> bool:
        seen.append((x, i))
        return True

    call("every", ["a", "b"], Arrow(record))
    assert seen == [("a", 0), ("b", 1)]


def test_some_stops_at_the_first_truthy_result() -> None:
    seen: list[int] = []

    def is_two(x: int, i: int) -> bool:
        seen.append(x)
        return x == 2

    assert call("some", [1, 2, 3], Arrow(is_two)) is True
    assert seen == [1, 2]
