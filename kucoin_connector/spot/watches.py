"""Spot watches as a table: one :class:`~kucoin_connector.streaming.watch.WatchSpec` per watch (pure core).

Layer: pure core. The reducers turn what the channels hold into what ccxt.pro returns: the latest
ticker, tickers by symbol, the book as a ccxt order book, trades and candles filtered by
``since``/``limit``, the latest version of each order, a copy of the balance. The faces
(:mod:`kucoin_connector.clients.streaming`) only pick a row and pass the call's arguments.
"""
from __future__ import annotations

from typing import Any, Callable

from ..streaming.channels import ChannelKey
from ..streaming.watch import WatchCall, WatchSpec
from .topics import BALANCE, CANDLES, DEPTH_PREFIXES, KINDS, LEVEL1, LEVEL2, MATCH, ORDERS, TICKER

__all__ = ["WATCHES", "BOOK_WATCHES", "book_watch"]


def _since_limit(items: list, since: int | None, limit: int | None, key: Callable[[Any], Any]) -> list:
    if since is not None:
        items = [i for i in items if (key(i) or 0) >= since]
    if limit is not None:
        items = items[-limit:] if limit > 0 else []
    return items


def _latest_by(items: list, key: str) -> list:
    """Keep the last version of each item (by ``key``), in order of last update."""
    seen: dict[Any, Any] = {}
    for item in items:
        seen.pop(item[key], None)
        seen[item[key]] = item
    return list(seen.values())


def _latest(call: WatchCall, ready: list[ChannelKey]) -> Any:
    return call.state.channel(ready[0]).take()[-1]


def _by_symbol(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    out = {}
    for key in ready:
        ticker = call.state.channel(key).take()[-1]
        out[ticker["symbol"]] = ticker
    return out


def _all_tickers(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    state = call.state
    out = {}
    for sid in state.channel(ready[0]).take():
        ticker = state.channel(ChannelKey(KINDS.TICKER, sid)).items[-1]
        out[ticker["symbol"] or sid] = ticker
    return out


def _book(call: WatchCall, ready: list[ChannelKey], limit: int | None) -> dict[str, Any]:
    key = ready[0]
    channel = call.state.channel(key)
    channel.take()  # moves the cursor: the channel holds the live book itself
    return channel.items[-1].to_ccxt(call.state.num, limit, call.symbols.get(key.arg))


def _incremental_book(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    return _book(call, ready, call.limit)


def _depth_book(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    return _book(call, ready, None)


def _trades(call: WatchCall, ready: list[ChannelKey]) -> list:
    trades = [t for key in ready for t in call.state.channel(key).take()]
    trades.sort(key=lambda t: (t["timestamp"] or 0))
    return _since_limit(trades, call.since, call.limit, lambda t: t["timestamp"])


def _candles(call: WatchCall, ready: list[ChannelKey]) -> list:
    rows: dict[int, list] = {}
    for row in call.state.channel(ready[0]).take():
        rows[row[0]] = row
    return _since_limit(sorted(rows.values(), key=lambda r: r[0]), call.since, call.limit, lambda r: r[0])


def _orders(call: WatchCall, ready: list[ChannelKey]) -> list:
    items = _latest_by(call.state.channel(ready[0]).take(), "id")
    return _since_limit(items, call.since, call.limit, lambda i: i.get("timestamp"))


def _fills(call: WatchCall, ready: list[ChannelKey]) -> list:
    return _since_limit(call.state.channel(ready[0]).take(), call.since, call.limit, lambda i: i.get("timestamp"))


def _balance(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    call.state.channel(ready[0]).take()
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in call.state.balance.items()}


WATCHES: dict[str, WatchSpec] = {
    "ticker": WatchSpec("ticker", TICKER, KINDS.TICKER, _latest),
    "tickers": WatchSpec("ticker", TICKER, KINDS.TICKER, _by_symbol),
    "all_tickers": WatchSpec("tickers", TICKER, KINDS.ALL_TICKERS, _all_tickers),
    "bids_asks": WatchSpec("bidsasks", LEVEL1, KINDS.LEVEL1, _by_symbol),
    "order_book": WatchSpec("book", LEVEL2, KINDS.BOOK, _incremental_book),
    **{f"order_book{d}": WatchSpec(f"book{d}", prefix, KINDS.DEPTH[d], _depth_book)
       for d, prefix in DEPTH_PREFIXES.items()},
    "trades": WatchSpec("trades", MATCH, KINDS.TRADES, _trades),
    "ohlcv": WatchSpec("ohlcv", CANDLES, KINDS.OHLCV, _candles),
    "orders": WatchSpec("orders", ORDERS, KINDS.ORDERS, _orders, per_symbol=False),
    "my_trades": WatchSpec("mytrades", ORDERS, KINDS.MY_TRADES, _fills, per_symbol=False),
    "balance": WatchSpec("balance", BALANCE, KINDS.BALANCE, _balance, per_symbol=False),
}

# Every row an order-book watch may hold (``un_watch_order_book`` releases them all).
BOOK_WATCHES = ("order_book",) + tuple(f"order_book{d}" for d in DEPTH_PREFIXES)


def book_watch(limit: int | None) -> WatchSpec:
    """``limit`` 5 or 50: the depth snapshot topics; anything else the incremental book."""
    return WATCHES[f"order_book{limit}"] if limit in DEPTH_PREFIXES else WATCHES["order_book"]
