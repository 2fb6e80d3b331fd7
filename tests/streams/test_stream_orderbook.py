"""Level-2 sequencing (kucoin.md "Level-2 order book synchronisation") as event sequences."""
from __future__ import annotations

from decimal import Decimal as D

from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot.l2 import L2Book
from kucoin_connector.streaming.book import APPLIED, BUFFERED, GAP, IGNORED, STALE_SNAPSHOT, SYNCED


def delta(start, end, bids=(), asks=(), time=1):
    return {"sequenceStart": start, "sequenceEnd": end, "symbol": "BTC-USDT", "time": time,
            "changes": {"bids": [list(b) for b in bids], "asks": [list(a) for a in asks]}}


SNAP = {"sequence": "10", "time": 5, "bids": [["100", "1"], ["99", "2"]], "asks": [["101", "1"], ["102", "3"]]}


def test_buffer_then_snapshot_replays_only_newer_changes():
    book = L2Book("BTC-USDT")
    assert book.on_delta(delta(9, 10, bids=[("100", "5", "10")])) == BUFFERED  # covered by the snapshot
    assert book.on_delta(delta(10, 12, bids=[("100", "7", "10"), ("98", "4", "11")],
                               asks=[("101", "0", "12")])) == BUFFERED
    assert book.on_snapshot(SNAP) == SYNCED
    # change seq 10 <= snapshot 10 is skipped; 11 and 12 apply
    assert book.bids == {D("100"): D("1"), D("99"): D("2"), D("98"): D("4")}
    assert book.asks == {D("102"): D("3")}
    assert book.sequence == 12 and book.resyncs == 0 and book.snapshots == 1


def test_continuity_gap_duplicate_and_price_zero():
    book = L2Book("BTC-USDT")
    book.on_snapshot(SNAP)
    assert book.on_delta(delta(11, 11, bids=[("0", "0", "11")])) == APPLIED  # price "0": sequence only
    assert book.bids == {D("100"): D("1"), D("99"): D("2")} and book.sequence == 11
    assert book.on_delta(delta(10, 11, asks=[("101", "9", "11")])) == IGNORED  # duplicate
    assert book.on_delta(delta(11, 13, asks=[("103", "1", "13")])) == APPLIED  # overlapping start is fine
    assert book.asks[D("103")] == D("1")
    assert book.on_delta(delta(15, 15, asks=[("104", "1", "15")])) == GAP
    assert not book.synced and book.bids == {} and book.gaps == 1
    assert book.on_delta(delta(16, 16)) == BUFFERED
    assert book.on_snapshot(dict(SNAP, sequence="15")) == SYNCED
    assert book.sequence == 16 and book.resyncs == 1


def test_snapshot_older_than_buffer_is_stale():
    book = L2Book("BTC-USDT")
    book.on_delta(delta(20, 21))
    assert book.on_snapshot(SNAP) == STALE_SNAPSHOT
    assert not book.synced and book.buffered == 1
    assert book.on_snapshot(dict(SNAP, sequence="19")) == SYNCED and book.sequence == 21


def test_gap_inside_the_buffer_is_detected_during_replay():
    book = L2Book("BTC-USDT")
    book.on_delta(delta(11, 11))
    book.on_delta(delta(13, 13))
    assert book.on_snapshot(SNAP) == GAP
    assert not book.synced and book.buffered == 1


def test_invalidate_and_ccxt_output():
    book = L2Book("BTC-USDT")
    book.on_snapshot(SNAP)
    out = book.to_ccxt(number_converter("str"), limit=1, symbol="BTC/USDT")
    assert out == {"symbol": "BTC/USDT", "bids": [["100", "1"]], "asks": [["101", "1"]], "timestamp": 5,
                   "datetime": "1970-01-01T00:00:00.005Z", "nonce": 10, "resyncs": 0}
    book.invalidate()
    assert book.need_snapshot and book.bids == {}
    book.on_snapshot(SNAP)
    assert book.resyncs == 1
    assert book.to_ccxt(number_converter("float"))["bids"] == [[100.0, 1.0], [99.0, 2.0]]


def test_depth_snapshot_push_replaces():
    book = L2Book("BTC-USDT")
    book.replace({"asks": [["2", "1"]], "bids": [["1", "3"], ["0.5", "0"]], "timestamp": 7})
    assert book.bids == {D("1"): D("3")} and book.asks == {D("2"): D("1")} and book.timestamp == 7
