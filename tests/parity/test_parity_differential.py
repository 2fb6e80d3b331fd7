"""(b) Differential tests: kucoin_connector and ccxt.kucoin read the same paused simulator state and must
return the same unified structures (numbers compared as numbers, ``info`` aside).

Where the two differ on purpose, the comparison leaves the field out and says why next to it.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from structdiff import diff, n  # shared by the parity suites

from kucoin_connector import Kucoin as Ours

pytestmark = pytest.mark.parity

SYMBOLS = ("BTC/USDT", "ETH/USDT", "ETH/BTC")




# Market fields compared. Left out on purpose: precision.cost/base/quote (ours are filled from the wire's
# increments; ccxt omits those keys for KuCoin spot) and ccxt's extra fee
# keys percentage/tierBased/tiers (documented deviation `markets.key_set`).
_MARKET_FIELDS = ("id", "symbol", "base", "quote", "baseId", "quoteId", "settle", "settleId", "type", "spot",
                  "swap", "future", "option", "contract", "active", "linear", "inverse", "contractSize",
                  "expiry", "expiryDatetime", "strike", "optionType", "lowercaseId", "index", "subType", "taker",
                  "maker", "margin", "marginModes", "created")


def test_markets_equal(clients) -> None:
    ours, theirs = clients
    their_spot = {s: m for s, m in theirs.markets.items() if m["spot"]}
    assert sorted(ours.markets) == sorted(their_spot)
    problems = []
    for symbol, m in ours.markets.items():
        t = their_spot[symbol]
        problems += diff({k: m[k] for k in _MARKET_FIELDS}, {k: t[k] for k in _MARKET_FIELDS}, symbol)
        problems += diff({k: m["precision"][k] for k in ("amount", "price")},
                         {k: t["precision"][k] for k in ("amount", "price")}, f"{symbol}.precision")
        problems += diff({k: m["limits"][k] for k in ("amount", "cost")},
                         {k: t["limits"][k] for k in ("amount", "cost")}, f"{symbol}.limits")
    assert not problems, "\n".join(problems[:20])


def within(structure: dict, before: int, after: int) -> bool:
    """KuCoin stamps tickers and books with its clock at answer time, so two calls (ours, then ccxt's)
    never share a timestamp even while the market is paused: each must lie between the server times read
    around the calls, and `datetime` must render it."""
    ts = structure["timestamp"]
    return before <= ts <= after and structure["datetime"] == Ours.iso8601(ts)


# Ticker fields compared (timestamp/datetime: see `within`).
_TICKER_FIELDS = ("symbol", "high", "low", "bid", "bidVolume", "ask", "askVolume",
                  "vwap", "open", "close", "last", "previousClose", "change", "percentage", "average",
                  "baseVolume", "quoteVolume")


def test_tickers_equal(clients) -> None:
    ours, theirs = clients
    before = ours.fetch_time()
    a, b = ours.fetch_tickers(), theirs.fetch_tickers()
    their_spot = {s: t for s, t in b.items() if s in ours.markets}
    assert sorted(a) == sorted(their_spot)
    problems = []
    for symbol in a:
        problems += diff({k: a[symbol][k] for k in _TICKER_FIELDS}, {k: b[symbol][k] for k in _TICKER_FIELDS},
                         symbol)
    singles = [(ours.fetch_ticker(symbol), theirs.fetch_ticker(symbol)) for symbol in SYMBOLS]
    after = ours.fetch_time()
    for one_a, one_b in singles:
        problems += diff({k: one_a[k] for k in _TICKER_FIELDS}, {k: one_b[k] for k in _TICKER_FIELDS},
                         f"fetch_ticker {one_a['symbol']}")
    stamped = [t for pair in singles for t in pair] + [a[s] for s in SYMBOLS] + [b[s] for s in SYMBOLS]
    problems += [f"{t['symbol']} timestamp {t['timestamp']} outside [{before}, {after}]"
                 for t in stamped if not within(t, before, after)]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("limit", [20, 100])
def test_order_books_equal(clients, limit: int) -> None:
    ours, theirs = clients
    for symbol in SYMBOLS:
        before = ours.fetch_time()
        a, b = ours.fetch_order_book(symbol, limit), theirs.fetch_order_book(symbol, limit)
        after = ours.fetch_time()
        assert within(a, before, after) and within(b, before, after), (a["timestamp"], b["timestamp"])
        fields = ("symbol", "bids", "asks", "nonce")
        a, b = {k: a[k] for k in fields}, {k: b[k] for k in fields}
        assert not diff(a, b, symbol), "\n".join(diff(a, b, symbol))


# Trade fields compared; both read KuCoin's nanosecond `time` as ms. The id differs on purpose: we use the
# wire's `sequence` (unique per symbol), ccxt looks for `tradeId`, which public trade history lacks, and
# gives None (documented deviation `trades.truth`).
_TRADE_FIELDS = ("order", "timestamp", "datetime", "symbol", "type", "takerOrMaker", "side", "price",
                 "amount", "cost")


def test_trades_equal(clients) -> None:
    ours, theirs = clients
    for symbol in SYMBOLS:
        a, b = ours.fetch_trades(symbol), theirs.fetch_trades(symbol)
        assert len(a) == len(b) > 0
        problems = []
        for index, (x, y) in enumerate(zip(a, b)):
            problems += diff({k: x[k] for k in _TRADE_FIELDS}, {k: y[k] for k in _TRADE_FIELDS}, f"{symbol}[{index}]")
            if not (isinstance(x["id"], str) and x["id"] and y["id"] is None):
                problems.append(f"{symbol}[{index}].id: ours {x['id']!r}, ccxt {y['id']!r}")
        assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("timeframe", ["1m", "15m", "1h", "1d"])
def test_ohlcv_equal(clients, timeframe: str) -> None:
    ours, theirs = clients
    step_ms = ours.parse_timeframe(timeframe) * 1000
    now = ours.fetch_time()
    since = (now - 400 * step_ms) // step_ms * step_ms  # a window fully in the past, under the 1500 cap
    for symbol in SYMBOLS:
        a = ours.fetch_ohlcv(symbol, timeframe, since, 300)
        b = theirs.fetch_ohlcv(symbol, timeframe, since, 300)
        assert len(a) == 300
        assert n(a) == n(b), f"{symbol} {timeframe}: first difference at " \
                             f"{next(i for i, (x, y) in enumerate(zip(n(a), n(b))) if x != y)}"
