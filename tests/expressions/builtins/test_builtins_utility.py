"""EXPRESSIONS.md §10.7: utility built-ins (JSON, base64, URL, uuid, regex, hash, pretty)."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from builtin_helpers import Arrow, call, same

from runtimes.errors import ExpressionError
from runtimes.expressions.values import UNDEFINED

CASES: list[tuple[str, tuple[Any, ...], Any]] = [
    ("json_encode", ({"a": [1, 2]},), '{"a":[1,2]}'),
    ("json_encode", (UNDEFINED,), UNDEFINED),
    ("json_encode", (Arrow(lambda: 1),), UNDEFINED),
    ("json_encode", (None,), "null"),
    ("json_encode", ("é\n",), '"é\\n"'),
    ("json_encode", (math.nan,), "null"),
    ("json_decode", ('{"a":[1,2]}',), {"a": [1, 2]}),
    ("json_decode", ("NaN",), None),
    ("json_decode", ("[1,]",), None),
    ("json_decode", ("{'a': 1}",), None),
    ("json_decode", ("// c\n1",), None),
    ("json_decode", ("Infinity",), None),
    ("json_decode", ("",), None),
    ("json_decode", (" 1.5 ",), 1.5),
    ("json_decode", ("true",), True),
    ("json_decode", (None,), None),
    ("json_decode", (12,), 12),
    ("json_decode", ('{"b":1,"a":2}',), {"b": 1, "a": 2}),
    ("base64_encode", ("hello",), "aGVsbG8="),
    ("base64_encode", ("é",), "w6k="),
    ("base64_encode", (None,), ""),
    ("base64_decode", ("aGVsbG8=",), "hello"),
    ("base64_decode", ("aGVsbG8",), "hello"),
    ("base64_decode", (" aGVs\nbG8= ",), "hello"),
    ("base64_decode", ("w6k=",), "é"),
    ("base64_decode", ("!!!!",), None),
    ("base64_decode", ("a",), None),
    ("base64_decode", ("/w==",), None),
    ("base64_decode", ("",), ""),
    ("url_encode", ("a b&c/é",), "a%20b%26c%2F%C3%A9"),
    ("url_encode", ("-_.!~*'()",), "-_.!~*'()"),
    ("url_encode", ("a+b=c?",), "a%2Bb%3Dc%3F"),
    ("url_decode", ("a%20b",), "a b"),
    ("url_decode", ("a+b",), "a+b"),
    ("url_decode", ("%C3%A9",), "é"),
    ("url_decode", ("100%",), "100%"),
    ("url_decode", ("%zz%20",), "%zz%20"),
    ("url_decode", ("%FF",), "%FF"),
    ("match", ("order-1234", "[0-9]+"), "1234"),
    ("match", ("abc", "[0-9]+"), None),
    ("match", ("abc", "("), None),
    ("test", ("abc", "^a"), True),
    ("test", ("abc", "^b"), False),
    ("test", ("abc", "["), False),
    ("match_all", ("a1b22c333", "[0-9]+"), ["1", "22", "333"]),
    ("match_all", ("abc", "[0-9]+"), []),
    ("match_all", ("abc", "(?P<"), []),
    ("hash", ("abc",), 193409669),
    ("hash", ("",), 5381),
    ("hash", ("hello world",), 4173747013),
    ("hash", ("é😀",), 193641233),
    ("hash", ("abc", "md5"), "900150983cd24fb0d6963f7d28e17f72"),
    ("hash", ("abc", "SHA1"), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("hash", ("abc", "sha256"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("hash", ("abc", "sha512-256"), "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"),
    ("hash", ("abc", "blake2b256"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"),
    ("hash", ("abc", "md4"), 0),
    ("hash", ("abc", "ripemd160"), 0),
    ("pretty", ([1], 0), "[1]"),
    ("pretty", ({"a": [1]},), '{\n  "a": [\n    1\n  ]\n}'),
    ("pretty", ([1], 4), "[\n    1\n]"),
    ("pretty", ([1], 99), "[\n" + " " * 10 + "1\n]"),
    ("pretty", ([1], -3), "[1]"),
    ("pretty", ([1], "--"), "[\n--1\n]"),
    ("pretty", ([1], "abcdefghijklmn"), "[\nabcdefghij1\n]"),
    ("pretty", (UNDEFINED,), UNDEFINED),
    ("pretty", ([1], UNDEFINED), "[\n  1\n]"),
    ("pretty", ([1], None), "[1]"),  # like JSON.stringify's space: neither a number nor a string → compact
    ("pretty", ([1], True), "[1]"),
    ("pretty", ([1], [4]), "[1]"),
    ("pretty", ("x",), '"x"'),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_utility_builtin(name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert same(call(name, *args), expected)


def test_uuid_is_lowercase_v4_and_random() -> None:
    first, second = call("uuid"), call("uuid")
    pattern = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    assert pattern.fullmatch(first) and pattern.fullmatch(second)
    assert first != second


def test_base64_round_trip_of_non_ascii() -> None:
    text = "FlowScript – ünïcödé 😀"
    assert call("base64_decode", call("base64_encode", text)) == text


def test_json_decode_large_integer_behaves_as_a_double() -> None:
    assert same(call("json_decode", "12345678901234567890"), 12345678901234567890.0)


def test_json_decode_too_deep_is_null() -> None:
    assert call("json_decode", "[" * 100_000 + "]" * 100_000) is None


def test_regex_size_limits() -> None:
    with pytest.raises(ExpressionError, match="match: pattern is longer than 1000 characters"):
        call("match", "a", "a" * 1001)
    with pytest.raises(ExpressionError, match="test: text is longer than 1000000 characters"):
        call("test", "a" * 1_000_001, "a")
