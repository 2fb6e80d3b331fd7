"""ISO 8601 <-> epoch milliseconds, like ccxt's ``iso8601``/``parse8601`` (pure core).

Layer: pure core. Rule: no clock is read here; the current time is always passed in by the caller.

Unified structures carry ``timestamp`` (integer ms since the epoch, UTC) and ``datetime``
(``"2024-10-17T14:33:32.158Z"``: RFC 3339 section 5.6 profile of ISO 8601, always milliseconds and
``Z``). KuCoin itself sends integer ms (trade history sends ns; see the parsers).

The calendar arithmetic is done here with integers (proleptic Gregorian, the "days from civil"
algorithm) instead of ``datetime``/``calendar``, whose C implementation pulls in the ``time``
module that pure-core modules must not depend on.
"""
from __future__ import annotations

import re
from typing import Optional

__all__ = ["iso8601", "parse8601", "MAX_MS"]

# 9999-12-31T23:59:59.999Z, the last instant ISO 8601 basic years can show.
MAX_MS = 253402300799999

# Patterns are compiled on first use (re's own cache), not at import: cold start (issue 8).
_ISO = (
    r"\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(?:(Z)|([+-])(\d{2}):?(\d{2}))?\s*"
)


def iso8601(ms: Optional[int]) -> Optional[str]:
    """``"YYYY-MM-DDTHH:MM:SS.mmmZ"`` for epoch milliseconds, ``None`` for ``None``/bad input.

    Accepts an int (or an integral float, or a string of digits, as ccxt does); negative values,
    bools, fractional floats and instants past year 9999 give ``None``.
    """
    if ms is None or isinstance(ms, bool):
        return None
    if isinstance(ms, float):
        if ms != ms or ms in (float("inf"), float("-inf")) or ms != int(ms):
            return None
        ms = int(ms)
    elif isinstance(ms, str):
        if not ms.isdigit():
            return None
        ms = int(ms)
    elif not isinstance(ms, int):
        return None
    if ms < 0 or ms > MAX_MS:
        return None
    seconds, millis = divmod(ms, 1000)
    days, secs = divmod(seconds, 86400)
    year, month, day = _civil_from_days(days)
    hour, rest = divmod(secs, 3600)
    minute, second = divmod(rest, 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (year, month, day, hour, minute, second, millis)


def parse8601(s: Optional[str]) -> Optional[int]:
    """Epoch milliseconds for an ISO 8601 date-time, ``None`` for ``None``/anything unparseable.

    Accepts ``T`` or a space between date and time, an optional fraction (truncated to ms, as
    ccxt does), and ``Z``, ``+hh:mm``, ``+hhmm`` or no zone (read as UTC). Date-only strings and
    impossible dates (``2024-02-30``) give ``None``.
    """
    if not isinstance(s, str):
        return None
    match = re.fullmatch(_ISO, s)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, _z, sign, off_h, off_m = match.groups()
    y, mo, d, h, mi, sec = (int(x) for x in (year, month, day, hour, minute, second))
    if not (1 <= mo <= 12 and 1 <= d <= _month_days(y, mo) and h <= 23 and mi <= 59 and sec <= 59):
        return None
    millis = int((fraction[1:] + "00")[:3]) if fraction else 0
    seconds = _days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec
    if sign:
        offset = (int(off_h) * 3600 + int(off_m) * 60) * (1 if sign == "+" else -1)
        seconds -= offset
    return seconds * 1000 + millis


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(days: int) -> "tuple[int, int, int]":
    """Inverse of :func:`_days_from_civil`."""
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day
