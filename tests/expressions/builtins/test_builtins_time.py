"""EXPRESSIONS.md §10.4 and §11.2/§11.3: time built-ins with an injected clock, in UTC and in other zones."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from builtin_helpers import call, make_ctx, same

from runtimes.errors import ExpressionError
from runtimes.expressions.builtins import local_timezone
from runtimes.expressions.values import UNDEFINED

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

CASES: list[tuple[str, tuple[Any, ...], Any]] = [
    ("now", (), "2024-03-05T07:08:09.012+00:00"),
    ("date", (), "2024-03-05"),
    ("date", ("dd.MM.yyyy",), "05.03.2024"),
    ("time", (), "07:08:09.012+00:00"),
    ("time", ("HH:mm",), "07:08"),
    ("parse_date", ("05/03/2024", "dd/MM/yyyy"), "2024-03-05T00:00:00.000+00:00"),
    ("parse_date", ("2024-03-05",), "2024-03-05T00:00:00.000+00:00"),
    ("parse_date", ("2024-03-05T10:20",), "2024-03-05T10:20:00.000+00:00"),
    ("parse_date", ("2024-03-05T10:20:30.123456789",), "2024-03-05T10:20:30.123+00:00"),
    ("parse_date", ("2024-03-05T10:20:30.5Z",), "2024-03-05T10:20:30.500+00:00"),
    ("parse_date", ("2024-03-05T10:20:30+02:00",), "2024-03-05T08:20:30.000+00:00"),
    ("parse_date", ("2024-03-05T10:20:30-0130",), "2024-03-05T11:50:30.000+00:00"),
    ("parse_date", ("2024-02-30",), None),
    ("parse_date", ("2024-3-5",), None),
    ("parse_date", ("garbage",), None),
    ("parse_date", ("",), None),
    ("parse_date", (None,), None),
    ("parse_date", ("2024-03-05T25:00",), None),
    ("parse_date", ("March 5, 2024", "MMMM d, yyyy"), "2024-03-05T00:00:00.000+00:00"),
    ("parse_date", ("mar 5 24", "MMM d yy"), "2024-03-05T00:00:00.000+00:00"),
    ("parse_date", ("5/3/99 7:08 PM", "d/M/yy h:mm a"), "1999-03-05T19:08:00.000+00:00"),
    ("parse_date", ("12:30 AM", "hh:mm a"), "2024-03-05T00:30:00.000+00:00"),
    ("parse_date", ("1709622489012", "x"), "2024-03-05T07:08:09.012+00:00"),
    ("parse_date", ("2024-03-05 10:00 +02:00", "yyyy-MM-dd HH:mm ZZ"), "2024-03-05T08:00:00.000+00:00"),
    ("parse_date", ("2024", "yyyy"), "2024-01-01T00:00:00.000+00:00"),
    ("parse_date", ("at 10:15", "'at' HH:mm"), "2024-03-05T10:15:00.000+00:00"),
    ("parse_date", ("2024-065", "yyyy-ooo"), "2024-03-05T00:00:00.000+00:00"),
    ("parse_date", ("05/03/2024x", "dd/MM/yyyy"), None),
    ("parse_date", ("31/02/2024", "dd/MM/yyyy"), None),
    ("parse_date", ("Wed 05/03/2024", "EEE dd/MM/yyyy"), None),
    ("parse_date", ("Tue 05/03/2024", "EEE dd/MM/yyyy"), "2024-03-05T00:00:00.000+00:00"),
    ("format_date", ("2024-03-05T07:08:09", "yyyy-MM-dd HH:mm"), "2024-03-05 07:08"),
    ("format_date", ("garbage", "yyyy"), None),
    ("format_date", (None, "yyyy"), None),
    ("format_date", ("2024-03-05T07:08:09.012", "D|DD|DDD|t|T"), "3/5/2024|Mar 5, 2024|March 5, 2024|7:08 AM|07:08"),
    ("format_date", ("2024-03-05T17:08:09.012", "h hh a H HH m mm s ss S SSS"), "5 05 PM 17 17 8 08 9 09 12 012"),
    ("format_date", ("2024-03-05", "y yy yyyy M MM MMM MMMM d dd"), "2024 24 2024 3 03 Mar March 5 05"),
    ("format_date", ("2024-03-05", "E EEE EEEE o ooo q W WW kkkk"), "2 Tue Tuesday 65 065 1 10 10 2024"),
    ("format_date", ("2024-03-05", "Z|ZZ|ZZZ|x|X"), "+0|+00:00|+0000|1709596800000|1709596800"),
    ("format_date", ("2024-03-05", "'Day' d 'o''clock' '' yyy ffff"), "Day 5 o'clock ' yyy ffff"),
    ("format_date", ("2024-03-05", "dd/MM/yyyy, à"), "05/03/2024, à"),
    ("add_time", ("2024-01-31T00:00:00", "P1M"), "2024-02-29T00:00:00.000+00:00"),
    ("add_time", ("2024-01-31T00:00:00", {"months": 1}), "2024-02-29T00:00:00.000+00:00"),
    ("add_time", ("2024-02-29", "P1Y"), "2025-02-28T00:00:00.000+00:00"),
    ("add_time", ("2024-03-05T07:08:09", "PT1H30M"), "2024-03-05T08:38:09.000+00:00"),
    ("add_time", ("2024-03-05", {"day": 1, "hours": 2}), "2024-03-06T02:00:00.000+00:00"),
    ("add_time", ("2024-03-05", {"weeks": 1, "quarters": 1}), "2024-06-12T00:00:00.000+00:00"),
    ("add_time", ("2024-03-05", {"milliseconds": 1500}), "2024-03-05T00:00:01.500+00:00"),
    ("add_time", ("2024-03-05", {"days": 1.5}), "2024-03-06T12:00:00.000+00:00"),
    ("add_time", ("2024-03-05", "1h"), None),
    ("add_time", ("2024-03-05", 1000), None),
    ("add_time", ("2024-03-05", {"fortnights": 1}), None),
    ("add_time", ("2024-03-05", {"days": "1"}), None),
    ("add_time", ("garbage", "P1D"), None),
    ("subtract_time", ("2024-03-01T00:00:00", {"days": 1}), "2024-02-29T00:00:00.000+00:00"),
    ("subtract_time", ("2024-03-31", "P1M"), "2024-02-29T00:00:00.000+00:00"),
    ("subtract_time", ("2024-03-05", "PT1S"), "2024-03-04T23:59:59.000+00:00"),
    ("diff", ("2024-03-10T12:00:00", "2024-03-08T00:00:00"), 2.5),
    ("diff", ("2024-03-08T00:00:00", "2024-03-10T12:00:00"), -2.5),
    ("diff", ("2024-03-10", "2024-03-08", "hours"), 48),
    ("diff", ("2024-03-10", "2024-03-08", "hour"), 48),
    ("diff", ("2024-03-10T00:00:01", "2024-03-10", "milliseconds"), 1000),
    ("diff", ("2024-03-10", "2024-03-10T00:01:30", "minutes"), -1.5),
    ("diff", ("2024-03-31", "2024-01-31", "months"), 2),
    ("diff", ("2024-03-15", "2024-01-01", "month"), 2 + 14 / 31),
    ("diff", ("2025-01-01", "2024-01-01", "years"), 1),
    ("diff", ("2024-07-01", "2024-01-01", "years"), 182 / 366),
    ("diff", ("2024-03-15", "2024-03-01", "weeks"), 2),
    ("diff", ("2024-04-01", "2024-01-01", "quarters"), 1),
    ("diff", ("2024-03-10", "garbage"), None),
    ("timestamp", (), 1709622489012),
    ("from_timestamp", (0,), "1970-01-01T00:00:00.000+00:00"),
    ("from_timestamp", ("1709622489012",), "2024-03-05T07:08:09.012+00:00"),
    ("from_timestamp", (-1,), "1969-12-31T23:59:59.999+00:00"),
    ("from_timestamp", (float("inf"),), None),
    ("from_timestamp", (UNDEFINED,), None),
    ("from_timestamp", (1e20,), None),
    ("start_of", ("2024-03-05T07:08:09", "month"), "2024-03-01T00:00:00.000+00:00"),
    ("start_of", ("2024-03-05T07:08:09", "year"), "2024-01-01T00:00:00.000+00:00"),
    ("start_of", ("2024-05-05T07:08:09", "quarter"), "2024-04-01T00:00:00.000+00:00"),
    ("start_of", ("2024-03-10T07:08:09", "week"), "2024-03-04T00:00:00.000+00:00"),
    ("start_of", ("2024-03-05T07:08:09.5", "day"), "2024-03-05T00:00:00.000+00:00"),
    ("start_of", ("2024-03-05T07:08:09.5", "hour"), "2024-03-05T07:00:00.000+00:00"),
    ("start_of", ("2024-03-05T07:08:09.5", "minute"), "2024-03-05T07:08:00.000+00:00"),
    ("start_of", ("2024-03-05T07:08:09.5", "second"), "2024-03-05T07:08:09.000+00:00"),
    ("start_of", ("garbage", "day"), None),
    ("end_of", ("2024-03-05T07:08:09", "day"), "2024-03-05T23:59:59.999+00:00"),
    ("end_of", ("2024-02-05", "month"), "2024-02-29T23:59:59.999+00:00"),
    ("end_of", ("2024-03-05", "year"), "2024-12-31T23:59:59.999+00:00"),
    ("end_of", ("2024-03-05", "week"), "2024-03-10T23:59:59.999+00:00"),
    ("end_of", ("2024-03-05", "quarter"), "2024-03-31T23:59:59.999+00:00"),
    ("get_part", ("2024-03-05", "weekday"), 2),
    ("get_part", ("2024-03-05T07:08:09.012", "year"), 2024),
    ("get_part", ("2024-03-05T07:08:09.012", "quarter"), 1),
    ("get_part", ("2024-03-05T07:08:09.012", "month"), 3),
    ("get_part", ("2024-03-05T07:08:09.012", "day"), 5),
    ("get_part", ("2024-03-05T07:08:09.012", "hour"), 7),
    ("get_part", ("2024-03-05T07:08:09.012", "minute"), 8),
    ("get_part", ("2024-03-05T07:08:09.012", "second"), 9),
    ("get_part", ("2024-03-05T07:08:09.012", "millisecond"), 12),
    ("get_part", ("2024-12-30", "weekNumber"), 1),
    ("get_part", ("2024-12-30", "weekYear"), 2025),
    ("get_part", ("2024-03-05", "ordinal"), 65),
    ("get_part", ("2024-03-05", "offset"), 0),
    ("get_part", ("2024-03-05", "decade"), UNDEFINED),
    ("get_part", ("garbage", "year"), None),
    ("is_before", ("2024-01-01", "2024-06-01"), True),
    ("is_before", ("2024-06-01", "2024-01-01"), False),
    ("is_before", ("garbage", "2024-01-01"), False),
    ("is_after", ("2024-01-01", "garbage"), False),
    ("is_after", ("2024-06-01", "2024-01-01"), True),
    ("is_after", ("2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00Z"), False),
    ("relative", ("2024-03-03T07:08:09.012",), "2 days ago"),
    ("relative", ("2024-03-04T07:08:09.012",), "1 day ago"),
    ("relative", ("2024-03-05T10:08:09.012",), "in 3 hours"),
    ("relative", ("2024-03-05T07:09:09.012",), "in 1 minute"),
    ("relative", ("2024-03-05T07:08:09.512",), "in 0 seconds"),
    ("relative", ("2024-03-05T07:08:08.512",), "0 seconds ago"),
    ("relative", ("2022-01-01",), "2 years ago"),
    ("relative", ("2024-05-20",), "in 2 months"),
    ("relative", ("garbage",), None),
    ("duration", ("1h30m",), 5400000),
    ("duration", (250,), 250),
    ("duration", ("PT30S",), 30000),
    ("duration", ("0s",), None),
    ("duration", (0,), None),
    ("duration", (-5,), None),
    ("duration", ("5sx",), None),
    ("duration", (None,), None),
    ("duration", (True,), None),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_time_builtin_utc(name: str, args: tuple[Any, ...], expected: Any) -> None:
    result = call(name, *args)
    assert same(result, expected), result


ZONE_CASES: list[tuple[Any, str, tuple[Any, ...], Any]] = [
    (BERLIN, "now", (), "2024-03-05T08:08:09.012+01:00"),
    (BERLIN, "parse_date", ("2024-07-01",), "2024-07-01T00:00:00.000+02:00"),
    (BERLIN, "parse_date", ("2024-07-01T12:00:00Z",), "2024-07-01T14:00:00.000+02:00"),
    (BERLIN, "add_time", ("2024-03-30T12:00:00", "P1D"), "2024-03-31T12:00:00.000+02:00"),
    (BERLIN, "add_time", ("2024-03-30T12:00:00", "PT24H"), "2024-03-31T13:00:00.000+02:00"),
    (BERLIN, "add_time", ("2024-03-31T01:30:00", "PT1H"), "2024-03-31T03:30:00.000+02:00"),
    (BERLIN, "parse_date", ("2024-03-31T02:30:00",), "2024-03-31T03:30:00.000+02:00"),
    (BERLIN, "diff", ("2024-04-01", "2024-03-31", "hours"), 23),
    (BERLIN, "diff", ("2024-04-01", "2024-03-31"), 1),
    (BERLIN, "start_of", ("2024-03-31T12:00:00", "day"), "2024-03-31T00:00:00.000+01:00"),
    (BERLIN, "end_of", ("2024-03-31T12:00:00", "day"), "2024-03-31T23:59:59.999+02:00"),
    (BERLIN, "get_part", ("2024-07-01", "offset"), 120),
    (BERLIN, "format_date", ("2024-07-01T09:05:00", "Z ZZ ZZZ"), "+2 +02:00 +0200"),
    (BERLIN, "from_timestamp", (0,), "1970-01-01T01:00:00.000+01:00"),
    (BERLIN, "date", (), "2024-03-05"),
    (NEW_YORK, "now", (), "2024-03-05T02:08:09.012-05:00"),
    (NEW_YORK, "format_date", ("2024-11-03T01:30:00-04:00", "HH:mm ZZ"), "01:30 -04:00"),
    (NEW_YORK, "add_time", ("2024-11-02T12:00:00", {"days": 1}), "2024-11-03T12:00:00.000-05:00"),
    (NEW_YORK, "is_before", ("2024-03-05T00:00:00", "2024-03-05T04:00:00Z"), False),
    (NEW_YORK, "is_before", ("2024-11-03T01:30:00-04:00", "2024-11-03T01:10:00-05:00"), True),
    (NEW_YORK, "is_after", ("2024-11-03T01:30:00-04:00", "2024-11-03T01:10:00-05:00"), False),
    (NEW_YORK, "diff", ("2024-11-03T01:30:00-04:00", "2024-11-03T01:10:00-05:00", "minutes"), -40),
    (ZoneInfo("Asia/Kolkata"), "format_date", ("2024-03-05", "Z|ZZ"), "+5:30|+05:30"),
]


@pytest.mark.parametrize(
    ("tz", "name", "args", "expected"), ZONE_CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(ZONE_CASES)]
)
def test_time_builtin_in_other_zones(tz: Any, name: str, args: tuple[Any, ...], expected: Any) -> None:
    result = call(name, *args, ctx=make_ctx(tz))
    assert same(result, expected), result


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("diff", ("2024-01-01", "2024-01-02", "fortnight"), "diff: unknown unit 'fortnight'"),
        ("start_of", ("2024-01-01", "decade"), "start_of: unknown unit 'decade'"),
        ("end_of", ("2024-01-01", "millisecond"), "end_of: unknown unit 'millisecond'"),
        ("start_of", ("garbage", "decade"), "start_of: unknown unit 'decade'"),
    ],
)
def test_unknown_units_are_errors(name: str, args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        call(name, *args)
    assert info.value.message == message


def test_naive_clock_is_taken_as_utc() -> None:
    ctx = make_ctx(BERLIN, now=datetime(2024, 3, 5, 7, 8, 9))
    assert call("now", ctx=ctx) == "2024-03-05T08:08:09.000+01:00"


def test_local_timezone_from_environment() -> None:
    assert local_timezone({"TZ": "Europe/Berlin"}) == BERLIN
    assert local_timezone({"TZ": ":America/New_York"}) == NEW_YORK
    assert local_timezone({}) is UTC
    assert local_timezone({"TZ": "UTC"}) is UTC
    assert local_timezone({"TZ": "Not/AZone"}) is UTC
