"""Arithmetic, comparison and equality operators (EXPRESSIONS.md §6.2) on expression values.

``binary_operator(op, left, right)`` applies one non-short-circuit binary operator with JavaScript semantics: numbers
as doubles (integral results kept as ``int`` while |v| <= 2**53), ``+`` concatenating when either primitive is a
string, JS remainder and power rules, ``==`` loose equality. String results are capped (limits.MAX_STRING_LENGTH).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.limits import MAX_STRING_LENGTH
from runtimes.expressions.values import (
    MAX_SAFE_INTEGER,
    compare,
    loose_equals,
    normalize_number,
    strict_equals,
    to_number,
    to_primitive,
    to_string,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = ["binary_operator", "to_float"]


def _failed(detail: str) -> ExpressionError:
    return ExpressionError(f"Evaluation failed: {detail}", RuntimeErrorCode.EXPR_EVAL_ERROR)


def to_float(x: int | float) -> float:
    """The double of a number (huge ints become ±Infinity instead of raising)."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def _is_odd_integer(x: float) -> bool:
    return math.isfinite(x) and x.is_integer() and int(x) % 2 == 1


def _power(a: float, b: float) -> int | float:
    if b != b:
        return math.nan
    if b == 0:
        return 1
    if math.isinf(b) and abs(a) == 1:
        return math.nan
    if a == 0 and b < 0:
        negative = math.copysign(1.0, a) < 0 and _is_odd_integer(b)
        return -math.inf if negative else math.inf
    try:
        return normalize_number(math.pow(a, b))
    except OverflowError:
        return -math.inf if a < 0 and _is_odd_integer(b) else math.inf
    except ValueError:
        return math.nan


def _divide(a: float, b: float) -> int | float:
    if b == 0:
        if a == 0 or a != a:
            return math.nan
        sign = math.copysign(1.0, a) * math.copysign(1.0, b)
        return math.inf if sign > 0 else -math.inf
    return normalize_number(a / b)


def _remainder(a: float, b: float) -> int | float:
    if b == 0 or a != a or b != b or math.isinf(a):
        return math.nan
    if math.isinf(b):
        return normalize_number(a)
    return normalize_number(math.fmod(a, b))


def _add(left: Any, right: Any) -> Any:
    if type(left) is int and type(right) is int:
        return normalize_number(left + right)
    a = to_primitive(left)
    b = to_primitive(right)
    if isinstance(a, str) or isinstance(b, str):
        sa = a if isinstance(a, str) else to_string(a)
        sb = b if isinstance(b, str) else to_string(b)
        if len(sa) + len(sb) > MAX_STRING_LENGTH:
            raise _failed(f"string result is longer than {MAX_STRING_LENGTH:,} characters")
        return sa + sb
    return normalize_number(to_float(to_number(a)) + to_float(to_number(b)))


def _arith(op: str, left: Any, right: Any) -> Any:
    a = to_float(to_number(left))
    b = to_float(to_number(right))
    if op == "-":
        return normalize_number(a - b)
    if op == "*":
        return normalize_number(a * b)
    if op == "/":
        return _divide(a, b)
    if op == "%":
        return _remainder(a, b)
    return _power(a, b)


_NUMERIC_FAST: Final[dict[str, Callable[[Any, Any], Any]]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
    "===": operator.eq,
    "==": operator.eq,
    "!==": operator.ne,
    "!=": operator.ne,
}


def binary_operator(op: str, left: Any, right: Any) -> Any:
    """``left op right`` for every binary operator except ``&&``, ``||`` and ``??``."""
    tl = type(left)
    tr = type(right)
    if tl is int and not -MAX_SAFE_INTEGER <= left <= MAX_SAFE_INTEGER:  # a host int: first the double it stands for
        left, tl = to_float(left), float
    if tr is int and not -MAX_SAFE_INTEGER <= right <= MAX_SAFE_INTEGER:
        right, tr = to_float(right), float
    if (tl is int or tl is float) and (tr is int or tr is float):
        fast = _NUMERIC_FAST.get(op)
        if fast is not None:
            return fast(left, right)
        if op == "+":
            return normalize_number(left + right)
        if op == "-":
            return normalize_number(left - right)
        if op == "*":
            return normalize_number(to_float(left) * to_float(right))
        if right != 0 and tl is int and tr is int:
            if op == "/":
                return normalize_number(left / right)
            if op == "%":
                return normalize_number(math.fmod(left, right))
    elif tl is str and tr is str:
        if op == "===" or op == "==":
            return left == right
        if op == "!==" or op == "!=":
            return left != right
    if op == "+":
        return _add(left, right)
    if op in ("-", "*", "/", "%", "**"):
        return _arith(op, left, right)
    if op == "===":
        return strict_equals(left, right)
    if op == "!==":
        return not strict_equals(left, right)
    if op == "==":
        return loose_equals(left, right)
    if op == "!=":
        return not loose_equals(left, right)
    return compare(left, right, op)  # type: ignore[arg-type]
