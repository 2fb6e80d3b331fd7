"""Contracts for OHLCV candles: shape, every timeframe, equality with the wire, since/limit across the
1500-row cap.

Layer: conformance. Rule: public interface only; truth is the simulator's ``GET /api/v1/market/candles``
(rows ``[time_s, open, close, high, low, volume, turnover]`` newest first, at most 1500 per call;
https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-klines). Windows in the past are used
where equality is checked, so a minute boundary during the run cannot change the answer.
"""
from __future__ import annotations

from typing import Any

from .check import expect, num, short
from .env import Env
from .registry import contract

__all__ = ["true_candles", "KUCOIN_TIMEFRAMES"]

SYMBOL = "BTC/USDT"
KUCOIN_TIMEFRAMES = {"1m": "1min", "3m": "3min", "5m": "5min", "15m": "15min", "30m": "30min", "1h": "1hour",
                     "2h": "2hour", "4h": "4hour", "6h": "6hour", "8h": "8hour", "12h": "12hour", "1d": "1day",
                     "1w": "1week", "1M": "1month"}
_UNALIGNED = ("1w", "1M")  # week starts and calendar months are not multiples of the duration from 0


def true_candles(env: Env, market_id: str, kucoin_type: str, start_s: int, end_s: int) -> list[list]:
    """Wire candles in the window, as ccxt rows ``[ms, open, high, low, close, volume]`` ascending."""
    rows = env.raw("/api/v1/market/candles", {"symbol": market_id, "type": kucoin_type,
                                             "startAt": start_s, "endAt": end_s})
    out = [[int(r[0]) * 1000, num(r[1]), num(r[3]), num(r[4]), num(r[2]), num(r[5])] for r in rows]
    return sorted(out, key=lambda r: r[0])


def check_rows(rows: Any, what: str) -> list[list]:
    """Each row has 6 numeric columns with an int timestamp; prices are consistent; rows ascend."""
    expect(isinstance(rows, list), f"{what}: fetch_ohlcv returned {type(rows).__name__}, not a list")
    out = []
    for row in rows:
        expect(isinstance(row, (list, tuple)) and len(row) == 6, f"{what}: row {short(row)} has not 6 columns")
        ts = row[0]
        expect(isinstance(ts, int) and not isinstance(ts, bool), f"{what}: timestamp {short(ts)} is not an int")
        o, h, low, c, v = (num(x) for x in row[1:])
        expect(h >= max(o, c) and low <= min(o, c) and low <= h, f"{what}: inconsistent candle {short(row)}")
        expect(v >= 0, f"{what}: negative volume in {short(row)}")
        out.append([ts, o, h, low, c, v])
    stamps = [r[0] for r in out]
    expect(all(a < b for a, b in zip(stamps, stamps[1:])), f"{what}: timestamps are not strictly ascending")
    return out


def _consecutive(env: Env, market_id: str, kucoin_type: str, rows: list[list], step_ms: int, what: str) -> None:
    """Rows follow each other without a hole, except where the exchange itself has no candle (KuCoin
    omits intervals without trades, e.g. while the simulator is paused): judged against the wire."""
    gaps = [(a[0], b[0]) for a, b in zip(rows, rows[1:]) if b[0] - a[0] != step_ms]
    if not gaps:
        return
    for before, after in gaps:
        wire = true_candles(env, market_id, kucoin_type, before // 1000 + 1, after // 1000)
        expect(not wire, f"{what}: candle(s) {[r[0] for r in wire][:3]} exist on the exchange but are missing "
                         f"between {before} and {after}")


def _aligned_past(env: Env, minutes_back: int, step_s: int = 60) -> int:
    now_s = env.server_ms() // 1000
    return (now_s - minutes_back * 60) // step_s * step_s * 1000


@contract("ohlcv", "rows have 6 columns, int ms timestamps, high >= max(open, close), low <= min, ascending")
def check_shape(env: Env) -> None:
    ex = env.client()
    rows = check_rows(ex.fetch_ohlcv(SYMBOL, "1m", None, 50), "1m limit=50")
    expect(len(rows) == 50, f"limit=50 returned {len(rows)} candles")
    _consecutive(env, ex.market_id(SYMBOL), "1min", rows, 60_000, "1m limit=50")


@contract("ohlcv", "every KuCoin timeframe is in `timeframes` and each one returns aligned, ascending candles")
def check_timeframes(env: Env) -> None:
    ex = env.client()
    missing = sorted(set(KUCOIN_TIMEFRAMES) - set(ex.timeframes))
    expect(not missing, f"timeframes lacks {missing}")
    for tf in ex.timeframes:
        rows = check_rows(ex.fetch_ohlcv(SYMBOL, tf, None, 3), f"{tf} limit=3")
        expect(1 <= len(rows) <= 3, f"{tf} limit=3 returned {len(rows)} candles")
        step_ms = ex.parse_timeframe(tf) * 1000
        if tf not in _UNALIGNED:
            expect(all(r[0] % step_ms == 0 for r in rows), f"{tf}: timestamps not aligned to {step_ms} ms")
            _consecutive(env, ex.market_id(SYMBOL), KUCOIN_TIMEFRAMES[tf], rows, step_ms, f"{tf} limit=3")


@contract("ohlcv", "while paused, a past window equals the wire's candles (columns reordered, ms timestamps)")
def check_truth(env: Env) -> None:
    ex = env.client()
    since = _aligned_past(env, 300)
    got = check_rows(ex.fetch_ohlcv(SYMBOL, "1m", since, 120), "1m since limit=120")
    # Ask the wire for one extra minute and keep the 120 wanted: whether endAt is inclusive is not the question.
    want = true_candles(env, ex.market_id(SYMBOL), "1min", since // 1000, since // 1000 + 120 * 60)
    want = [row for row in want if since <= row[0] < since + 120 * 60_000]
    expect(len(want) == 120, f"the simulator served {len(want)} candles for a 120-minute window")
    expect(len(got) == len(want), f"{len(got)} candles, the wire has {len(want)}")
    for index, (g, w) in enumerate(zip(got, want)):
        expect(g == w, f"candle {index}: {short(g)} != wire {short(w)}")


@contract("ohlcv", "since + limit beyond the 1500-row cap returns exactly `limit` consecutive candles from since")
def check_since_limit_cap(env: Env) -> None:
    ex = env.client()
    for tf, limit, back in (("1m", 2000, 3000), ("1h", 1600, 2500 * 60)):
        step_ms = ex.parse_timeframe(tf) * 1000
        since = _aligned_past(env, back, step_ms // 1000)
        rows = check_rows(ex.fetch_ohlcv(SYMBOL, tf, since, limit), f"{tf} since limit={limit}")
        expect(len(rows) == limit, f"{tf} since={since} limit={limit}: {len(rows)} candles")
        expect(rows[0][0] == since, f"{tf}: first candle at {rows[0][0]}, since was {since}")
        _consecutive(env, ex.market_id(SYMBOL), KUCOIN_TIMEFRAMES[tf], rows, step_ms, f"{tf} since limit={limit}")


@contract("ohlcv", "limit beyond the cap without since returns exactly `limit` consecutive candles up to now")
def check_limit_without_since(env: Env) -> None:
    ex = env.client()
    market_id = ex.market_id(SYMBOL)
    now_s = env.server_ms() // 1000
    newest_before = true_candles(env, market_id, "1min", now_s - 600, now_s + 60)[-1][0]
    rows = check_rows(ex.fetch_ohlcv(SYMBOL, "1m", None, 1600), "1m limit=1600")
    now_s = env.server_ms() // 1000
    newest_after = true_candles(env, market_id, "1min", now_s - 600, now_s + 60)[-1][0]
    expect(len(rows) == 1600, f"limit=1600 returned {len(rows)} candles")
    _consecutive(env, market_id, "1min", rows, 60_000, "1m limit=1600")
    expect(newest_before <= rows[-1][0] <= newest_after,
           f"the last candle {rows[-1][0]} is not the newest one ({newest_before}..{newest_after})")
