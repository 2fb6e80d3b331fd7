"""The spot level-2 delta format and the spot book (pure core).

Layer: pure core. ``/market/level2:{symbol}`` pushes
(https://www.kucoin.com/docs-new/websocket-api/spot-trading/public-channels/orderbook-increment) carry
``sequenceStart``, ``sequenceEnd``, ``time`` and ``changes: {asks, bids: [[price, size, sequence]]}``;
the REST snapshot carries ``sequence`` and ``time``. What a book does with them (buffering, the gap
policy, resyncs) is :class:`~kucoin_connector.streaming.book.BookState`; this module only reads them.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from ..streaming.book import BookState, level_number, sequence_number

__all__ = ["SpotL2", "SPOT_L2", "L2Book"]

_ZERO = Decimal(0)
# Distinct price strings remembered per book (str -> Decimal); cleared when full, so memory is bounded.
_PRICE_CACHE_SIZE = 4096


class SpotL2:
    """:class:`~kucoin_connector.streaming.book.DeltaFormat` of spot ``/market/level2`` messages."""

    __slots__ = ()

    def check(self, data: Mapping[str, Any]) -> None:
        sequence_number(data["sequenceStart"])
        sequence_number(data["sequenceEnd"])
        stamp = data.get("time")
        if stamp is not None:
            sequence_number(stamp)
        changes = data.get("changes")
        if not changes:
            return
        for side in ("bids", "asks"):
            for change in changes.get(side) or ():
                sequence_number(change[2])
                level_number(change[0])
                if change[1] != "0":
                    level_number(change[1])

    def bounds(self, data: Mapping[str, Any]) -> tuple[int, int]:
        start, end = data["sequenceStart"], data["sequenceEnd"]  # ints on the wire: no call for them
        return (start if type(start) is int else sequence_number(start),
                end if type(end) is int else sequence_number(end))

    def apply(self, book: BookState, data: Mapping[str, Any], before: int) -> None:
        changes = data.get("changes")
        if changes:
            # Hot path (one call per push), so both sides share one inlined loop. Exactness: a price
            # string maps to one Decimal whatever the cache holds (Decimal(s) is a pure function of s),
            # and Decimal keys make "1.50" and "1.5" the same level.
            cache = book.prices
            for levels, rows in ((book.bids, changes.get("bids")), (book.asks, changes.get("asks"))):
                if not rows:
                    continue
                for change in rows:
                    if int(change[2]) <= before:
                        continue  # already in the book (a replay over a snapshot, step 3)
                    price_s = change[0]
                    price = cache.get(price_s)
                    if price is None:
                        price = level_number(price_s)  # only checked strings enter the cache
                        if len(cache) >= _PRICE_CACHE_SIZE:
                            cache.clear()
                        cache[price_s] = price
                    if not price:
                        continue  # price "0": a sequence-only change (kucoin.md step 5)
                    size_s = change[1]
                    size = _ZERO if size_s == "0" else level_number(size_s)
                    if size:
                        levels[price] = size
                    else:
                        levels.pop(price, None)
        stamp = data.get("time")
        if stamp is not None:
            book.timestamp = stamp if type(stamp) is int else sequence_number(stamp)

    def snapshot(self, data: Mapping[str, Any]) -> tuple[int, int | None]:
        sequence = sequence_number(data["sequence"])
        stamp = data.get("time")
        return sequence, (sequence_number(stamp) if stamp is not None else None)


SPOT_L2 = SpotL2()


class L2Book(BookState):
    """A spot symbol's level-2 book: :class:`BookState` reading :data:`SPOT_L2` deltas."""

    def __init__(self, symbol: str, *, max_buffer: int = 2000) -> None:
        super().__init__(symbol, SPOT_L2, max_buffer=max_buffer)
