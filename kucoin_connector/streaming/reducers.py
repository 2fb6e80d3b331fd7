"""Reducers shared by every family's watch table: what the channels hold -> what ccxt.pro returns (pure core).

Layer: pure core. A reducer is ``reducer(call, ready keys)`` (:class:`~.watch.WatchCall`): the latest
item, items by symbol, the book as a ccxt order book, trades and candles filtered by ``since``/``limit``,
the latest version of each order, a copy of the balance. Family tables (``spot/watches.py``,
``futures/watches.py``) name them in their :class:`~.watch.WatchSpec` rows.
"""
from __future__ import annotations

from typing import Any, Callable

from .channels import ChannelKey
from .watch import WatchCall

__all__ = ["since_limit", "latest_by", "latest", "by_symbol", "book", "incremental_book", "depth_book", "trades",
           "candles", "orders", "fills", "balance"]


def since_limit(items: list, since: int | None, limit: int | None, key: Callable[[Any], Any]) -> list:
    if since is not None:
        items = [i for i in items if (key(i) or 0) >= since]
    if limit is not None:
        items = items[-limit:] if limit > 0 else []
    return items


def latest_by(items: list, key: str) -> list:
    """Keep the last version of each item (by ``key``), in order of last update."""
    seen: dict[Any, Any] = {}
    for item in items:
        seen.pop(item[key], None)
        seen[item[key]] = item
    return list(seen.values())


def latest(call: WatchCall, ready: list[ChannelKey]) -> Any:
    return call.state.channel(ready[0]).take()[-1]


def by_symbol(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    out = {}
    for key in ready:
        ticker = call.state.channel(key).take()[-1]
        out[ticker["symbol"]] = ticker
    return out


def book(call: WatchCall, ready: list[ChannelKey], limit: int | None) -> dict[str, Any]:
    key = ready[0]
    channel = call.state.channel(key)
    channel.take()  # moves the cursor: the channel holds the live book itself
    return channel.items[-1].to_ccxt(call.state.num, limit, call.symbols.get(key.arg))


def incremental_book(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    return book(call, ready, call.limit)


def depth_book(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    return book(call, ready, None)


def trades(call: WatchCall, ready: list[ChannelKey]) -> list:
    items = [t for key in ready for t in call.state.channel(key).take()]
    items.sort(key=lambda t: (t["timestamp"] or 0))
    return since_limit(items, call.since, call.limit, lambda t: t["timestamp"])


def candles(call: WatchCall, ready: list[ChannelKey]) -> list:
    rows: dict[int, list] = {}
    for row in call.state.channel(ready[0]).take():
        rows[row[0]] = row
    return since_limit(sorted(rows.values(), key=lambda r: r[0]), call.since, call.limit, lambda r: r[0])


def orders(call: WatchCall, ready: list[ChannelKey]) -> list:
    items = latest_by(call.state.channel(ready[0]).take(), "id")
    return since_limit(items, call.since, call.limit, lambda i: i.get("timestamp"))


def fills(call: WatchCall, ready: list[ChannelKey]) -> list:
    return since_limit(call.state.channel(ready[0]).take(), call.since, call.limit, lambda i: i.get("timestamp"))


def balance(call: WatchCall, ready: list[ChannelKey]) -> dict[str, Any]:
    call.state.channel(ready[0]).take()
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in call.state.balance.items()}
