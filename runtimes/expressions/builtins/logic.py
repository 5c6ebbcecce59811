"""Type and logic built-ins (EXPRESSIONS.md §10.6)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from runtimes.expressions.builtins._base import BuiltinContext, BuiltinFunction, arg, definer
from runtimes.expressions.values import (
    UNDEFINED,
    is_nullish,
    is_number,
    is_truthy,
    json_encode,
    to_number,
    to_string,
    type_name,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

__all__ = ["FUNCTIONS"]

builtin = definer("type")
Args: TypeAlias = "Sequence[Any]"


@builtin("typeof(v)", "Type name: undefined null boolean number string array object function")
def fn_typeof(args: Args, ctx: BuiltinContext) -> Any:
    return type_name(arg(args, 0))


@builtin("is_null(v)", "Whether v is null or undefined")
def fn_is_null(args: Args, ctx: BuiltinContext) -> Any:
    return is_nullish(arg(args, 0))


@builtin("is_array(v)", "Whether v is an array")
def fn_is_array(args: Args, ctx: BuiltinContext) -> Any:
    return type_name(arg(args, 0)) == "array"


@builtin("is_object(v)", "Whether v is an object (not null, not an array)")
def fn_is_object(args: Args, ctx: BuiltinContext) -> Any:
    return type_name(arg(args, 0)) == "object"


@builtin("is_string(v)", "Whether v is a string")
def fn_is_string(args: Args, ctx: BuiltinContext) -> Any:
    return isinstance(arg(args, 0), str)


@builtin("is_number(v)", "Whether v is a number other than NaN")
def fn_is_number(args: Args, ctx: BuiltinContext) -> Any:
    v = arg(args, 0)
    return is_number(v) and v == v


@builtin("is_boolean(v)", "Whether v is true or false")
def fn_is_boolean(args: Args, ctx: BuiltinContext) -> Any:
    return isinstance(arg(args, 0), bool)


@builtin("is_empty(v)", "Whether v is null, undefined, '', [] or {}")
def fn_is_empty(args: Args, ctx: BuiltinContext) -> Any:
    v = arg(args, 0)
    if is_nullish(v):
        return True
    return isinstance(v, str | list | tuple | Mapping) and len(v) == 0


@builtin("to_string(v)", "String form of v (arrays/objects: JSON; null: empty)")
def fn_to_string(args: Args, ctx: BuiltinContext) -> Any:
    v = arg(args, 0)
    if is_nullish(v):
        return ""
    if isinstance(v, list | tuple | Mapping):
        encoded = json_encode(v)
        return encoded if isinstance(encoded, str) else ""
    return to_string(v)


@builtin("to_number(v)", "Number form of v (NaN becomes 0)")
def fn_to_number(args: Args, ctx: BuiltinContext) -> Any:
    n = to_number(arg(args, 0))
    return 0 if n != n else n


@builtin("to_boolean(v)", "Truthiness of v")
def fn_to_boolean(args: Args, ctx: BuiltinContext) -> Any:
    return is_truthy(arg(args, 0))


@builtin("to_array(v)", "v if it is an array; [] for null; else [v]")
def fn_to_array(args: Args, ctx: BuiltinContext) -> Any:
    v = arg(args, 0)
    if isinstance(v, list):
        return v
    if isinstance(v, tuple):
        return list(v)
    return [] if is_nullish(v) else [v]


@builtin("coalesce(...xs)", "The first argument that is not null/undefined")
def fn_coalesce(args: Args, ctx: BuiltinContext) -> Any:
    return next((x for x in args if not is_nullish(x)), UNDEFINED)


@builtin("default(v, d)", "d when v is null/undefined, else v")
def fn_default(args: Args, ctx: BuiltinContext) -> Any:
    v = arg(args, 0)
    return arg(args, 1) if is_nullish(v) else v


@builtin("if_else(c, a, b)", "a when c is truthy, else b")
def fn_if_else(args: Args, ctx: BuiltinContext) -> Any:
    return arg(args, 1) if is_truthy(arg(args, 0)) else arg(args, 2)


@builtin("is_finite(v)", "Whether v is a finite number")
def fn_is_finite(args: Args, ctx: BuiltinContext) -> Any:
    v = arg(args, 0)
    return is_number(v) and (isinstance(v, int) or math.isfinite(v))


@builtin("is_integer(v)", "Whether v is a number without fraction")
def fn_is_integer(args: Args, ctx: BuiltinContext) -> Any:
    v = arg(args, 0)
    return is_number(v) and (isinstance(v, int) or (math.isfinite(v) and float(v).is_integer()))


@builtin("is_nan(v)", "Whether v is the number NaN")
def fn_is_nan(args: Args, ctx: BuiltinContext) -> Any:
    v = arg(args, 0)
    return is_number(v) and v != v


@builtin("is_truthy(v)", "Whether v is truthy")
def fn_is_truthy(args: Args, ctx: BuiltinContext) -> Any:
    return is_truthy(arg(args, 0))


@builtin("is_falsy(v)", "Whether v is falsy")
def fn_is_falsy(args: Args, ctx: BuiltinContext) -> Any:
    return not is_truthy(arg(args, 0))


@builtin("switch(v, cases, d?)", "cases[v] when cases has that key, else d")
def fn_switch(args: Args, ctx: BuiltinContext) -> Any:
    cases = arg(args, 1)
    key = to_string(arg(args, 0))
    if isinstance(cases, Mapping) and key in cases:
        return cases[key]
    default = arg(args, 2)
    return None if default is UNDEFINED else default


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    fn_typeof,
    fn_is_null,
    fn_is_array,
    fn_is_object,
    fn_is_string,
    fn_is_number,
    fn_is_boolean,
    fn_is_empty,
    fn_to_string,
    fn_to_number,
    fn_to_boolean,
    fn_to_array,
    fn_coalesce,
    fn_default,
    fn_if_else,
    fn_is_finite,
    fn_is_integer,
    fn_is_nan,
    fn_is_truthy,
    fn_is_falsy,
    fn_switch,
)
