"""Date format tokens (EXPRESSIONS.md §11.3): formatting, and parsing with a format (``parse_date(s, fmt)``).

A maximal run of one repeated ASCII letter is a token; quoted text is literal (``''`` = a quote); a letter run that
is not a token, and any other character, is literal. Macros (``D``, ``DD``, ``DDD``, ``t``, ``T``) expand to tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, tzinfo

from runtimes.expressions.dates import (
    MONTHS,
    WEEKDAYS,
    epoch_ms,
    from_epoch_ms,
    from_offset,
    from_wall,
    offset_text,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Final

__all__ = ["format_date", "parse_with_format"]

_MACROS: Final = {"D": "M/d/yyyy", "DD": "MMM d, yyyy", "DDD": "MMMM d, yyyy", "t": "h:mm a", "T": "HH:mm"}


def _hour12(dt: datetime) -> int:
    return dt.hour % 12 or 12


_FORMATTERS: Final[Mapping[str, Callable[[datetime], str]]] = {
    "yyyy": lambda dt: f"{dt.year:04d}",
    "yy": lambda dt: f"{dt.year % 100:02d}",
    "y": lambda dt: str(dt.year),
    "M": lambda dt: str(dt.month),
    "MM": lambda dt: f"{dt.month:02d}",
    "MMM": lambda dt: MONTHS[dt.month - 1][:3],
    "MMMM": lambda dt: MONTHS[dt.month - 1],
    "d": lambda dt: str(dt.day),
    "dd": lambda dt: f"{dt.day:02d}",
    "E": lambda dt: str(dt.isoweekday()),
    "EEE": lambda dt: WEEKDAYS[dt.weekday()][:3],
    "EEEE": lambda dt: WEEKDAYS[dt.weekday()],
    "o": lambda dt: str(dt.timetuple().tm_yday),
    "ooo": lambda dt: f"{dt.timetuple().tm_yday:03d}",
    "q": lambda dt: str((dt.month - 1) // 3 + 1),
    "W": lambda dt: str(dt.isocalendar()[1]),
    "WW": lambda dt: f"{dt.isocalendar()[1]:02d}",
    "kkkk": lambda dt: f"{dt.isocalendar()[0]:04d}",
    "H": lambda dt: str(dt.hour),
    "HH": lambda dt: f"{dt.hour:02d}",
    "h": lambda dt: str(_hour12(dt)),
    "hh": lambda dt: f"{_hour12(dt):02d}",
    "a": lambda dt: "AM" if dt.hour < 12 else "PM",
    "m": lambda dt: str(dt.minute),
    "mm": lambda dt: f"{dt.minute:02d}",
    "s": lambda dt: str(dt.second),
    "ss": lambda dt: f"{dt.second:02d}",
    "S": lambda dt: str(dt.microsecond // 1000),
    "SSS": lambda dt: f"{dt.microsecond // 1000:03d}",
    "Z": lambda dt: offset_text(dt, "narrow"),
    "ZZ": lambda dt: offset_text(dt, "full"),
    "ZZZ": lambda dt: offset_text(dt, "techie"),
    "x": lambda dt: str(epoch_ms(dt)),
    "X": lambda dt: str(epoch_ms(dt) // 1000),
}
_TOKENS: Final = frozenset(_FORMATTERS) | frozenset(_MACROS)


def _tokenize(fmt: str) -> list[tuple[bool, str]]:
    """(is_token, text) pieces: maximal letter runs that are tokens; quoted text and everything else literal."""
    out: list[tuple[bool, str]] = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c == "'":
            if fmt.startswith("''", i):
                out.append((False, "'"))
                i += 2
                continue
            j, buf = i + 1, []
            while j < n:
                if fmt[j] == "'":
                    if fmt.startswith("''", j):
                        buf.append("'")
                        j += 2
                        continue
                    break
                buf.append(fmt[j])
                j += 1
            out.append((False, "".join(buf)))
            i = j + 1
            continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and fmt[j] == c:
                j += 1
            run = fmt[i:j]
            if run in _MACROS:
                out.extend(_tokenize(_MACROS[run]))
            else:
                out.append((run in _TOKENS, run))
            i = j
            continue
        out.append((False, c))
        i += 1
    return out


def format_date(dt: datetime, fmt: str) -> str:
    return "".join(_FORMATTERS[text](dt) if is_token else text for is_token, text in _tokenize(fmt))


# ---------------------------------------------------------------------------------------------------------------------
# Parsing with a format (§11.3)


def _names(names: tuple[str, ...], short: bool) -> str:
    return "|".join(name[:3] if short else name for name in names)


_PARSE_PATTERNS: Final = {
    "yyyy": r"\d{4}",
    "yy": r"\d{2}",
    "y": r"\d{1,6}",
    "M": r"\d{1,2}",
    "MM": r"\d{2}",
    "MMM": _names(MONTHS, True),
    "MMMM": _names(MONTHS, False),
    "d": r"\d{1,2}",
    "dd": r"\d{2}",
    "E": r"[1-7]",
    "EEE": _names(WEEKDAYS, True),
    "EEEE": _names(WEEKDAYS, False),
    "o": r"\d{1,3}",
    "ooo": r"\d{3}",
    "q": r"[1-4]",
    "W": r"\d{1,2}",
    "WW": r"\d{2}",
    "kkkk": r"\d{4}",
    "H": r"\d{1,2}",
    "HH": r"\d{2}",
    "h": r"\d{1,2}",
    "hh": r"\d{2}",
    "a": r"AM|PM",
    "m": r"\d{1,2}",
    "mm": r"\d{2}",
    "s": r"\d{1,2}",
    "ss": r"\d{2}",
    "S": r"\d{1,3}",
    "SSS": r"\d{3}",
    "Z": r"[+-]\d{1,2}(?::\d{2})?",
    "ZZ": r"[+-]\d{2}:\d{2}",
    "ZZZ": r"[+-]\d{4}",
    "x": r"-?\d{1,16}",
    "X": r"-?\d{1,13}",
}
_PARSE_KEY: Final = {
    "yyyy": "year",
    "y": "year",
    "M": "month",
    "MM": "month",
    "d": "day",
    "dd": "day",
    "H": "hour",
    "HH": "hour",
    "h": "hour",
    "hh": "hour",
    "m": "minute",
    "mm": "minute",
    "s": "second",
    "ss": "second",
    "E": "weekday",
    "o": "ordinal",
    "ooo": "ordinal",
    "q": "quarter",
    "W": "week",
    "WW": "week",
    "kkkk": "week_year",
    "x": "epoch_ms",
    "X": "epoch_s",
}


_MONTH_NUMBERS: Final = {name.lower()[:n]: i + 1 for i, name in enumerate(MONTHS) for n in (3, len(name))}
_WEEKDAY_NUMBERS: Final = {name.lower()[:n]: i + 1 for i, name in enumerate(WEEKDAYS) for n in (3, len(name))}


def _parse_offset(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    body = text[1:].replace(":", "")
    hours, minutes = (int(body[:-2]), int(body[-2:])) if len(body) > 2 else (int(body), 0)
    return sign * timedelta(hours=hours, minutes=minutes)


def _read_fields(text: str, fmt: str) -> dict[str, int | str] | None:
    pieces = _tokenize(fmt)
    pattern = "".join(f"({_PARSE_PATTERNS[t]})" if tok else f"({re.escape(t)})" for tok, t in pieces)
    m = re.fullmatch(pattern, text, re.IGNORECASE | re.ASCII)
    if m is None:
        return None
    fields: dict[str, int | str] = {}
    for (tok, token), value in zip(pieces, m.groups(), strict=True):
        if not tok:
            continue
        key: str
        parsed: int | str
        if token in ("MMM", "MMMM"):
            key, parsed = "month", _MONTH_NUMBERS[value.lower()]
        elif token in ("EEE", "EEEE"):
            key, parsed = "weekday", _WEEKDAY_NUMBERS[value.lower()]
        elif token == "yy":
            two = int(value)
            key, parsed = "year", (1900 + two if two > 60 else 2000 + two)
        elif token == "a":
            key, parsed = "meridiem", value.upper()
        elif token in ("S", "SSS"):
            key, parsed = "millisecond", int(value)
        elif token in ("Z", "ZZ", "ZZZ"):
            key, parsed = "offset", value
        else:
            key, parsed = _PARSE_KEY[token], int(value)
        if key in fields and fields[key] != parsed:
            return None
        fields[key] = parsed
    return fields


def parse_with_format(text: str, fmt: str, tz: tzinfo, now: datetime) -> datetime | None:
    """Parse ``text`` with §11.3 tokens (the whole text must match). Missing fields: larger units from ``now``,
    smaller ones at their start (as Luxon does). None on any mismatch or impossible date."""
    fields = _read_fields(text, fmt)
    if fields is None:
        return None
    if "epoch_ms" in fields:
        return from_epoch_ms(int(fields["epoch_ms"]), tz)
    if "epoch_s" in fields:
        return from_epoch_ms(int(fields["epoch_s"]) * 1000, tz)
    local_now = now.astimezone(tz)
    hour = int(fields.get("hour", 0))
    meridiem = fields.get("meridiem")
    if meridiem == "PM" and hour < 12:
        hour += 12
    elif meridiem == "AM" and hour == 12:
        hour = 0
    try:
        day_of: date | None = None
        if "week" in fields:
            week_year = int(fields.get("week_year", fields.get("year", local_now.isocalendar()[0])))
            day_of = date.fromisocalendar(week_year, int(fields["week"]), int(fields.get("weekday", 1)))
        elif "ordinal" in fields and "month" not in fields and "day" not in fields:
            year = int(fields.get("year", local_now.year))
            day_of = date(year, 1, 1) + timedelta(days=int(fields["ordinal"]) - 1)
            if day_of.year != year:
                return None
        if day_of is not None:
            wall = {"year": day_of.year, "month": day_of.month, "day": day_of.day}
        else:
            wall = {}
            if "month" not in fields and "quarter" in fields:
                fields["month"] = (int(fields["quarter"]) - 1) * 3 + 1
            found = False
            for unit, current in (("year", local_now.year), ("month", local_now.month), ("day", local_now.day)):
                if unit in fields:
                    found = True
                    wall[unit] = int(fields[unit])
                else:
                    wall[unit] = 1 if found else current
        h = hour
        minute, second = int(fields.get("minute", 0)), int(fields.get("second", 0))
        ms = int(fields.get("millisecond", 0))
        if h > 23 or minute > 59 or second > 59 or ms > 999:
            return None
        date(wall["year"], wall["month"], wall["day"])
    except ValueError:
        return None
    if "offset" in fields:
        result = from_offset(
            wall["year"], wall["month"], wall["day"], h, minute, second, ms, _parse_offset(str(fields["offset"])), tz
        )
    else:
        result = from_wall(wall["year"], wall["month"], wall["day"], h, minute, second, ms, tz)
    weekday_mismatch = "weekday" in fields and "week" not in fields and result is not None
    if weekday_mismatch and result is not None and result.isoweekday() != int(fields["weekday"]):
        return None
    return result
