"""Futures watches as a table: one :class:`~kucoin_connector.streaming.watch.WatchSpec` per watch (pure core).

Layer: pure core. The same reducers as spot (:mod:`kucoin_connector.streaming.reducers`), the futures
topics (:mod:`.topics`) and ``family="futures"``, so their units open futures connections (the futures
host's bullet token). ``watch_mark_price`` and ``watch_funding_rate`` share ``/contract/instrument`` under
their own owners: un-watching one keeps the other; so do ``watch_orders`` and ``watch_my_trades`` on
``/contractMarket/tradeOrders``.
"""
from __future__ import annotations

from typing import Any

from ..streaming.channels import ChannelKey
from ..streaming.reducers import (balance, by_symbol, candles, depth_book, fills, incremental_book, latest, orders,
                                  since_limit, trades)
from ..streaming.watch import WatchCall
from ..streaming.watch import WatchSpec
from .topics import (CANDLES, DEPTH_PREFIXES, EXECUTION, INSTRUMENT, KINDS, LEVEL2, ORDERS, POSITION, POSITION_ALL,
                     TICKER, TICKER_V2, WALLET)

__all__ = ["WATCHES", "BOOK_WATCHES", "book_watch"]

_F = "futures"


def _positions(call: WatchCall, ready: list[ChannelKey]) -> list[Any]:
    """The latest position of each contract that moved, by time (ccxt.pro's ``watch_positions``)."""
    latest: dict[Any, Any] = {}
    for key in ready:
        for position in call.state.channel(key).take():
            latest.pop(position["symbol"], None)
            latest[position["symbol"]] = position
    return since_limit(list(latest.values()), call.since, call.limit, lambda p: p.get("timestamp"))

WATCHES: dict[str, WatchSpec] = {
    "ticker": WatchSpec("ticker", TICKER, KINDS.TICKER, latest, family=_F),
    "tickers": WatchSpec("ticker", TICKER, KINDS.TICKER, by_symbol, family=_F),
    "bids_asks": WatchSpec("bidsasks", TICKER_V2, KINDS.BIDS_ASKS, by_symbol, family=_F),
    "order_book": WatchSpec("book", LEVEL2, KINDS.BOOK, incremental_book, family=_F),
    **{f"order_book{d}": WatchSpec(f"book{d}", prefix, KINDS.DEPTH[d], depth_book, family=_F)
       for d, prefix in DEPTH_PREFIXES.items()},
    "trades": WatchSpec("trades", EXECUTION, KINDS.TRADES, trades, family=_F),
    "ohlcv": WatchSpec("ohlcv", CANDLES, KINDS.OHLCV, candles, family=_F),
    "mark_price": WatchSpec("markprice", INSTRUMENT, KINDS.MARK_PRICE, latest, family=_F),
    "funding_rate": WatchSpec("fundingrate", INSTRUMENT, KINDS.FUNDING_RATE, latest, family=_F),
    # private (the futures host's private token); one all-contracts topic, the argument picks the channel
    "orders": WatchSpec("orders", ORDERS, KINDS.ORDERS, orders, per_symbol=False, family=_F),
    "my_trades": WatchSpec("mytrades", ORDERS, KINDS.MY_TRADES, fills, per_symbol=False, family=_F),
    "balance": WatchSpec("balance", WALLET, KINDS.BALANCE, balance, per_symbol=False, family=_F),
    "positions": WatchSpec("positions", POSITION_ALL, KINDS.POSITIONS, _positions, per_symbol=False, family=_F),
    "position": WatchSpec("position", POSITION, KINDS.POSITIONS, latest, family=_F),
}

BOOK_WATCHES = ("order_book",) + tuple(f"order_book{d}" for d in DEPTH_PREFIXES)


def book_watch(limit: int | None) -> WatchSpec:
    """``limit`` 5 or 50: the depth snapshot topics; anything else the incremental book."""
    return WATCHES[f"order_book{limit}"] if limit in DEPTH_PREFIXES else WATCHES["order_book"]
