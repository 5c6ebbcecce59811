"""Time built-ins (EXPRESSIONS.md §10.4). Dates are ISO strings (§11.2); results use the context's local zone."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from runtimes.expressions import date_formats, dates
from runtimes.expressions.builtins._base import BuiltinContext, BuiltinFunction, arg, definer, fail, num, s
from runtimes.expressions.durations import duration_ms, parse_iso_duration
from runtimes.expressions.values import UNDEFINED, is_nullish, is_number, normalize_number

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

__all__ = ["FUNCTIONS", "duration_parts"]

builtin = definer("time")
Args: TypeAlias = "Sequence[Any]"


def _now(ctx: BuiltinContext) -> datetime:
    current = ctx.now()
    if current.tzinfo is None:
        current = current.replace(tzinfo=UTC)
    return current.astimezone(ctx.local_tz).replace(microsecond=current.microsecond // 1000 * 1000)


def _date(x: Any, ctx: BuiltinContext) -> datetime | None:
    return dates.parse_iso(x, ctx.local_tz) if isinstance(x, str) else None


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dates.format_iso(dt)


def duration_parts(dur: Any) -> dict[str, float] | None:
    """An ISO-8601 duration string or a ``{days: 1, …}`` object as unit → amount; None when invalid."""
    if isinstance(dur, str):
        iso = parse_iso_duration(dur)
        return iso
    if not isinstance(dur, Mapping):
        return None
    parts: dict[str, float] = {}
    for key, value in dur.items():
        unit = dates.normalize_unit(str(key))
        if unit is None or not is_number(value):
            return None
        amount = normalize_number(value)  # a host int beyond 2**53 becomes its double (or ±Infinity)
        if not math.isfinite(amount):
            return None
        parts[unit] = parts.get(unit, 0) + float(amount)
    return parts


def _shift(args: Args, ctx: BuiltinContext, sign: int) -> Any:
    dt = _date(arg(args, 0), ctx)
    parts = duration_parts(arg(args, 1))
    if dt is None or parts is None:
        return None
    return _iso(dates.add_duration(dt, {u: sign * v for u, v in parts.items()}, ctx.local_tz))


def _format_arg(x: Any, default: str) -> str:
    return default if is_nullish(x) else s(x)


@builtin("now()", "Current date-time as an ISO string")
def fn_now(args: Args, ctx: BuiltinContext) -> Any:
    return dates.format_iso(_now(ctx))


@builtin("date(fmt?)", "Today as yyyy-MM-dd, or formatted with fmt")
def fn_date(args: Args, ctx: BuiltinContext) -> Any:
    return date_formats.format_date(_now(ctx), _format_arg(arg(args, 0), "yyyy-MM-dd"))


@builtin("time(fmt?)", "Current time as HH:mm:ss.SSS±HH:MM, or formatted with fmt")
def fn_time(args: Args, ctx: BuiltinContext) -> Any:
    return date_formats.format_date(_now(ctx), _format_arg(arg(args, 0), "HH:mm:ss.SSSZZ"))


@builtin("parse_date(s, fmt?)", "ISO string of a date parsed as ISO or with format tokens; null on failure")
def fn_parse_date(args: Args, ctx: BuiltinContext) -> Any:
    text, fmt = s(arg(args, 0)), arg(args, 1)
    if text == "":
        return None
    if is_nullish(fmt):
        return _iso(dates.parse_iso(text, ctx.local_tz))
    return _iso(date_formats.parse_with_format(text, s(fmt), ctx.local_tz, _now(ctx)))


@builtin("format_date(d, fmt)", "A date formatted with format tokens (yyyy-MM-dd HH:mm, …)")
def fn_format_date(args: Args, ctx: BuiltinContext) -> Any:
    dt = _date(arg(args, 0), ctx)
    return None if dt is None else date_formats.format_date(dt, s(arg(args, 1)))


@builtin("add_time(d, dur)", "d plus an ISO duration ('P1M') or {days: 1, hours: 2, …}")
def fn_add_time(args: Args, ctx: BuiltinContext) -> Any:
    return _shift(args, ctx, 1)


@builtin("subtract_time(d, dur)", "d minus an ISO duration ('P1D') or {days: 1, …}")
def fn_subtract_time(args: Args, ctx: BuiltinContext) -> Any:
    return _shift(args, ctx, -1)


@builtin("diff(a, b, unit?)", "a − b in unit (default days), fractional")
def fn_diff(args: Args, ctx: BuiltinContext) -> Any:
    unit_arg = arg(args, 2)
    unit = "days" if is_nullish(unit_arg) else s(unit_arg)
    if dates.normalize_unit(unit) is None:
        raise fail("diff", f"unknown unit '{unit}'")
    a, b = _date(arg(args, 0), ctx), _date(arg(args, 1), ctx)
    if a is None or b is None:
        return None
    try:
        return normalize_number(dates.diff(a, b, unit, ctx.local_tz))
    except OverflowError:
        return None


@builtin("timestamp()", "Current Unix time in milliseconds")
def fn_timestamp(args: Args, ctx: BuiltinContext) -> Any:
    return dates.epoch_ms(_now(ctx))


@builtin("from_timestamp(ms)", "ISO string of a Unix time in milliseconds")
def fn_from_timestamp(args: Args, ctx: BuiltinContext) -> Any:
    return _iso(dates.from_epoch_ms(num(arg(args, 0)), ctx.local_tz))


def _unit_arg(name: str, x: Any) -> str:
    unit = s(x)
    try:
        dates.start_of(datetime(2000, 1, 1, tzinfo=UTC), unit, UTC)
    except ValueError:
        raise fail(name, f"unknown unit '{unit}'") from None
    return unit


@builtin("start_of(d, unit)", "Start of the year/quarter/month/week/day/hour/minute/second containing d")
def fn_start_of(args: Args, ctx: BuiltinContext) -> Any:
    unit = _unit_arg("start_of", arg(args, 1))
    dt = _date(arg(args, 0), ctx)
    return None if dt is None else _iso(dates.start_of(dt, unit, ctx.local_tz))


@builtin("end_of(d, unit)", "Last millisecond of the unit containing d")
def fn_end_of(args: Args, ctx: BuiltinContext) -> Any:
    unit = _unit_arg("end_of", arg(args, 1))
    dt = _date(arg(args, 0), ctx)
    return None if dt is None else _iso(dates.end_of(dt, unit, ctx.local_tz))


@builtin("get_part(d, part)", "year, quarter, month, day, hour, …, weekday (1 = Monday), weekNumber, offset")
def fn_get_part(args: Args, ctx: BuiltinContext) -> Any:
    dt = _date(arg(args, 0), ctx)
    if dt is None:
        return None
    value = dates.get_part(dt, s(arg(args, 1)))
    return UNDEFINED if value is None else value


@builtin("is_before(a, b)", "Whether a is earlier than b")
def fn_is_before(args: Args, ctx: BuiltinContext) -> Any:
    a, b = _date(arg(args, 0), ctx), _date(arg(args, 1), ctx)
    return a is not None and b is not None and dates.epoch_ms(a) < dates.epoch_ms(b)


@builtin("is_after(a, b)", "Whether a is later than b")
def fn_is_after(args: Args, ctx: BuiltinContext) -> Any:
    a, b = _date(arg(args, 0), ctx), _date(arg(args, 1), ctx)
    return a is not None and b is not None and dates.epoch_ms(a) > dates.epoch_ms(b)


@builtin("relative(d)", "English text relative to now: 'in 3 days', '2 hours ago'")
def fn_relative(args: Args, ctx: BuiltinContext) -> Any:
    dt = _date(arg(args, 0), ctx)
    if dt is None:
        return None
    try:
        return dates.relative(dt, _now(ctx), ctx.local_tz)
    except OverflowError:
        return None


@builtin("duration(x)", "Milliseconds of a duration ('1h30m', '500ms', 'PT30S'); null when invalid")
def fn_duration(args: Args, ctx: BuiltinContext) -> Any:
    x = arg(args, 0)
    if is_number(x):
        return x if x > 0 and math.isfinite(normalize_number(x)) else None
    return duration_ms(x) if isinstance(x, str) else None


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    fn_now,
    fn_date,
    fn_time,
    fn_parse_date,
    fn_format_date,
    fn_add_time,
    fn_subtract_time,
    fn_diff,
    fn_timestamp,
    fn_from_timestamp,
    fn_start_of,
    fn_end_of,
    fn_get_part,
    fn_is_before,
    fn_is_after,
    fn_relative,
    fn_duration,
)
