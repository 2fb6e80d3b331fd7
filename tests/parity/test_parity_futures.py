"""Differential tests for the futures family: kucoin_connector's ``KucoinFutures`` and ccxt's
``kucoinfutures`` read the same paused simulator and must return the same unified structures (numbers
compared as numbers, ``info`` aside). Every field left out is named here with the reason:

* ``marginModes``: ours says ``cross`` from the contract's ``supportCross``; ccxt gives None for both modes.
* ``precision.cost/base/quote``: ours carries the whole key set of reference/ccxt.md (None); ccxt omits them.
* ``timestamp``/``datetime`` of books and of ``/api/v1/ticker``: the simulator stamps each answer with its own
  clock (``ts``), so two requests differ by the time between them.
* trade ``cost`` on an inverse contract: ccxt multiplies the price in (67,867.8 for one 1-USD contract); ours
  is ccxt's general inverse rule, ``amount x contractSize / price`` (in the base currency).
* trade ``timestamp``: ours is ``ts // 10**6`` exactly; ccxt divides the nanoseconds as a float, which lands
  one millisecond low when ``ts`` is just above a whole millisecond (both rules are checked).
* ``fee.rate`` of a public trade: ours has the key (None), ccxt's fee dict has no ``rate``.
* funding rate ``nextFundingRate``: ours is KuCoin's ``predictedValue``; ccxt gives None.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

import pytest
from structdiff import diff, n  # shared by the parity suites

pytestmark = pytest.mark.parity

SYMBOLS = ("BTC/USDT:USDT", "ETH/USDT:USDT", "BTC/USD:BTC")




def _without(structure: dict, *keys: str) -> dict:
    return {k: v for k, v in structure.items() if k not in keys}


@pytest.fixture(scope="module")
def pair() -> Iterator[tuple[Any, Any]]:
    from kucoin_conformance.impls import ccxt_exchange
    from kucoin_conformance.simulator import Simulator
    from kucoin_connector import KucoinFutures

    sim = Simulator(seed=9, symbols=8, tick_interval=0).start()
    sim.step(20)
    sim.pause()
    theirs = ccxt_exchange("kucoinfutures", {"spot": sim.spot_url, "futures": sim.futures_url}, {})
    ours = KucoinFutures({"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}})
    ours.load_markets()
    theirs.load_markets()
    try:
        yield ours, theirs
    finally:
        ours.close()
        sim.stop()


_MARKET_FIELDS = ("id", "symbol", "base", "quote", "baseId", "quoteId", "settle", "settleId", "type", "spot",
                  "swap", "future", "option", "contract", "active", "linear", "inverse", "contractSize", "expiry",
                  "expiryDatetime", "strike", "optionType", "lowercaseId", "index", "subType", "taker", "maker",
                  "margin", "created", "limits")


def test_markets_equal(pair):
    ours, theirs = pair
    assert sorted(ours.markets) == sorted(theirs.markets)
    assert any(m["future"] for m in ours.markets.values()) and any(m["inverse"] for m in ours.markets.values())
    problems = []
    for symbol, m in ours.markets.items():
        t = theirs.markets[symbol]
        problems += diff({k: m[k] for k in _MARKET_FIELDS}, {k: t[k] for k in _MARKET_FIELDS}, symbol)
        problems += diff({k: m["precision"][k] for k in ("amount", "price")}, t["precision"], symbol + ".precision")
    assert not problems, "\n".join(problems)


def test_tickers_equal(pair):
    ours, theirs = pair
    assert not diff(ours.fetch_tickers(), theirs.fetch_tickers())
    for symbol in SYMBOLS:
        assert not diff(_without(ours.fetch_ticker(symbol), "timestamp", "datetime"),
                        _without(theirs.fetch_ticker(symbol), "timestamp", "datetime")), symbol
    assert not diff({s: _without(t, "timestamp", "datetime") for s, t in ours.fetch_bids_asks().items()},
                    {s: _without(t, "timestamp", "datetime") for s, t in theirs.fetch_bids_asks().items()})
    for symbol in SYMBOLS:
        assert not diff(ours.fetch_mark_price(symbol), theirs.fetch_mark_price(symbol)), symbol


@pytest.mark.parametrize("limit", [None, 20, 100])
def test_books_equal(pair, limit):
    ours, theirs = pair
    for symbol in SYMBOLS:
        a = _without(ours.fetch_order_book(symbol, limit), "timestamp", "datetime")
        b = _without(theirs.fetch_order_book(symbol, limit), "timestamp", "datetime")
        assert not diff(a, b), symbol


def test_trades_equal(pair):
    ours, theirs = pair
    for symbol in SYMBOLS:
        a, b = ours.fetch_trades(symbol), theirs.fetch_trades(symbol)
        assert len(a) == len(b) == 100
        inverse = ours.market(symbol)["inverse"]
        strip = ("fee", "timestamp", "datetime") + (("cost",) if inverse else ())
        assert not diff([_without(t, *strip) for t in a], [_without(t, *strip) for t in b]), symbol
        assert [t["fee"]["cost"] for t in a] == [t["fee"]["cost"] for t in b]
        # ns -> ms: ours floors the integer exactly; ccxt multiplies as a float, so it may land one ms off
        # (1796228523754000003 ns -> ...753): within 1 ms of the exact value, never more
        assert [t["timestamp"] for t in a] == [t["info"]["ts"] // 1_000_000 for t in a]
        assert all(abs(t["timestamp"] - t["info"]["ts"] // 1_000_000) <= 1 for t in b)


@pytest.mark.parametrize("timeframe", ["1m", "1h", "1d"])
def test_ohlcv_equal(pair, timeframe):
    ours, theirs = pair
    for symbol in SYMBOLS:
        since = ours.milliseconds() - 40 * ours.parse_timeframe(timeframe) * 1000
        a, b = ours.fetch_ohlcv(symbol, timeframe, since, 30), theirs.fetch_ohlcv(symbol, timeframe, since, 30)
        assert len(a) == 30 and not diff(a, b), symbol
        recent_ours, recent_theirs = ours.fetch_ohlcv(symbol, timeframe, limit=50), theirs.fetch_ohlcv(
            symbol, timeframe, limit=50)
        # ccxt asks for [now - 50 periods, now] and keeps what lies inside; ours keeps the newest 50
        assert recent_theirs and not diff(recent_ours[-len(recent_theirs):], recent_theirs), symbol


def test_funding_equal(pair):
    ours, theirs = pair
    for symbol in ("BTC/USDT:USDT", "BTC/USD:BTC"):
        assert not diff(_without(ours.fetch_funding_rate(symbol), "nextFundingRate"),
                        _without(theirs.fetch_funding_rate(symbol), "nextFundingRate")), symbol
        since = ours.milliseconds() - 20 * 8 * 3_600_000
        assert not diff(ours.fetch_funding_rate_history(symbol, since), theirs.fetch_funding_rate_history(symbol, since))
