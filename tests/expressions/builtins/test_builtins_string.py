"""EXPRESSIONS.md §10.1: string built-ins (examples and null/edge behaviour)."""

from __future__ import annotations

from typing import Any

import pytest
from builtin_helpers import call, same

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.values import UNDEFINED

CASES: list[tuple[str, tuple[Any, ...], Any]] = [
    ("upper", ("abc",), "ABC"),
    ("upper", (None,), ""),
    ("upper", (UNDEFINED,), ""),
    ("upper", (12,), "12"),
    ("lower", ("AbC",), "abc"),
    ("lower", (None,), ""),
    ("trim", ("  hi  ",), "hi"),
    ("trim", ("\ufeff\u00a0\t hi \n\u3000",), "hi"),
    ("trim", (None,), ""),
    ("replace", ("a-b-c", "-", "_"), "a_b_c"),
    ("replace", ("a.b", ".", "$&"), "a$&b"),
    ("replace", ("abc", "", "-"), "-a-b-c-"),
    ("replace", (None, "a", "b"), ""),
    ("replace", ("ab", None, "x"), "xaxbx"),
    ("split", ("a,b,c", ","), ["a", "b", "c"]),
    ("split", ("abc", ""), ["a", "b", "c"]),
    ("split", ("héllo", UNDEFINED), ["h", "é", "l", "l", "o"]),
    ("split", (None, ","), [""]),
    ("split", ("a,,b", ","), ["a", "", "b"]),
    ("join", (["a", None, 1], "-"), "a--1"),
    ("join", (["a", "b"],), "ab"),
    ("join", ([[1, 2], True, UNDEFINED],), "1,2true"),
    ("join", (None, ","), ""),
    ("truncate", ("hello world", 8), "hello..."),
    ("truncate", ("hello", 8), "hello"),
    ("truncate", ("hello", 5), "hello"),
    ("truncate", ("abcdef", 2), "..."),
    ("truncate", ("hello world", 5, "…"), "hell…"),
    ("truncate", ("hello world", 5, None), "hello"),
    ("truncate", ("hello world", 5, ""), "hello"),
    ("truncate", (None, 3), ""),
    ("concat", ("a", 1, None, True), "a1true"),
    ("concat", ("x", UNDEFINED, [1, 2]), "x1,2"),
    ("includes", ("hello", "ell"), True),
    ("includes", ("hello", "xyz"), False),
    ("includes", (None, ""), True),
    ("starts_with", ("hello", "he"), True),
    ("starts_with", ("hello", "lo"), False),
    ("ends_with", ("hello", "lo"), True),
    ("ends_with", (None, "x"), False),
    ("substring", ("FlowScript", 4, 0), "Flow"),
    ("substring", ("FlowScript", 4), "Script"),
    ("substring", ("FlowScript",), "FlowScript"),
    ("substring", ("FlowScript", -3, 2), "Fl"),
    ("substring", ("FlowScript", 2, 100), "owScript"),
    ("substring", ("héllo", 1, 2), "é"),
    ("substring", ("abc", "x", 2), "ab"),
    ("pad_start", ("7", 3, "0"), "007"),
    ("pad_start", ("7", 3), "  7"),
    ("pad_start", ("7", 6, "ab"), "ababa7"),
    ("pad_start", ("long", 2, "0"), "long"),
    ("pad_start", ("7", 3, ""), "7"),
    ("pad_start", (None, 2, "0"), "00"),
    ("pad_end", ("ab", 4, "."), "ab.."),
    ("pad_end", ("ab", 5, "xy"), "abxyx"),
    ("repeat", ("ab", 3), "ababab"),
    ("repeat", ("ab", 0), ""),
    ("repeat", ("ab", 2.9), "abab"),
    ("repeat", ("ab", "x"), ""),
    ("repeat", (None, 3), ""),
    ("repeat", ("", 1e300), ""),
    ("char_at", ("abc", 1), "b"),
    ("char_at", ("abc",), "a"),
    ("char_at", ("abc", 5), ""),
    ("char_at", ("abc", -1), ""),
    ("char_at", ("😀x", 0), "😀"),
    ("len", ("héllo",), 5),
    ("len", (None,), 0),
    ("len", (12345,), 5),
    ("len", ("😀",), 1),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_string_builtin(name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert same(call(name, *args), expected)


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("repeat", ("ab", -1), "repeat: count must be a non-negative finite number, got -1"),
        ("repeat", ("ab", float("inf")), "repeat: count must be a non-negative finite number, got Infinity"),
        ("repeat", ("ab", 5_000_001), "repeat: result would exceed 10000000 characters"),
        ("pad_start", ("a", 20_000_000), "pad_start: result would exceed 10000000 characters"),
        ("join", ("a,b", ","), "join: argument 1 must be an array"),
    ],
)
def test_string_builtin_errors(name: str, args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        call(name, *args)
    assert info.value.code == RuntimeErrorCode.EXPR_EVAL_ERROR
    assert info.value.message == message


def test_repeat_at_the_limit_is_allowed() -> None:
    assert len(call("repeat", "a", 10_000_000)) == 10_000_000
