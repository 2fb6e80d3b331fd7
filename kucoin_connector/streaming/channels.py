"""Channels: what a watch waits on, named by a typed key (pure core).

Layer: pure core. A :class:`ChannelKey` ``(kind, arg)`` names one bounded history, e.g.
``ChannelKey(BOOK, "BTC-USDT")`` or ``ChannelKey("orders", None)`` (every symbol). The topic handlers
push into channels (:meth:`~.state.StreamState.bump`) and the watches read them: both sides use the
same key values, never a formatted string. A watch call resolves once its channel moved past the
cursor, and returns what arrived since (ccxt.pro's ``newUpdates`` behaviour).
"""
from __future__ import annotations

from collections import deque
from typing import Any, NamedTuple

__all__ = ["ChannelKey", "Channel", "BOOK", "ORDERS_KIND", "MY_TRADES_KIND", "BALANCE_KIND"]

BOOK = "book"  # the channel kind of an incremental level-2 book (the state keeps the book for it)
ORDERS_KIND = "orders"  # private order changes, every family (``StreamState.bump_order_change`` feeds both)
MY_TRADES_KIND = "mytrades"  # the fills those changes carry
BALANCE_KIND = "balance"  # the account balance every family's balance pushes merge into (``StreamState.bump_balance``)


class ChannelKey(NamedTuple):
    """One channel: a ``kind`` (what the watch shapes, e.g. ``"ticker"``) and its ``arg`` (a symbol
    id, a candle topic argument, or None for all symbols)."""

    kind: str
    arg: str | None = None

    def __str__(self) -> str:
        return self.kind if self.arg is None else f"{self.kind}:{self.arg}"


class Channel:
    """A bounded history of one key: ``count`` only grows, ``items`` keeps the last ``limit``."""

    __slots__ = ("items", "count", "cursor")

    def __init__(self, limit: int) -> None:
        self.items: deque[Any] = deque(maxlen=limit)
        self.count = 0
        self.cursor = 0  # what the consumer has already been given

    def push(self, item: Any) -> None:
        self.items.append(item)
        self.count += 1

    @property
    def ready(self) -> bool:
        return self.count > self.cursor

    def take(self) -> list[Any]:
        """Items since the cursor (at most the retained ones); moves the cursor."""
        fresh = min(self.count - self.cursor, len(self.items))
        self.cursor = self.count
        return list(self.items)[-fresh:] if fresh > 0 else []
