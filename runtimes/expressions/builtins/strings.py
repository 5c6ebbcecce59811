"""String built-ins (EXPRESSIONS.md §10.1). Strings are measured and indexed in code points."""

from __future__ import annotations

import math
from collections.abc import Sequence

from runtimes.expressions.builtins._base import (
    BuiltinContext,
    BuiltinFunction,
    arg,
    definer,
    fail,
    index_arg,
    num,
    num0,
    require_array,
    s,
)
from runtimes.expressions.values import UNDEFINED, is_nullish, js_strip, to_string

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias

__all__ = ["FUNCTIONS", "MAX_STRING_LENGTH"]

MAX_STRING_LENGTH: Final = 10_000_000
"""Longest string ``repeat``/``pad_start``/``pad_end`` may build (EXPRESSIONS.md §7)."""

builtin = definer("string")
Args: TypeAlias = "Sequence[Any]"


@builtin("upper(s)", "Upper-cases a string")
def fn_upper(args: Args, ctx: BuiltinContext) -> Any:
    return s(arg(args, 0)).upper()


@builtin("lower(s)", "Lower-cases a string")
def fn_lower(args: Args, ctx: BuiltinContext) -> Any:
    return s(arg(args, 0)).lower()


@builtin("trim(s)", "Removes leading and trailing whitespace")
def fn_trim(args: Args, ctx: BuiltinContext) -> Any:
    return js_strip(s(arg(args, 0)))


@builtin("replace(s, old, new)", "Replaces every occurrence of old with new (literal text)")
def fn_replace(args: Args, ctx: BuiltinContext) -> Any:
    return s(arg(args, 0)).replace(s(arg(args, 1)), s(arg(args, 2)))


@builtin("split(s, delim)", "Splits a string on a delimiter (empty delimiter: characters)")
def fn_split(args: Args, ctx: BuiltinContext) -> Any:
    text, delim = s(arg(args, 0)), s(arg(args, 1))
    if delim == "":
        return list(text)
    return text.split(delim)


@builtin("join(arr, delim?)", "Joins array items with a delimiter (default empty)")
def fn_join(args: Args, ctx: BuiltinContext) -> Any:
    items = require_array("join", arg(args, 0))
    if items is None:
        return ""
    return s(arg(args, 1)).join("" if is_nullish(item) else to_string(item) for item in items)


@builtin("truncate(s, len, suffix?)", "Shortens a string to len characters, ending with suffix (default ...)")
def fn_truncate(args: Args, ctx: BuiltinContext) -> Any:
    text = s(arg(args, 0))
    limit = num(arg(args, 1))
    suffix_arg = arg(args, 2)
    suffix = "..." if suffix_arg is UNDEFINED else s(suffix_arg)
    if len(text) <= limit:
        return text
    keep = limit - len(suffix)
    if keep != keep or keep <= 0:
        return suffix
    return text[: math.trunc(keep)] + suffix


@builtin("concat(...xs)", "Concatenates the arguments as strings")
def fn_concat(args: Args, ctx: BuiltinContext) -> Any:
    return "".join(s(x) for x in args)


@builtin("includes(s, sub)", "Whether s contains sub")
def fn_includes(args: Args, ctx: BuiltinContext) -> Any:
    return s(arg(args, 1)) in s(arg(args, 0))


@builtin("starts_with(s, p)", "Whether s starts with p")
def fn_starts_with(args: Args, ctx: BuiltinContext) -> Any:
    return s(arg(args, 0)).startswith(s(arg(args, 1)))


@builtin("ends_with(s, p)", "Whether s ends with p")
def fn_ends_with(args: Args, ctx: BuiltinContext) -> Any:
    return s(arg(args, 0)).endswith(s(arg(args, 1)))


def _clamp_index(x: Any, default: int, length: int) -> int:
    if x is UNDEFINED:
        return default
    i = index_arg(x)
    return int(min(max(i, 0), length))


@builtin("substring(s, start?, end?)", "Characters from start up to end (clamped; swapped if start > end)")
def fn_substring(args: Args, ctx: BuiltinContext) -> Any:
    text = s(arg(args, 0))
    start = _clamp_index(arg(args, 1), 0, len(text))
    end = _clamp_index(arg(args, 2), len(text), len(text))
    if start > end:
        start, end = end, start
    return text[start:end]


def _padding(name: str, args: Args) -> tuple[str, str]:
    text = s(arg(args, 0))
    target = index_arg(arg(args, 1))
    fill_arg = arg(args, 2)
    fill = " " if fill_arg is UNDEFINED else s(fill_arg)
    if fill == "" or target <= len(text):
        return text, ""
    if target > MAX_STRING_LENGTH:
        raise fail(name, f"result would exceed {MAX_STRING_LENGTH} characters")
    missing = int(target) - len(text)
    return text, (fill * (missing // len(fill) + 1))[:missing]


@builtin("pad_start(s, len, fill?)", "Left-pads s with fill (default space) to length len")
def fn_pad_start(args: Args, ctx: BuiltinContext) -> Any:
    text, pad = _padding("pad_start", args)
    return pad + text


@builtin("pad_end(s, len, fill?)", "Right-pads s with fill (default space) to length len")
def fn_pad_end(args: Args, ctx: BuiltinContext) -> Any:
    text, pad = _padding("pad_end", args)
    return text + pad


@builtin("repeat(s, n)", "s repeated n times")
def fn_repeat(args: Args, ctx: BuiltinContext) -> Any:
    text = s(arg(args, 0))
    count = num0(arg(args, 1))
    if count < 0 or math.isinf(count):
        raise fail("repeat", f"count must be a non-negative finite number, got {to_string(count)}")
    times = math.trunc(count)
    if text == "":
        return ""
    if times * len(text) > MAX_STRING_LENGTH:
        raise fail("repeat", f"result would exceed {MAX_STRING_LENGTH} characters")
    return text * times


@builtin("char_at(s, i?)", "The character at index i (default 0), or empty")
def fn_char_at(args: Args, ctx: BuiltinContext) -> Any:
    text = s(arg(args, 0))
    i = index_arg(arg(args, 1))
    if 0 <= i < len(text):
        return text[int(i)]
    return ""


@builtin("len(s)", "Length of a string in characters")
def fn_len(args: Args, ctx: BuiltinContext) -> Any:
    return len(s(arg(args, 0)))


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    fn_upper,
    fn_lower,
    fn_trim,
    fn_replace,
    fn_split,
    fn_join,
    fn_truncate,
    fn_concat,
    fn_includes,
    fn_starts_with,
    fn_ends_with,
    fn_substring,
    fn_pad_start,
    fn_pad_end,
    fn_repeat,
    fn_char_at,
    fn_len,
)
