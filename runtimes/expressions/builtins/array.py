"""Array built-ins (EXPRESSIONS.md §10.2), plus ``array_concat``."""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Mapping, Sequence

from runtimes.expressions.builtins._base import (
    BuiltinContext,
    BuiltinFunction,
    arg,
    definer,
    fail,
    index_arg,
    num0,
    require_array,
    s,
)
from runtimes.expressions.values import (
    UNDEFINED,
    Function,
    compare,
    get_property,
    is_nullish,
    is_truthy,
    normalize_number,
    same_value_zero,
    strict_equals,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias

__all__ = ["FUNCTIONS", "MAX_RANGE_ITEMS", "same_value_zero_key"]

MAX_RANGE_ITEMS: Final = 1_000_000

builtin = definer("array")
Args: TypeAlias = "Sequence[Any]"


def _seq(name: str, x: Any) -> list[Any] | str | None:
    """An array or string argument; None for null/undefined; error for anything else."""
    if isinstance(x, str):
        return x
    return require_array(name, x)


def _predicate(name: str, x: Any) -> Function:
    if not isinstance(x, Function):
        raise fail(name, "argument 2 must be a function")
    return x


@builtin("length(x)", "Number of items of an array or characters of a string")
def fn_length(args: Args, ctx: BuiltinContext) -> Any:
    x = arg(args, 0)
    if is_nullish(x):
        return 0
    if isinstance(x, list | tuple | str):
        return len(x)
    if isinstance(x, Mapping):
        return x.get("length", UNDEFINED)
    return UNDEFINED


@builtin("first(a)", "The first item (string: first character)")
def fn_first(args: Args, ctx: BuiltinContext) -> Any:
    x = arg(args, 0)
    if isinstance(x, list | tuple | str) and len(x) > 0:
        return x[0]
    return UNDEFINED


@builtin("last(a)", "The last item (string: last character)")
def fn_last(args: Args, ctx: BuiltinContext) -> Any:
    x = arg(args, 0)
    if isinstance(x, list | tuple | str) and len(x) > 0:
        return x[-1]
    return UNDEFINED


def _relative(x: Any, default: int, length: int) -> int:
    if x is UNDEFINED:
        return default
    i = index_arg(x)
    if i < 0:
        return int(max(length + i, 0))
    return int(min(i, length))


def slice_of(name: str, x: Any, start: Any, end: Any) -> Any:
    seq = _seq(name, x)
    if seq is None:
        return []
    lo = _relative(start, 0, len(seq))
    hi = _relative(end, len(seq), len(seq))
    part = seq[lo:hi] if lo < hi else seq[0:0]
    return part if isinstance(part, str) else list(part)


@builtin("slice(a, start?, end?)", "Part of an array or string; negative indexes count from the end")
def fn_slice(args: Args, ctx: BuiltinContext) -> Any:
    return slice_of("slice", arg(args, 0), arg(args, 1), arg(args, 2))


@builtin("flatten(a)", "Flattens nested arrays one level")
def fn_flatten(args: Args, ctx: BuiltinContext) -> Any:
    items = require_array("flatten", arg(args, 0))
    out: list[Any] = []
    for item in items or ():
        if isinstance(item, list | tuple):
            out.extend(item)
        else:
            out.append(item)
    return out


def same_value_zero_key(v: Any) -> Hashable:
    """A hashable key such that two values have equal keys exactly when they are SameValueZero."""
    if isinstance(v, bool):
        return ("boolean", v)
    if isinstance(v, int | float):
        return ("number", "NaN") if v != v else ("number", normalize_number(v))
    if isinstance(v, str):
        return ("string", v)
    if v is None:
        return ("null",)
    if v is UNDEFINED:
        return ("undefined",)
    return ("identity", id(v))


@builtin("unique(a)", "Items without repeats, in first-occurrence order")
def fn_unique(args: Args, ctx: BuiltinContext) -> Any:
    seq = _seq("unique", arg(args, 0))
    seen: set[Hashable] = set()
    out: list[Any] = []
    for item in seq or ():
        key = same_value_zero_key(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


@builtin("reverse(a)", "Reversed copy (string: reversed list of characters)")
def fn_reverse(args: Args, ctx: BuiltinContext) -> Any:
    seq = _seq("reverse", arg(args, 0))
    return list(reversed(seq)) if seq is not None else []


@builtin("contains(a, x)", "Whether an array holds x, or a string contains x")
def fn_contains(args: Args, ctx: BuiltinContext) -> Any:
    seq = _seq("contains", arg(args, 0))
    needle = arg(args, 1)
    if seq is None:
        return False
    if isinstance(seq, str):
        return s(needle) in seq
    return any(same_value_zero(item, needle) for item in seq)


@builtin("index_of(a, x)", "First index of x (array: ===; string: substring), or -1")
def fn_index_of(args: Args, ctx: BuiltinContext) -> Any:
    seq = _seq("index_of", arg(args, 0))
    needle = arg(args, 1)
    if seq is None:
        return -1
    if isinstance(seq, str):
        return seq.find(s(needle))
    return next((i for i, item in enumerate(seq) if strict_equals(item, needle)), -1)


def _order(a: Any, b: Any) -> int:
    if strict_equals(a, b):
        return 0
    if compare(a, b, "<"):
        return -1
    if compare(b, a, "<"):
        return 1
    return 0


def _plain_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v == v


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _order_pairs(x: tuple[Any, Any], y: tuple[Any, Any]) -> int:
    return _order(x[0], y[0])


@builtin("sort(a, key?, dir?)", "Stable sorted copy, optionally by item[key]; dir 'desc' reverses")
def fn_sort(args: Args, ctx: BuiltinContext) -> Any:
    items = require_array("sort", arg(args, 0))
    if items is None:
        return []
    key_arg = arg(args, 1)
    key = key_arg if isinstance(key_arg, str) and key_arg != "" else None

    def sort_value(item: Any) -> Any:
        return item if key is None else get_property(item, key)

    keyed = [(sort_value(item), item) for item in items]
    present = [pair for pair in keyed if not is_nullish(pair[0])]
    missing = [pair for pair in keyed if is_nullish(pair[0])]
    if all(isinstance(v, str) for v, _ in present) or all(_plain_number(v) for v, _ in present):
        present.sort(key=_first)  # same order as §6.2 "<" for all-string or all-number keys, much faster
    else:
        present.sort(key=functools.cmp_to_key(_order_pairs))
    result = [item for _, item in present + missing]
    if arg(args, 2) == "desc":
        result.reverse()
    return result


@builtin("compact(a)", "Items that are not null/undefined")
def fn_compact(args: Args, ctx: BuiltinContext) -> Any:
    items = require_array("compact", arg(args, 0))
    return [item for item in items or () if not is_nullish(item)]


@builtin("count(a, pred?)", "Number of items, or of items for which pred(item, index) is truthy")
def fn_count(args: Args, ctx: BuiltinContext) -> Any:
    items = require_array("count", arg(args, 0))
    if items is None:
        return 0
    pred_arg = arg(args, 1)
    if is_nullish(pred_arg):  # no predicate (null included, as the JavaScript original tests it for truthiness)
        return len(items)
    pred = _predicate("count", pred_arg)
    return sum(1 for i, item in enumerate(items) if is_truthy(ctx.call(pred, [item, i])))


@builtin("at(a, i)", "Item at index i; negative counts from the end")
def fn_at(args: Args, ctx: BuiltinContext) -> Any:
    seq = _seq("at", arg(args, 0))
    if seq is None:
        return UNDEFINED
    i = index_arg(arg(args, 1))
    if i < 0:
        i += len(seq)
    if 0 <= i < len(seq):
        return seq[int(i)]
    return UNDEFINED


@builtin("every(a, pred)", "Whether pred(item, index) is truthy for all items")
def fn_every(args: Args, ctx: BuiltinContext) -> Any:
    items = require_array("every", arg(args, 0))
    pred = _predicate("every", arg(args, 1))
    return all(is_truthy(ctx.call(pred, [item, i])) for i, item in enumerate(items or ()))


@builtin("some(a, pred)", "Whether pred(item, index) is truthy for any item")
def fn_some(args: Args, ctx: BuiltinContext) -> Any:
    items = require_array("some", arg(args, 0))
    pred = _predicate("some", arg(args, 1))
    return any(is_truthy(ctx.call(pred, [item, i])) for i, item in enumerate(items or ()))


@builtin("find(a, pred)", "The first item for which pred(item, index) is truthy")
def fn_find(args: Args, ctx: BuiltinContext) -> Any:
    items = require_array("find", arg(args, 0))
    pred = _predicate("find", arg(args, 1))
    for i, item in enumerate(items or ()):
        if is_truthy(ctx.call(pred, [item, i])):
            return item
    return UNDEFINED


@builtin("take(a, n)", "The first n items")
def fn_take(args: Args, ctx: BuiltinContext) -> Any:
    return slice_of("take", arg(args, 0), 0, arg(args, 1))


@builtin("skip(a, n)", "All items after the first n")
def fn_skip(args: Args, ctx: BuiltinContext) -> Any:
    return slice_of("skip", arg(args, 0), arg(args, 1), UNDEFINED)


@builtin("range(start, end, step?)", "Numbers from start up to (not including) end by step (default 1)")
def fn_range(args: Args, ctx: BuiltinContext) -> Any:
    start, end = num0(arg(args, 0)), num0(arg(args, 1))
    step_arg = arg(args, 2)
    step = 1 if step_arg is UNDEFINED else num0(step_arg)
    if step == 0:
        raise fail("range", "step must not be 0")
    if not ((start < end) if step > 0 else (start > end)):  # no first item (also for an infinite end behind)
        return []
    span = (end - start) / step  # NaN only for infinite operands: the loop below decides (as JavaScript's would)
    if span > MAX_RANGE_ITEMS:
        raise fail("range", f"too many items (limit {MAX_RANGE_ITEMS})")
    if isinstance(start, int) and isinstance(step, int) and math.isfinite(end):
        stop = math.ceil(end) if step > 0 else math.floor(end)
        return list(range(start, stop, step))
    out: list[Any] = []
    value = start
    while (value < end) if step > 0 else (value > end):
        out.append(normalize_number(value))
        if len(out) > MAX_RANGE_ITEMS:
            raise fail("range", f"too many items (limit {MAX_RANGE_ITEMS})")
        value += step
    return out


@builtin("array_concat(...xs)", "Concatenates arrays; other arguments are appended as items")
def fn_array_concat(args: Args, ctx: BuiltinContext) -> Any:
    out: list[Any] = []
    for x in args:
        if isinstance(x, list | tuple):
            out.extend(x)
        elif not is_nullish(x):
            out.append(x)
    return out


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    fn_length,
    fn_first,
    fn_last,
    fn_slice,
    fn_flatten,
    fn_unique,
    fn_reverse,
    fn_contains,
    fn_index_of,
    fn_sort,
    fn_compact,
    fn_count,
    fn_at,
    fn_every,
    fn_some,
    fn_find,
    fn_take,
    fn_skip,
    fn_range,
    fn_array_concat,
)
