"""EXPRESSIONS.md §11.1 duration text."""

from __future__ import annotations

import pytest

from runtimes.expressions.durations import duration_ms, parse_duration, parse_iso_duration


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("10", 10),
        ("1h30m", 5_400_000),
        ("500ms", 500),
        ("1.5s", 1500),
        ("PT30S", 30_000),
        ("P1D", 86_400_000),
        ("PT1.5S", 1500),
        ("2d", 172_800_000),
        ("1d2h3m4s5ms", 86_400_000 + 7_200_000 + 180_000 + 4000 + 5),
        ("  30s  ", 30_000),
        ("P1Y", 365 * 86_400_000),
        ("P1M", 30 * 86_400_000),
        ("P1W", 7 * 86_400_000),
        ("P1DT1H", 90_000_000),
        ("PT1M", 60_000),
        ("P1Y2M3W4DT5H6M7.5S", (365 + 60 + 21 + 4) * 86_400_000 + 5 * 3_600_000 + 6 * 60_000 + 7500),
        ("0.5m", 30_000),
        ("0.0005s", 1),
        ("1.0000001h", 3_600_000),
    ],
)
def test_valid_durations(text: str, ms: int) -> None:
    assert parse_duration(text) == ms


@pytest.mark.parametrize(
    "text",
    [
        "5 s",
        "1e3",
        "-5s",
        "2M",
        "1H",
        "0s",
        "PT0S",
        "p1d",
        "5sx",
        "2m30",
        "1m1h",
        "",
        "   ",
        "P",
        "PT",
        "P1DT",
        "0",
        "1.s",
        ".5s",
        "1S",
        "s",
        "1h 30m",
        "P1H",
        "PT1D",
    ],
)
def test_invalid_durations(text: str) -> None:
    assert parse_duration(text) is None


# §11.1: the exact value (N may have a fraction, the unit is a whole number of ms) must be > 0; duration() returns it
# exactly, delays and timeouts use it rounded half up to whole milliseconds, at least 1.
@pytest.mark.parametrize(
    ("text", "exact", "whole"),
    [
        ("1.5ms", 1.5, 2),
        ("0.0004s", 0.4, 1),
        ("PT0.0001S", 0.1, 1),
        ("1.1s", 1100, 1100),
        ("0.1s", 100, 100),
        ("P0.1D", 8_640_000, 8_640_000),
        ("0.0ms", None, None),
    ],
)
def test_fractional_milliseconds(text: str, exact: float | None, whole: int | None) -> None:
    assert duration_ms(text) == exact
    assert type(duration_ms("1.1s")) is int
    assert parse_duration(text) == whole


@pytest.mark.parametrize(("value", "ms"), [(250, 250), (1.0, 1), (0, None), (-5, None), (float("inf"), None)])
def test_numbers_are_milliseconds(value: float, ms: int | None) -> None:
    assert parse_duration(value) == ms


@pytest.mark.parametrize("value", [None, True, [], {}])
def test_other_values_are_invalid(value: object) -> None:
    assert parse_duration(value) is None


def test_iso_parts() -> None:
    assert parse_iso_duration("P1Y2MT3.5S") == {"years": 1, "months": 2, "seconds": 3.5}
    assert parse_iso_duration("PT0S") == {"seconds": 0}
    assert parse_iso_duration("1h") is None
