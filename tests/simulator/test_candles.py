"""Candles: coarse = aggregate of fine (history, the live part and the boundary), the 1500 cap, windows,
paging across the cap, and calendar alignment (weeks on Thursday 00:00 UTC, months on the 1st)."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

PERIOD = {"1min": 60, "3min": 180, "5min": 300, "15min": 900, "30min": 1800, "1hour": 3600, "2hour": 7200,
          "4hour": 14400, "6hour": 21600, "8hour": 28800, "12hour": 43200, "1day": 86400, "1week": 604800}
# coarse type -> the finer type it must aggregate exactly
PAIRS = [("3min", "1min"), ("5min", "1min"), ("15min", "1min"), ("30min", "1min"), ("1hour", "1min"),
         ("2hour", "1hour"), ("4hour", "1hour"), ("6hour", "1hour"), ("8hour", "1hour"), ("12hour", "1hour"),
         ("1day", "1hour"), ("1week", "1day"), ("1month", "1day")]


def _candles(client, symbol: str, ctype: str, start: int = 0, end: int = 0) -> list[list[str]]:
    q = f"/api/v1/market/candles?symbol={symbol}&type={ctype}"
    if start or end:
        q += f"&startAt={start}&endAt={end}"
    return client.get(q).data


def _month_end(t: int) -> int:
    d = datetime.fromtimestamp(t, timezone.utc)
    nxt = datetime(d.year + (d.month == 12), d.month % 12 + 1, 1, tzinfo=timezone.utc)
    return int(nxt.timestamp())


def _aggregate(rows: list[list[str]]) -> list[str]:
    rows = sorted(rows, key=lambda r: int(r[0]))
    high = max((r[3] for r in rows), key=Decimal)
    low = min((r[4] for r in rows), key=Decimal)
    vol = sum(Decimal(r[5]) for r in rows)
    turnover = sum(Decimal(r[6]) for r in rows)
    return [rows[0][1], rows[-1][2], high, low, vol, turnover]


def _as_decimals(row: list[str]) -> list[Decimal]:
    return [Decimal(x) for x in row[1:]]


@pytest.fixture
def traded(sim, clock):
    """60 steps, 41 s apart: live trades over ~40 minutes after the anchor."""
    for _ in range(60):
        clock.advance(41)
        sim.step()
    return sim


@pytest.mark.parametrize("coarse,fine", PAIRS)
def test_coarse_candles_aggregate_fine_ones(traded, spot, coarse, fine):
    rows = _candles(spot, "SOL-USDT", coarse)
    picks = [rows[0], rows[1], rows[min(7, len(rows) - 1)]]  # live+boundary, previous, older history
    for row in picks:
        start = int(row[0])
        end = _month_end(start) if coarse == "1month" else start + PERIOD[coarse]
        fine_rows = _candles(spot, "SOL-USDT", fine, start, end)
        assert fine_rows and all(start <= int(r[0]) < end for r in fine_rows)
        assert _as_decimals([""] + _aggregate(fine_rows)) == _as_decimals(row), (coarse, row[0])


def test_aggregation_far_in_history(spot):
    start = 1_700_000_000 // 86400 * 86400  # a day ~200 days before the anchor
    day = _candles(spot, "SHIB-USDT", "1day", start, start + 86400)
    hours = _candles(spot, "SHIB-USDT", "1hour", start, start + 86400)
    minutes = _candles(spot, "SHIB-USDT", "1min", start + 5 * 3600, start + 6 * 3600)
    assert len(day) == 1 and len(hours) == 24 and len(minutes) == 60
    assert _as_decimals([""] + _aggregate(hours)) == _as_decimals(day[0])
    hour5 = next(r for r in hours if int(r[0]) == start + 5 * 3600)
    assert _as_decimals([""] + _aggregate(minutes)) == _as_decimals(hour5)
    for r in minutes:
        o, c, h, low = (Decimal(x) for x in r[1:5])
        assert low <= min(o, c) <= max(o, c) <= h and Decimal(r[5]) > 0


def test_cap_and_window(traded, spot, clock):
    rows = _candles(spot, "BTC-USDT", "1min")
    times = [int(r[0]) for r in rows]
    assert len(rows) == 1500 and times == sorted(times, reverse=True)
    assert times[0] == int(clock()) // 60 * 60 and all(len(r) == 7 for r in rows)
    start = (times[0] - 600 * 60) // 60 * 60
    window = _candles(spot, "BTC-USDT", "1min", start, start + 100 * 60)
    assert [int(r[0]) for r in window] == list(range(start + 99 * 60, start - 1, -60))
    unaligned = _candles(spot, "BTC-USDT", "1min", start + 1, start + 60 * 10 + 1)
    assert [int(r[0]) for r in unaligned][0] == start + 600 and int(unaligned[-1][0]) == start + 60
    wide = _candles(spot, "BTC-USDT", "1min", start - 5000 * 60, start)
    assert len(wide) == 1500 and int(wide[0][0]) == start - 60 and int(wide[-1][0]) == start - 1500 * 60
    future = _candles(spot, "BTC-USDT", "1hour", times[0] + 86400, times[0] + 10 * 86400)
    assert future == []


def test_paging_hours_across_the_cap(spot):
    page1 = _candles(spot, "ETH-USDT", "1hour")
    page2 = _candles(spot, "ETH-USDT", "1hour", 0, int(page1[-1][0]))
    assert len(page1) == len(page2) == 1500
    assert int(page2[0][0]) == int(page1[-1][0]) - 3600
    both = [int(r[0]) for r in page1 + page2]
    assert both == list(range(both[0], both[0] - 3000 * 3600, -3600))
    assert page2[0][2] == page1[-1][1]  # history is continuous: an hour opens at the previous close


def test_calendar_alignment(spot):
    weeks = _candles(spot, "BTC-USDT", "1week")
    assert len(weeks) > 100
    for r in weeks:
        d = datetime.fromtimestamp(int(r[0]), timezone.utc)
        assert (d.weekday(), d.hour, d.minute) == (3, 0, 0)  # Thursday 00:00 UTC, as KuCoin
    months = _candles(spot, "BTC-USDT", "1month")
    assert len(months) > 30
    for r in months:
        d = datetime.fromtimestamp(int(r[0]), timezone.utc)
        assert (d.day, d.hour) == (1, 0)
    for ctype, period in PERIOD.items():
        rows = _candles(spot, "KCS-USDT", ctype)
        assert rows and all(int(r[0]) % period == 0 for r in rows), ctype
    days = _candles(spot, "KCS-USDT", "1day")
    assert len(days) == 1001  # ~1000 days of history plus today
