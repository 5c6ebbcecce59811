"""Math built-ins (EXPRESSIONS.md §10.3) and the double-semantics helpers they share with the evaluator."""

from __future__ import annotations

import math
from collections.abc import Sequence

from runtimes.expressions.builtins._base import (
    BuiltinContext,
    BuiltinFunction,
    arg,
    definer,
    num,
    num0,
    require_array,
)
from runtimes.expressions.values import MAX_SAFE_INTEGER, UNDEFINED, is_number, is_truthy, normalize_number

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

__all__ = ["FUNCTIONS", "js_divide", "js_pow", "js_remainder", "js_round"]

builtin = definer("math")
Args: TypeAlias = "Sequence[Any]"
Number = int | float


def js_pow(base: Number, exponent: Number) -> Number:
    """``base ** exponent`` on doubles (§6.2): never complex, NaN for domain errors, ±Infinity on overflow."""
    if exponent != exponent:
        return math.nan
    if exponent == 0:
        return 1
    if base != base:
        return math.nan
    if math.isinf(exponent) and abs(base) == 1:
        return math.nan
    b, e = float(base) if abs(base) <= 2**1023 else math.copysign(math.inf, base), float(exponent)
    odd_integer = e.is_integer() and not math.isinf(e) and int(e) % 2 == 1
    if b == 0 and e < 0:
        return -math.inf if (odd_integer and math.copysign(1, b) < 0) else math.inf
    try:
        result = math.pow(b, e)
    except ValueError:
        return math.nan
    except OverflowError:
        return -math.inf if (b < 0 and odd_integer) else math.inf
    return normalize_number(result)


def js_divide(a: Number, b: Number) -> Number:
    """``a / b`` on doubles: x/0 → ±Infinity, 0/0 → NaN."""
    if b == 0:
        if a == 0 or a != a:
            return math.nan
        negative = (a < 0) != (math.copysign(1, float(b)) < 0)
        return -math.inf if negative else math.inf
    try:
        return normalize_number(a / b)
    except OverflowError:
        return math.inf if (a > 0) == (b > 0) else -math.inf


def js_remainder(a: Number, b: Number) -> Number:
    """JavaScript ``%``: the dividend's sign; divisor 0, NaN or an infinite dividend → NaN."""
    if b == 0 or a != a or b != b or math.isinf(a):
        return math.nan
    if math.isinf(b):
        return a
    if isinstance(a, int) and isinstance(b, int):
        r = abs(a) % abs(b)
        if a >= 0:
            return r
        return -r if r else -0.0
    return normalize_number(math.fmod(a, b))


def _signed_zero(result: Number, x: float) -> Number:
    """``result`` of rounding the double ``x``; a zero result keeps the sign of ``x`` (JavaScript gives -0)."""
    if result == 0 and math.copysign(1.0, x) < 0:
        return -0.0
    return normalize_number(result)


def _floor(x: Number) -> Number:
    return x if isinstance(x, int) or not math.isfinite(x) else _signed_zero(math.floor(x), x)


def _ceil(x: Number) -> Number:
    return x if isinstance(x, int) or not math.isfinite(x) else _signed_zero(math.ceil(x), x)


def _trunc(x: Number) -> Number:
    return x if isinstance(x, int) or not math.isfinite(x) else _signed_zero(math.trunc(x), x)


def _round_half_up(x: Number) -> Number:
    """JavaScript ``Math.round``: half toward +Infinity, exact for every double (no ``floor(x + 0.5)`` error)."""
    if isinstance(x, int) or not math.isfinite(x) or x.is_integer():
        return x
    low = math.floor(x)
    result = low + 1 if x - low >= 0.5 else low  # x - low is exact for a non-integral double
    return _signed_zero(result, x)


def js_round(n: Number, digits: Number = 0) -> Number:
    """round(n, d): n × 10^d rounded half toward +Infinity, then ÷ 10^d (as the original computes it)."""
    factor = js_pow(10, digits)
    scaled = n * factor
    if scaled != scaled or math.isinf(scaled):
        return js_divide(scaled, factor)
    return js_divide(_round_half_up(scaled), factor)


def _is_negative_zero(v: Number) -> bool:
    return v == 0 and isinstance(v, float) and math.copysign(1.0, v) < 0


def _js_max(values: Sequence[Number]) -> Number:
    result: Number = -math.inf
    for v in values:
        if v != v:
            return math.nan
        if v > result or (v == 0 and result == 0 and _is_negative_zero(result)):
            result = v
    return result


def _js_min(values: Sequence[Number]) -> Number:
    result: Number = math.inf
    for v in values:
        if v != v:
            return math.nan
        if v < result or (v == 0 and result == 0 and _is_negative_zero(v)):
            result = v
    return result


def _accumulate(total: Number, x: Number) -> Number:
    """``total + x`` on doubles: an int sum leaving ±2**53 is rounded to a double at that step, as JavaScript's is."""
    result = total + x
    if type(result) is int and not -MAX_SAFE_INTEGER <= result <= MAX_SAFE_INTEGER:
        return normalize_number(result)
    return result


@builtin("min(...xs)", "The smallest number argument (min(...arr) for an array)")
def fn_min(args: Args, ctx: BuiltinContext) -> Any:
    return _js_min([x for x in args if is_number(x)])


@builtin("max(...xs)", "The largest number argument (max(...arr) for an array)")
def fn_max(args: Args, ctx: BuiltinContext) -> Any:
    return _js_max([x for x in args if is_number(x)])


@builtin("sum(a)", "Sum of the items as numbers")
def fn_sum(args: Args, ctx: BuiltinContext) -> Any:
    total: Number = 0
    for item in require_array("sum", arg(args, 0)) or ():
        total = _accumulate(total, num0(item))
    return normalize_number(total)


@builtin("avg(a)", "Mean of the number items (0 when there are none)")
def fn_avg(args: Args, ctx: BuiltinContext) -> Any:
    numbers = [x for x in require_array("avg", arg(args, 0)) or () if is_number(x)]
    if not numbers:
        return 0
    total: Number = 0
    for x in numbers:
        total = _accumulate(total, x)
    return js_divide(total, len(numbers))


@builtin("round(n, d?)", "Rounds half up to d decimal places (default 0)")
def fn_round(args: Args, ctx: BuiltinContext) -> Any:
    digits = arg(args, 1)
    return js_round(num0(arg(args, 0)), 0 if digits is UNDEFINED else num(digits))


@builtin("floor(n)", "Largest integer ≤ n")
def fn_floor(args: Args, ctx: BuiltinContext) -> Any:
    return _floor(num0(arg(args, 0)))


@builtin("ceil(n)", "Smallest integer ≥ n")
def fn_ceil(args: Args, ctx: BuiltinContext) -> Any:
    return _ceil(num0(arg(args, 0)))


@builtin("abs(n)", "Absolute value")
def fn_abs(args: Args, ctx: BuiltinContext) -> Any:
    return normalize_number(abs(num0(arg(args, 0))))


@builtin("sqrt(n)", "Square root (negative: NaN)")
def fn_sqrt(args: Args, ctx: BuiltinContext) -> Any:
    n = num0(arg(args, 0))
    if n < 0:
        return math.nan
    if math.isinf(n):
        return n
    return normalize_number(math.sqrt(n))


@builtin("sign(n)", "-1, 0 or 1")
def fn_sign(args: Args, ctx: BuiltinContext) -> Any:
    n = num0(arg(args, 0))
    return 1 if n > 0 else -1 if n < 0 else n


@builtin("trunc(n)", "n without its fraction (toward 0)")
def fn_trunc(args: Args, ctx: BuiltinContext) -> Any:
    return _trunc(num0(arg(args, 0)))


@builtin("pow(b, e)", "b to the power e")
def fn_pow(args: Args, ctx: BuiltinContext) -> Any:
    return js_pow(num0(arg(args, 0)), num0(arg(args, 1)))


@builtin("random()", "Uniform random number in [0, 1)")
def fn_random(args: Args, ctx: BuiltinContext) -> Any:
    import random  # imported on use: the linter imports the catalogue, and start-up time is a target

    return random.random()


@builtin("random_int(min, max)", "Random integer between min and max, inclusive")
def fn_random_int(args: Args, ctx: BuiltinContext) -> Any:
    lo, hi = num(arg(args, 0)), num(arg(args, 1))
    width = hi - lo + 1
    if width != width:
        return math.nan
    import random

    return normalize_number(_floor(random.random() * width) + lo)


@builtin("clamp(n, lo, hi)", "n limited to the range lo..hi")
def fn_clamp(args: Args, ctx: BuiltinContext) -> Any:
    return _js_min([_js_max([num0(arg(args, 0)), num(arg(args, 1))]), num(arg(args, 2))])


@builtin("mod(n, d)", "Remainder of n / d with the sign of n")
def fn_mod(args: Args, ctx: BuiltinContext) -> Any:
    return js_remainder(num0(arg(args, 0)), num(arg(args, 1)))


@builtin("percent(v, t, d?)", "v as a percentage of t, rounded to d places (default 2)")
def fn_percent(args: Args, ctx: BuiltinContext) -> Any:
    total = arg(args, 1)
    if not is_truthy(total):
        return 0
    digits = arg(args, 2)
    percentage = js_divide(num(arg(args, 0)), num(total)) * 100
    if percentage != percentage:  # §10.3 spells the result as round(…), and round takes N0 of its argument
        percentage = 0
    return js_round(percentage, 2 if digits is UNDEFINED else num(digits))


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    fn_min,
    fn_max,
    fn_sum,
    fn_avg,
    fn_round,
    fn_floor,
    fn_ceil,
    fn_abs,
    fn_sqrt,
    fn_sign,
    fn_trunc,
    fn_pow,
    fn_random,
    fn_random_int,
    fn_clamp,
    fn_mod,
    fn_percent,
)
