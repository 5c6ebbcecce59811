"""EXPRESSIONS.md §10.5: object built-ins (examples and null/edge behaviour)."""

from __future__ import annotations

from typing import Any

import pytest
from builtin_helpers import call, same

from runtimes.errors import ExpressionError
from runtimes.expressions.values import UNDEFINED

CASES: list[tuple[str, tuple[Any, ...], Any]] = [
    ("keys", ({"a": 1, "b": 2},), ["a", "b"]),
    ("keys", ([5, 6],), ["0", "1"]),
    ("keys", ("ab",), ["0", "1"]),
    ("keys", (5,), []),
    ("keys", (None,), []),
    ("values", ({"a": 1, "b": 2},), [1, 2]),
    ("values", ([5, 6],), [5, 6]),
    ("values", ("ab",), ["a", "b"]),
    ("values", (True,), []),
    ("entries", ({"a": 1},), [["a", 1]]),
    ("entries", ([7],), [["0", 7]]),
    ("entries", (None,), []),
    ("from_entries", ([["a", 1]],), {"a": 1}),
    ("from_entries", ([["a", 1], [2, "x"], ["a", 3]],), {"a": 3, "2": "x"}),
    ("from_entries", ([[None, 1]],), {"null": 1}),
    ("from_entries", (None,), {}),
    ("get", ({"a": {"b": 2}}, "a.b"), 2),
    ("get", ({"a": [{"b": 1}, {"b": 5}]}, "a.1.b"), 5),
    ("get", ({"a": {"b": 2}}, "a.c", "d"), "d"),
    ("get", ({"a": None}, "a.b", "d"), "d"),
    ("get", ({"a": {"b": None}}, "a.b", "d"), "d"),
    ("get", ({"a": 0}, "a", "d"), 0),
    ("get", (None, "a", "d"), "d"),
    ("get", ({}, "a"), UNDEFINED),
    ("get", ({"a": 1}, "", "d"), "d"),
    ("get", ({"a": "xyz"}, "a.length"), 3),
    ("has", ({"a": 1}, "a"), True),
    ("has", ({"a": 1}, "b"), False),
    ("has", ([1, 2], 1), True),
    ("has", ([1, 2], "2"), False),
    ("has", ("ab", "length"), True),
    ("has", (5, "a"), False),
    ("merge", ({"a": 1}, None, {"b": 2}), {"a": 1, "b": 2}),
    ("merge", ({"a": 1, "b": 1}, {"a": 2}), {"a": 2, "b": 1}),
    ("merge", ({"a": 1}, ["x"], "yz", 5, True), {"a": 1, "0": "y", "1": "z"}),
    ("pick", ({"a": 1, "b": 2}, ["a", "z"]), {"a": 1}),
    ("pick", ({"a": 1, "b": 2}, ["b", "a", "b"]), {"b": 2, "a": 1}),  # in key-list order
    ("pick", (None, ["a"]), {}),
    ("pick", ({"a": 1, "b": 2}, None), {}),
    ("omit", ({"a": 1, "b": 2}, ["a"]), {"b": 2}),
    ("omit", (0, ["a"]), {}),
    ("size", ({"a": 1, "b": 2},), 2),
    ("size", ([1, 2, 3],), 3),
    ("size", ("héllo",), 5),
    ("size", (None,), 0),
    ("size", (5,), 0),
    ("set", ({"a": {"c": 2}}, "a.d", 3), {"a": {"c": 2, "d": 3}}),
    ("set", ({"a": 1}, "a.b.c", 3), {"a": {"b": {"c": 3}}}),
    ("set", (None, "x", 1), {"x": 1}),
    ("set", ({"a": 1}, "", 5), {"a": 1}),
    ("delete", ({"a": 1, "b": 2}, "a"), {"b": 2}),
    ("delete", ({"a": 1}, ""), {"a": 1}),
    ("delete", (None, "a"), {}),
    ("delete", ({"a": 1}, "z"), {"a": 1}),
    ("equals", ([1, {"a": 1}], [1, {"a": 1}]), True),
    ("equals", ({"a": 1, "b": 2}, {"b": 2, "a": 1}), True),
    ("equals", ([1], {"0": 1}), False),
    ("equals", (1, "1"), False),
    ("equals", ({"a": 1}, {"a": 1, "b": 2}), False),
    ("equals", ({"a": None}, {"b": None}), False),
    ("clone", ({"a": [1]},), {"a": [1]}),
    ("clone", (5,), 5),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_object_builtin(name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert same(call(name, *args), expected)


def test_set_copies_and_leaves_the_input_alone() -> None:
    original = {"a": {"c": 2}, "z": [1]}
    result = call("set", original, "a.d", 3)
    assert original == {"a": {"c": 2}, "z": [1]}
    assert result["z"] is original["z"]
    assert result["a"] is not original["a"]


def test_clone_is_deep() -> None:
    original = {"a": [1, {"b": 2}]}
    copy = call("clone", original)
    copy["a"][1]["b"] = 3
    assert original == {"a": [1, {"b": 2}]}


def test_delete_does_not_modify() -> None:
    original = {"a": 1, "b": 2}
    call("delete", original, "a")
    assert original == {"a": 1, "b": 2}


def test_pick_keys_must_be_an_array() -> None:
    with pytest.raises(ExpressionError, match="pick: argument 2 must be an array"):
        call("pick", {"a": 1}, "a")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([["a", 1], "b"],), "from_entries: item 1 is not a [key, value] pair"),
        (([["a"]],), "from_entries: item 0 is not a [key, value] pair"),
        (("ab",), "from_entries: argument 1 must be an array"),
    ],
)
def test_from_entries_errors(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ExpressionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call("from_entries", *args)
