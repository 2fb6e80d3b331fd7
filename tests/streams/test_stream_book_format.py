"""BookState is independent of the wire format: a futures-shaped format (one ``sequence`` per message,
``change: "price,side,size"``, strictly +1) plugs in without touching it; the spot format is one such
DeltaFormat."""
from __future__ import annotations

from decimal import Decimal as D

from kucoin_connector.spot.l2 import SPOT_L2, L2Book
from kucoin_connector.streaming.book import (APPLIED, BUFFERED, GAP, IGNORED, SYNCED, BookState, level_number,
                                             sequence_number)


class PriceSideSize:
    """A test-only DeltaFormat in KuCoin Futures' shape (kucoin.md: ``sequence``, ``change``)."""

    def check(self, data):
        sequence_number(data["sequence"])
        price, side, size = data["change"].split(",")
        level_number(price), level_number(size)
        assert side in ("buy", "sell")

    def bounds(self, data):
        seq = sequence_number(data["sequence"])
        return seq, seq

    def apply(self, book, data, before):
        price, side, size = data["change"].split(",")
        levels = book.bids if side == "buy" else book.asks
        if D(size):
            levels[D(price)] = D(size)
        else:
            levels.pop(D(price), None)
        book.timestamp = data.get("timestamp", book.timestamp)

    def snapshot(self, data):
        return sequence_number(data["sequence"]), data.get("ts")


def msg(seq, change):
    return {"sequence": seq, "change": change, "timestamp": seq * 10}


def test_a_futures_shaped_format_is_strictly_plus_one_through_the_same_gap_policy():
    book = BookState("XBTUSDTM", PriceSideSize())
    assert book.on_delta(msg(11, "100,buy,5")) == BUFFERED
    assert book.on_snapshot({"sequence": 10, "ts": 1, "bids": [["99", "1"]], "asks": [["101", "2"]]}) == SYNCED
    assert book.bids == {D(99): D(1), D(100): D(5)} and book.sequence == 11
    assert book.on_delta(msg(12, "101,sell,0")) == APPLIED and book.asks == {}
    assert book.on_delta(msg(12, "101,sell,7")) == IGNORED  # a duplicate
    assert book.on_delta(msg(14, "98,buy,1")) == GAP  # 13 is missing: strictly +1
    assert not book.synced and book.gaps == 1


def test_the_spot_book_is_book_state_with_the_spot_format():
    book = L2Book("BTC-USDT")
    assert isinstance(book, BookState) and book.format is SPOT_L2
    book.on_snapshot({"sequence": "10", "time": 1, "bids": [], "asks": []})
    data = {"sequenceStart": 11, "sequenceEnd": 12, "time": 2, "changes": {"bids": [["5", "1", "12"]], "asks": []}}
    assert SPOT_L2.bounds(data) == (11, 12)
    assert book.on_delta(data) == APPLIED and book.bids == {D(5): D(1)} and book.timestamp == 2
