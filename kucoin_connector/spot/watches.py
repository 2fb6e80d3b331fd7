"""Spot watches as a table: one :class:`~kucoin_connector.streaming.watch.WatchSpec` per watch (pure core).

Layer: pure core. The reducers turn what the channels hold into what ccxt.pro returns: the latest
ticker, tickers by symbol, the book as a ccxt order book, trades and candles filtered by
``since``/``limit``, the latest version of each order, a copy of the balance. The faces
(:mod:`kucoin_connector.clients.streaming`) only pick a row and pass the call's arguments.
"""
from __future__ import annotations

from typing import Any

from ..streaming.channels import ChannelKey
from ..streaming.reducers import (balance, by_symbol, candles, depth_book, fills, incremental_book, latest, orders,
                                  trades)
from ..streaming.watch import WatchCall, WatchSpec
from .topics import BALANCE, CANDLES, DEPTH_PREFIXES, KINDS, LEVEL1, LEVEL2, MATCH, ORDERS, TICKER

__all__ = ["WATCHES", "BOOK_WATCHES", "book_watch"]


def _all_tickers(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    state = call.state
    out = {}
    for sid in state.channel(ready[0]).take():
        ticker = state.channel(ChannelKey(KINDS.TICKER, sid)).items[-1]
        out[ticker["symbol"] or sid] = ticker
    return out


WATCHES: dict[str, WatchSpec] = {
    "ticker": WatchSpec("ticker", TICKER, KINDS.TICKER, latest),
    "tickers": WatchSpec("ticker", TICKER, KINDS.TICKER, by_symbol),
    "all_tickers": WatchSpec("tickers", TICKER, KINDS.ALL_TICKERS, _all_tickers),
    "bids_asks": WatchSpec("bidsasks", LEVEL1, KINDS.LEVEL1, by_symbol),
    "order_book": WatchSpec("book", LEVEL2, KINDS.BOOK, incremental_book),
    **{f"order_book{d}": WatchSpec(f"book{d}", prefix, KINDS.DEPTH[d], depth_book)
       for d, prefix in DEPTH_PREFIXES.items()},
    "trades": WatchSpec("trades", MATCH, KINDS.TRADES, trades),
    "ohlcv": WatchSpec("ohlcv", CANDLES, KINDS.OHLCV, candles),
    "orders": WatchSpec("orders", ORDERS, KINDS.ORDERS, orders, per_symbol=False),
    "my_trades": WatchSpec("mytrades", ORDERS, KINDS.MY_TRADES, fills, per_symbol=False),
    "balance": WatchSpec("balance", BALANCE, KINDS.BALANCE, balance, per_symbol=False),
}

# Every row an order-book watch may hold (``un_watch_order_book`` releases them all).
BOOK_WATCHES = ("order_book",) + tuple(f"order_book{d}" for d in DEPTH_PREFIXES)


def book_watch(limit: int | None) -> WatchSpec:
    """``limit`` 5 or 50: the depth snapshot topics; anything else the incremental book."""
    return WATCHES[f"order_book{limit}"] if limit in DEPTH_PREFIXES else WATCHES["order_book"]
