"""Date-times for the time built-ins (EXPRESSIONS.md §11.2): ISO input/output, instants, calendar arithmetic.

Format tokens (§11.3) live in :mod:`runtimes.expressions.date_formats`.

All values are aware ``datetime`` objects at millisecond precision, expressed in the caller's local zone. Python
compares and subtracts two datetimes with the same ``tzinfo`` by wall clock, so instants are compared through
:func:`epoch_ms` and elapsed time is added in UTC. Every function here is total: bad input gives None (callers
turn that into null/false), never an exception, except :func:`diff`, :func:`start_of` and :func:`end_of`, which
raise ``ValueError`` for an unknown unit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo

from runtimes.lazyre import lazy_compile

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Final

__all__ = [
    "CALENDAR_UNITS",
    "DURATION_UNITS",
    "add_duration",
    "diff",
    "end_of",
    "epoch_ms",
    "format_iso",
    "from_epoch_ms",
    "from_offset",
    "from_wall",
    "get_part",
    "normalize_unit",
    "offset_text",
    "parse_iso",
    "relative",
    "start_of",
]

MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MS: Final = timedelta(milliseconds=1)
SECOND_MS: Final = 1000
MINUTE_MS: Final = 60 * SECOND_MS
HOUR_MS: Final = 60 * MINUTE_MS
DAY_MS: Final = 24 * HOUR_MS

CALENDAR_UNITS: Final = ("years", "quarters", "months", "weeks", "days")
TIME_UNITS: Final = ("hours", "minutes", "seconds", "milliseconds")
DURATION_UNITS: Final = CALENDAR_UNITS + TIME_UNITS
_TIME_UNIT_MS: Final = {"hours": HOUR_MS, "minutes": MINUTE_MS, "seconds": SECOND_MS, "milliseconds": 1}
_CASUAL_MS: Final = {"years": 365 * DAY_MS, "quarters": 91 * DAY_MS, "months": 30 * DAY_MS, "weeks": 7 * DAY_MS}
_CASUAL_MS_ALL: Final = {**_CASUAL_MS, "days": DAY_MS, **_TIME_UNIT_MS}


def normalize_unit(unit: str) -> str | None:
    """``day``/``days`` → ``days`` for the nine duration units; None for anything else."""
    plural = unit if unit.endswith("s") else unit + "s"
    return plural if plural in DURATION_UNITS else None


# ---------------------------------------------------------------------------------------------------------------------
# Instants


def epoch_ms(dt: datetime) -> int:
    return (dt - _EPOCH) // _MS


def from_epoch_ms(ms: float, tz: tzinfo) -> datetime | None:
    if not math.isfinite(ms):
        return None
    try:
        return (_EPOCH + timedelta(milliseconds=math.trunc(ms))).astimezone(tz)
    except (OverflowError, ValueError):
        return None


def from_wall(
    year: int, month: int, day: int, hour: int, minute: int, second: int, ms: int, tz: tzinfo
) -> datetime | None:
    """The instant of a local wall-clock time (times in a DST gap move forward), or None when out of range."""
    try:
        wall = datetime(year, month, day, hour, minute, second, ms * 1000, tzinfo=tz)
        return wall.astimezone(UTC).astimezone(tz)
    except (OverflowError, ValueError):
        return None


def _offset_minutes(dt: datetime) -> int:
    offset = dt.utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60) if offset >= timedelta(0) else -int(-offset.total_seconds() // 60)


def offset_text(dt: datetime, style: str) -> str:
    """The UTC offset of ``dt``: ``full`` ``+02:00``, ``narrow`` ``+2`` / ``+5:30``, ``techie`` ``+0200``."""
    minutes = _offset_minutes(dt)
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    if style == "narrow":
        return f"{sign}{hh}" + (f":{mm:02d}" if mm else "")
    if style == "techie":
        return f"{sign}{hh:02d}{mm:02d}"
    return f"{sign}{hh:02d}:{mm:02d}"


def format_iso(dt: datetime) -> str:
    """``yyyy-MM-dd'T'HH:mm:ss.SSS±HH:MM`` (the offset is always numeric)."""
    return (
        f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
        f".{dt.microsecond // 1000:03d}{offset_text(dt, 'full')}"
    )


_ISO_INPUT = lazy_compile(
    r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?:T(?P<h>[0-9]{2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2})(?:\.(?P<f>[0-9]{1,9}))?)?"
    r"(?P<off>Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def parse_iso(text: str, tz: tzinfo) -> datetime | None:
    """§11.2 input: date, optional ``T`` time with 1–9 fraction digits, optional ``Z``/``±HH:MM``/``±HHMM``."""
    m = _ISO_INPUT.fullmatch(text)
    if m is None:
        return None
    year, month, day = int(m["y"]), int(m["mo"]), int(m["d"])
    hour, minute = int(m["h"] or 0), int(m["mi"] or 0)
    second = int(m["s"] or 0)
    ms = int((m["f"] or "0").ljust(3, "0")[:3])
    off = m["off"]
    if off is None:
        return from_wall(year, month, day, hour, minute, second, ms, tz)
    if off == "Z":
        offset = timedelta(0)
    else:
        digits = off[1:].replace(":", "")
        oh, om = int(digits[:2]), int(digits[2:])
        if oh > 23 or om > 59:
            return None
        offset = timedelta(hours=oh, minutes=om) * (-1 if off[0] == "-" else 1)
    return from_offset(year, month, day, hour, minute, second, ms, offset, tz)


def from_offset(
    year: int, month: int, day: int, hour: int, minute: int, second: int, ms: int, offset: timedelta, tz: tzinfo
) -> datetime | None:
    from datetime import timezone

    try:
        fixed = datetime(year, month, day, hour, minute, second, ms * 1000, tzinfo=timezone(offset))
        return fixed.astimezone(tz)
    except (OverflowError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------------------------------
# Calendar arithmetic


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _plus_calendar(dt: datetime, years: int, months: int, days: int, tz: tzinfo) -> datetime | None:
    """Move the local calendar date (day clamped to the month's end), keeping the wall-clock time."""
    local = dt.astimezone(tz)
    total_months = local.year * 12 + (local.month - 1) + years * 12 + months
    year, month = divmod(total_months, 12)
    month += 1
    if not 1 <= year <= 9999:
        return None
    day = min(local.day, _days_in_month(year, month))
    try:
        target = date(year, month, day) + timedelta(days=days)
    except OverflowError:
        return None
    return from_wall(
        target.year, target.month, target.day, local.hour, local.minute, local.second, local.microsecond // 1000, tz
    )


def add_duration(dt: datetime, parts: Mapping[str, float], tz: tzinfo) -> datetime | None:
    """``dt`` plus a duration given by unit (plural names of DURATION_UNITS). Whole calendar units move the local
    date; their fractions and the time units add elapsed time."""
    whole = {u: math.trunc(parts.get(u, 0)) for u in CALENDAR_UNITS}
    extra_ms = sum((parts.get(u, 0) - whole[u]) * _CASUAL_MS_ALL[u] for u in CALENDAR_UNITS)
    extra_ms += sum(parts.get(u, 0) * _TIME_UNIT_MS[u] for u in TIME_UNITS)
    if not math.isfinite(extra_ms):
        return None
    try:
        moved = dt
        if any(whole.values()):
            moved_or_none = _plus_calendar(
                dt,
                whole["years"],
                whole["quarters"] * 3 + whole["months"],
                whole["weeks"] * 7 + whole["days"],
                tz,
            )
            if moved_or_none is None:
                return None
            moved = moved_or_none
        return (moved.astimezone(UTC) + timedelta(milliseconds=math.trunc(extra_ms))).astimezone(tz)
    except (OverflowError, ValueError):
        return None


def _quarter(dt: datetime) -> int:
    return (dt.month - 1) // 3 + 1


def _differ(unit: str, a: datetime, b: datetime) -> int:
    if unit == "years":
        return b.year - a.year
    if unit == "quarters":
        return _quarter(b) - _quarter(a) + (b.year - a.year) * 4
    if unit == "months":
        return b.month - a.month + (b.year - a.year) * 12
    days = (b.date() - a.date()).days
    if unit == "weeks":
        return int(math.copysign(abs(days) // 7, days))
    return days


def _plus_unit(dt: datetime, unit: str, n: int, tz: tzinfo) -> datetime:
    moved = add_duration(dt, {unit: n}, tz)
    if moved is None:
        raise OverflowError("date out of range")
    return moved


def _diff_forward(earlier: datetime, later: datetime, unit: str, tz: tzinfo) -> float:
    """``later − earlier`` (later ≥ earlier) in ``unit``, fractional, following Luxon's diff algorithm."""
    if unit in _TIME_UNIT_MS:
        return (epoch_ms(later) - epoch_ms(earlier)) / _TIME_UNIT_MS[unit]
    count = _differ(unit, earlier, later)
    end = epoch_ms(later)
    high_water = _plus_unit(earlier, unit, count, tz)
    cursor = high_water
    same = True
    if epoch_ms(high_water) > end:
        count -= 1
        cursor = _plus_unit(earlier, unit, count, tz)
        same = False
        if epoch_ms(cursor) > end:
            high_water = cursor
            count -= 1
            cursor = _plus_unit(earlier, unit, count, tz)
    remaining = end - epoch_ms(cursor)
    if epoch_ms(high_water) < end:
        high_water = _plus_unit(cursor, unit, 1, tz)
        same = False
    if not same:
        span = epoch_ms(high_water) - epoch_ms(cursor)
        if span:
            return count + remaining / span
    return count


def diff(a: datetime, b: datetime, unit: str, tz: tzinfo) -> float:
    """``a − b`` in ``unit`` (singular or plural; ValueError when unknown)."""
    name = normalize_unit(unit)
    if name is None:
        raise ValueError(f"unknown unit '{unit}'")
    a, b = a.astimezone(tz), b.astimezone(tz)
    if epoch_ms(b) > epoch_ms(a):
        return -_diff_forward(a, b, name, tz)
    return _diff_forward(b, a, name, tz)


_START_UNITS: Final = ("year", "quarter", "month", "week", "day", "hour", "minute", "second")


def _start_unit(unit: str) -> str:
    name = unit[:-1] if unit.endswith("s") and unit[:-1] in _START_UNITS else unit
    if name not in _START_UNITS:
        raise ValueError(f"unknown unit '{unit}'")
    return name


def start_of(dt: datetime, unit: str, tz: tzinfo) -> datetime | None:
    """Start of the ``unit`` (year quarter month week day hour minute second) containing ``dt``; weeks start Monday."""
    name = _start_unit(unit)
    local = dt.astimezone(tz)
    y, mo, d, h, mi, s = local.year, local.month, local.day, local.hour, local.minute, local.second
    if name == "year":
        return from_wall(y, 1, 1, 0, 0, 0, 0, tz)
    if name == "quarter":
        return from_wall(y, (mo - 1) // 3 * 3 + 1, 1, 0, 0, 0, 0, tz)
    if name == "month":
        return from_wall(y, mo, 1, 0, 0, 0, 0, tz)
    if name == "week":
        try:
            monday = local.date() - timedelta(days=local.weekday())
        except OverflowError:
            return None
        return from_wall(monday.year, monday.month, monday.day, 0, 0, 0, 0, tz)
    if name == "day":
        return from_wall(y, mo, d, 0, 0, 0, 0, tz)
    if name == "hour":
        return from_wall(y, mo, d, h, 0, 0, 0, tz)
    if name == "minute":
        return from_wall(y, mo, d, h, mi, 0, 0, tz)
    return from_wall(y, mo, d, h, mi, s, 0, tz)


def end_of(dt: datetime, unit: str, tz: tzinfo) -> datetime | None:
    """The last millisecond of the ``unit`` containing ``dt``."""
    name = _start_unit(unit)
    following = add_duration(dt, {name + "s": 1}, tz)
    start = start_of(following, name, tz) if following is not None else None
    if start is None:
        return None
    return (start.astimezone(UTC) - _MS).astimezone(tz)


def get_part(dt: datetime, part: str) -> int | None:
    """One component of ``dt`` (already local); None for an unknown part."""
    iso = dt.isocalendar()
    parts: dict[str, Callable[[], int]] = {
        "year": lambda: dt.year,
        "quarter": lambda: _quarter(dt),
        "month": lambda: dt.month,
        "day": lambda: dt.day,
        "hour": lambda: dt.hour,
        "minute": lambda: dt.minute,
        "second": lambda: dt.second,
        "millisecond": lambda: dt.microsecond // 1000,
        "weekday": lambda: dt.isoweekday(),
        "weekNumber": lambda: iso[1],
        "weekYear": lambda: iso[0],
        "ordinal": lambda: dt.timetuple().tm_yday,
        "offset": lambda: _offset_minutes(dt),
    }
    getter = parts.get(part)
    return getter() if getter is not None else None


_RELATIVE_UNITS: Final = ("years", "months", "days", "hours", "minutes", "seconds")


def relative(dt: datetime, now: datetime, tz: tzinfo) -> str:
    """English text for ``dt`` relative to ``now``: ``in 3 days`` / ``2 hours ago``."""
    for unit in _RELATIVE_UNITS:
        count = diff(dt, now, unit, tz)
        if abs(count) >= 1:
            return _relative_text(math.trunc(count), unit, count < 0)
    return _relative_text(0, "seconds", epoch_ms(dt) < epoch_ms(now))


def _relative_text(count: int, unit: str, past: bool) -> str:
    n = abs(count)
    label = unit[:-1] if n == 1 else unit
    return f"{n} {label} ago" if past else f"in {n} {label}"
