"""The futures level-2 delta format and the futures book (pure core).

Layer: pure core. ``/contractMarket/level2:{symbol}`` pushes
(https://www.kucoin.com/docs-new/3470082w0, example in ``reference/kucoin-openapi/ws/openapi-futures-public.json``)
carry one change each: ``{"sequence": 1709400450243, "change": "90631.2,sell,2", "timestamp": 1731897467182}``;
``side`` ``buy`` is a bid, ``sell`` an ask, size ``0`` deletes the level, and the sequence steps by
exactly 1 from the REST snapshot's (``GET /api/v1/level2/snapshot``: ``sequence``, ``ts`` in ns). A message
carries one sequence, so :class:`~kucoin_connector.streaming.book.BookState`'s continuity rule
(``first <= sequence + 1``, ``last > sequence``) is "strictly +1" here; what a book does with gaps,
buffering and resyncs is ``BookState``'s, shared with spot.

The REST snapshot sends JSON numbers (``[[90631.2, 2], ...]``); :func:`snapshot_from_rest` turns them into
the decimal strings every book reads (exactly: a JSON number's shortest repr is the text KuCoin sent).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from ..core.fields import dec
from ..streaming.book import BadLevel, BookState, level_number, sequence_number

__all__ = ["FuturesL2", "FUTURES_L2", "FuturesBook", "snapshot_from_rest"]

_ZERO = Decimal(0)
_PRICE_CACHE_SIZE = 4096
_NS_PER_MS = 1_000_000
_MAX_CHANGE = 160  # characters of "price,side,size" (two level values of at most 64, a side, two commas)


def _change(text: object) -> tuple[str, str, str]:
    if type(text) is not str or len(text) > _MAX_CHANGE:
        raise BadLevel(f"change {str(text)[:40]!r} is not 'price,side,size'")
    parts = text.split(",")
    if len(parts) != 3 or parts[1] not in ("buy", "sell"):
        raise BadLevel(f"change {text[:40]!r} is not 'price,side,size'")
    return parts[0], parts[1], parts[2]


class FuturesL2:
    """:class:`~kucoin_connector.streaming.book.DeltaFormat` of ``/contractMarket/level2`` messages."""

    __slots__ = ()

    def check(self, data: Mapping[str, Any]) -> None:
        sequence_number(data["sequence"])
        price, _, size = _change(data["change"])
        level_number(price)
        level_number(size)
        stamp = data.get("timestamp")
        if stamp is not None:
            sequence_number(stamp)

    def bounds(self, data: Mapping[str, Any]) -> tuple[int, int]:
        sequence = data["sequence"]
        if type(sequence) is not int:
            sequence = sequence_number(sequence)
        return sequence, sequence

    def apply(self, book: BookState, data: Mapping[str, Any], before: int) -> None:
        # Hot path: one call per push (a futures push carries one change), so the parsing is inlined.
        # Only called for a message above ``before`` (BookState checks it).
        change = data["change"]
        if type(change) is not str or len(change) > _MAX_CHANGE:
            raise BadLevel(f"change {str(change)[:40]!r} is not 'price,side,size'")
        parts = change.split(",")
        if len(parts) != 3:
            raise BadLevel(f"change {change[:40]!r} is not 'price,side,size'")
        price_s, side, size_s = parts
        if side == "buy":
            levels = book.bids
        elif side == "sell":
            levels = book.asks
        else:
            raise BadLevel(f"change {change[:40]!r} has side {side[:8]!r}")
        cache = book.prices
        price = cache.get(price_s)
        if price is None:
            price = level_number(price_s)  # only checked strings enter the cache
            if len(cache) >= _PRICE_CACHE_SIZE:
                cache.clear()
            cache[price_s] = price
        if size_s == "0":
            size = _ZERO
        elif size_s.isdigit() and size_s.isascii() and len(size_s) <= 20:
            size = Decimal(size_s)  # whole contracts: a plain ASCII integer is always a valid size
        else:
            size = level_number(size_s)
        if not price:
            pass  # price 0: a sequence-only change (as spot, kucoin.md step 5)
        elif size:
            levels[price] = size
        else:
            levels.pop(price, None)
        stamp = data.get("timestamp")
        if stamp is not None:
            book.timestamp = stamp if type(stamp) is int else sequence_number(stamp)

    def snapshot(self, data: Mapping[str, Any]) -> tuple[int, int | None]:
        sequence = sequence_number(data["sequence"])
        ts = data.get("ts")
        return sequence, (sequence_number(ts) // _NS_PER_MS if ts is not None else None)


FUTURES_L2 = FuturesL2()


class FuturesBook(BookState):
    """A contract's level-2 book: :class:`BookState` reading :data:`FUTURES_L2` deltas."""

    def __init__(self, symbol: str, *, max_buffer: int = 2000) -> None:
        super().__init__(symbol, FUTURES_L2, max_buffer=max_buffer)


def _text(value: object) -> object:
    """A JSON number as its exact decimal text; anything else unchanged (the book refuses it)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return value
    try:
        number = dec(value)
    except (ValueError, TypeError, ArithmeticError):
        return value
    return value if number is None else format(number, "f")


def snapshot_from_rest(data: Any) -> Any:
    """``GET /api/v1/level2/snapshot`` data -> the same with decimal-string rows (what a book reads).
    Nothing raises here: a malformed row is passed on for the book to refuse (then fetched again)."""
    if not isinstance(data, Mapping):
        return data
    out = dict(data)
    for side in ("bids", "asks"):
        rows = data.get(side)
        if isinstance(rows, list):
            out[side] = [[_text(r[0]), _text(r[1])] if isinstance(r, (list, tuple)) and len(r) >= 2 else r
                         for r in rows]
    return out
