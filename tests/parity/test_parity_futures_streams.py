"""Differential tests of the futures push parsers: ours and ccxt.pro's ``kucoinfutures`` read the official
WebSocket examples (reference/kucoin-openapi/ws/openapi-futures-public.json) with the same markets (loaded
from one simulator) and must return the same structures (numbers compared as numbers, ``info`` aside).
What is left out, and why:

* ``tickerV2``/bids-asks: ccxt's ``parse_ws_bid_ask`` fills only symbol, time, bid/ask and their sizes
  (``safe_ticker`` derives nothing else); ours is the REST contract-ticker parser, so it also carries the
  keys it can read (``markPrice``/``indexPrice`` None): compared on ccxt's fields.
* ``watch_mark_price``/``watch_funding_rate``: ccxt.pro 4.5 serves them only on the unified trading account's
  streams (``mark-price``/``funding-fee`` topics), not on ``/contract/instrument``: nothing to compare.
* ``timestamp``/``datetime`` from ``ts`` (ns): ccxt multiplies the nanoseconds by 0.000001 as a float, which
  lands 1 ms low even on a whole millisecond (the examples' ``...637000000`` gives ``...636``); ours is
  ``ts // 10**6`` exactly: checked, and ccxt's allowed its 1 ms.
* ``fee.rate`` of a public trade: ours has the key (None), ccxt's fee dict has no ``rate`` (as in REST).
"""
from __future__ import annotations

import pathlib
import sys
from decimal import Decimal
from typing import Any, Iterator

import pytest
from structdiff import diff

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "futures"))
from futures_ws_support import ws_example  # noqa: E402

pytestmark = pytest.mark.parity

SID, SYMBOL = "XBTUSDTM", "BTC/USDT:USDT"


@pytest.fixture(scope="module")
def pair() -> Iterator[tuple[Any, Any]]:
    import ccxt
    import ccxt.pro

    from kucoin_conformance.impls import ccxt_exchange
    from kucoin_conformance.simulator import Simulator
    from kucoin_connector import KucoinFutures

    with Simulator(seed=9, symbols=8, tick_interval=0) as sim:
        sim.pause()
        rest = ccxt_exchange("kucoinfutures", {"spot": sim.spot_url, "futures": sim.futures_url}, {})
        rest.load_markets()
        theirs = ccxt.pro.kucoinfutures({"options": {"uta": False}})
        theirs.set_markets(list(rest.markets.values()))
        ours = KucoinFutures({"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}})
        ours.load_markets()
        try:
            yield ours, theirs
        finally:
            ours.close()


def _same(mine: dict, theirs: dict, ts_ns: int) -> list[str]:
    """``diff`` with the time compared by each side's rule (see the module docstring)."""
    assert mine["timestamp"] == ts_ns // 10 ** 6
    assert mine["timestamp"] - theirs["timestamp"] in (0, 1)
    drop = ("timestamp", "datetime")
    return diff({k: v for k, v in mine.items() if k not in drop}, {k: v for k, v in theirs.items() if k not in drop})


class _Client:
    """What ccxt.pro's handlers call on a connection: ``resolve``."""

    def __init__(self) -> None:
        self.resolved: list[tuple[Any, str]] = []

    def resolve(self, value: Any, message_hash: str) -> None:
        self.resolved.append((value, message_hash))


def test_ticker_v1_equals_ccxt(pair):
    from kucoin_connector.futures.pushes import ticker_from_push
    ours, theirs = pair
    message = ws_example("/contractMarket/ticker:{symbol}")
    client = _Client()
    theirs.handle_contract_ticker(client, message)
    theirs_ticker = client.resolved[-1][0]
    mine = ticker_from_push(message["data"], ours.market(SYMBOL), ours._ctx.num)
    assert not _same(mine, theirs_ticker, message["data"]["ts"])


def test_ticker_v2_equals_ccxt_bids_asks(pair):
    from kucoin_connector.futures.pushes import bids_asks_from_ticker_v2
    ours, theirs = pair
    message = ws_example("/contractMarket/tickerV2:{symbol}")
    theirs_ticker = theirs.parse_ws_bid_ask(message)
    mine = bids_asks_from_ticker_v2(message["data"], ours.market(SYMBOL), ours._ctx.num)
    fields = ("symbol", "timestamp", "datetime", "bid", "bidVolume", "ask", "askVolume", "last", "close")
    assert not _same({k: mine[k] for k in fields}, {k: theirs_ticker[k] for k in fields}, message["data"]["ts"])


def test_execution_equals_ccxt_trade(pair):
    from kucoin_connector.futures.pushes import trade_from_execution
    ours, theirs = pair
    message = ws_example("/contractMarket/execution:{symbol}")
    client = _Client()
    theirs.handle_trade(client, message)
    theirs_trade = client.resolved[-1][0][-1]
    mine = trade_from_execution(message["data"], ours.market(SYMBOL), ours._ctx.num)
    mine["fee"] = {k: v for k, v in mine["fee"].items() if k != "rate"}
    problems = _same(mine, theirs_trade, message["data"]["ts"])
    assert not problems, problems


def test_limit_candle_equals_ccxt_ohlcv(pair):
    from kucoin_connector.futures.pushes import ohlcv_from_candle
    ours, theirs = pair
    message = ws_example("/contractMarket/limitCandle:{symbol}_{type}")
    message["data"]["candles"][5] = "99.5"  # the documented-wrong column: both must read index 6
    client = _Client()
    theirs.handle_ohlcv(client, message)
    theirs_row = client.resolved[-1][0][-1]
    mine = ohlcv_from_candle(message["data"], ours._ctx.num)
    assert not diff(mine, theirs_row) and Decimal(str(mine[5])) == 21
