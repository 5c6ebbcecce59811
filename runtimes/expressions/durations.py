"""Duration text (EXPRESSIONS.md §11.1): milliseconds, compact ``1h30m`` and ISO-8601 ``PT30S`` forms.

Used by the ``duration()`` built-in, ``<delay>``/``<timeout>`` ``duration`` attributes and frontmatter
``runtime.timeout``. A string must match one form entirely and give more than 0 ms.
"""

from __future__ import annotations

import math
import re

from runtimes.lazyre import lazy_compile

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Final

__all__ = ["IsoDuration", "duration_ms", "parse_duration", "parse_iso_duration"]

_N = r"[0-9]+(?:\.[0-9]+)?"
_DIGITS = lazy_compile(r"[0-9]+")
_COMPACT = lazy_compile(rf"(?:(?P<d>{_N})d)?(?:(?P<h>{_N})h)?(?:(?P<m>{_N})m)?(?:(?P<s>{_N})s)?(?:(?P<ms>{_N})ms)?")
_ISO = lazy_compile(
    rf"P(?:(?P<Y>{_N})Y)?(?:(?P<M>{_N})M)?(?:(?P<W>{_N})W)?(?:(?P<D>{_N})D)?"
    rf"(?:T(?:(?P<TH>{_N})H)?(?:(?P<TM>{_N})M)?(?:(?P<TS>{_N})S)?)?"
)

_SECOND: Final = 1000
_MINUTE: Final = 60 * _SECOND
_HOUR: Final = 60 * _MINUTE
_DAY: Final = 24 * _HOUR
_COMPACT_UNITS: Final = {"d": _DAY, "h": _HOUR, "m": _MINUTE, "s": _SECOND, "ms": 1}
_ISO_UNITS: Final = {
    "Y": 365 * _DAY,
    "M": 30 * _DAY,
    "W": 7 * _DAY,
    "D": _DAY,
    "TH": _HOUR,
    "TM": _MINUTE,
    "TS": _SECOND,
}

IsoDuration = dict[str, float]
"""ISO duration parts by unit name: years, months, weeks, days, hours, minutes, seconds (only the ones present)."""

_ISO_PART_NAMES: Final = {
    "Y": "years",
    "M": "months",
    "W": "weeks",
    "D": "days",
    "TH": "hours",
    "TM": "minutes",
    "TS": "seconds",
}


def _iso_match(text: str) -> re.Match[str] | None:
    m = _ISO.fullmatch(text)
    if m is None or not any(m.groupdict().values()):
        return None
    if "T" in text and not any(m.group(k) for k in ("TH", "TM", "TS")):
        return None  # "T" needs a part after it
    return m


def parse_iso_duration(text: str) -> IsoDuration | None:
    """The parts of an ISO-8601 duration (uppercase ``P``…), or None when ``text`` is not one. Zero is allowed."""
    m = _iso_match(text.strip())
    if m is None:
        return None
    return {_ISO_PART_NAMES[k]: float(v) for k, v in m.groupdict().items() if v is not None}


def _exact_total(parts: dict[str, str | None], units: dict[str, int]) -> tuple[int, int]:
    """Exact sum of ``N × unit`` over the parts as a fraction ``(numerator, denominator)`` (no float error)."""
    num, den = 0, 1
    for key, text in parts.items():
        if text is None:
            continue
        whole, _, frac = text.partition(".")
        part_den = 10 ** len(frac)
        part_num = int(whole + frac) * units[key]
        num, den = num * part_den + part_num * den, den * part_den
    return num, den


def duration_ms(value: object) -> int | float | None:
    """Milliseconds of a duration exactly as §11.1 defines them (``"1.5ms"`` → 1.5; a number is itself), or None
    when invalid or not > 0. An integral result is an ``int``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if math.isfinite(value) and value > 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if _DIGITS.fullmatch(text):
        num, den = int(text), 1
    elif (m := _COMPACT.fullmatch(text)) is not None and any(m.groupdict().values()):
        num, den = _exact_total(m.groupdict(), _COMPACT_UNITS)
    elif (iso := _iso_match(text)) is not None:
        num, den = _exact_total(iso.groupdict(), _ISO_UNITS)
    else:
        return None
    if num <= 0:
        return None
    return num // den if num % den == 0 else num / den


def parse_duration(value: object) -> int | None:
    """Whole milliseconds of a valid duration (for delays and timeouts): :func:`duration_ms` rounded half up, at least
    1 (a fraction of a millisecond is still a positive duration), or None when invalid or not > 0."""
    ms = duration_ms(value)
    if ms is None:
        return None
    if isinstance(ms, int):
        return ms
    return max(1, math.floor(ms + 0.5))
