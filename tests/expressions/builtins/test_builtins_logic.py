"""EXPRESSIONS.md §10.6: type and logic built-ins."""

from __future__ import annotations

import math
from typing import Any

import pytest
from builtin_helpers import Arrow, call, same

from runtimes.expressions.values import UNDEFINED

NAN = math.nan
FN = Arrow(lambda: 1)

CASES: list[tuple[str, tuple[Any, ...], Any]] = [
    ("typeof", ([1],), "array"),
    ("typeof", (UNDEFINED,), "undefined"),
    ("typeof", (None,), "null"),
    ("typeof", (False,), "boolean"),
    ("typeof", (1.5,), "number"),
    ("typeof", ("",), "string"),
    ("typeof", ({},), "object"),
    ("typeof", (FN,), "function"),
    ("typeof", (), "undefined"),
    ("is_null", (None,), True),
    ("is_null", (UNDEFINED,), True),
    ("is_null", (0,), False),
    ("is_array", ([],), True),
    ("is_array", ({},), False),
    ("is_object", ([1],), False),
    ("is_object", ({},), True),
    ("is_object", (None,), False),
    ("is_string", ("a",), True),
    ("is_string", (1,), False),
    ("is_number", (NAN,), False),
    ("is_number", (1,), True),
    ("is_number", (True,), False),
    ("is_number", ("1",), False),
    ("is_boolean", (False,), True),
    ("is_boolean", (0,), False),
    ("is_empty", (0,), False),
    ("is_empty", (None,), True),
    ("is_empty", (UNDEFINED,), True),
    ("is_empty", ("",), True),
    ("is_empty", ([],), True),
    ("is_empty", ({},), True),
    ("is_empty", (" ",), False),
    ("is_empty", (False,), False),
    ("to_string", ({"a": 1},), '{"a":1}'),
    ("to_string", ([1, None],), "[1,null]"),
    ("to_string", (None,), ""),
    ("to_string", (UNDEFINED,), ""),
    ("to_string", (1.0,), "1"),
    ("to_string", (True,), "true"),
    ("to_number", ("12px",), 0),
    ("to_number", ("12",), 12),
    ("to_number", (True,), 1),
    ("to_number", (None,), 0),
    ("to_number", (" 1.5 ",), 1.5),
    ("to_boolean", ("0",), True),
    ("to_boolean", ("",), False),
    ("to_array", (5,), [5]),
    ("to_array", ([1],), [1]),
    ("to_array", (None,), []),
    ("to_array", ({"a": 1},), [{"a": 1}]),
    ("coalesce", (None, 0, 1), 0),
    ("coalesce", (None, UNDEFINED), UNDEFINED),
    ("coalesce", (UNDEFINED, "", "x"), ""),
    ("default", (0, "d"), 0),
    ("default", (None, "d"), "d"),
    ("default", (UNDEFINED, "d"), "d"),
    ("if_else", (0, "a", "b"), "b"),
    ("if_else", ([], "a", "b"), "a"),
    ("is_finite", (1 / 3,), True),
    ("is_finite", (math.inf,), False),
    ("is_finite", ("1",), False),
    ("is_integer", (2.0,), True),
    ("is_integer", (2.5,), False),
    ("is_integer", (math.inf,), False),
    ("is_integer", ("2",), False),
    ("is_nan", (NAN,), True),
    ("is_nan", ("x",), False),
    ("is_truthy", ("",), False),
    ("is_truthy", ("0",), True),
    ("is_falsy", ([],), False),
    ("is_falsy", (0,), True),
    ("switch", ("b", {"a": 1, "b": 2}, 0), 2),
    ("switch", ("z", {"a": 1}, 0), 0),
    ("switch", ("z", {"a": 1}), None),
    ("switch", ("z", {"a": 1}, UNDEFINED), None),
    ("switch", (1, {"1": "one"}), "one"),
    ("switch", (True, {"true": "yes"}), "yes"),
    ("switch", ("a", ["x"], "d"), "d"),
    ("switch", ("0", ["x"], "d"), "d"),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_logic_builtin(name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert same(call(name, *args), expected)
