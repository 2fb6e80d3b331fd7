"""The futures level-2 rule as event sequences: one change per message, the sequence steps by exactly 1 from
the REST snapshot's; buffering, duplicates, gaps and resyncs are the shared BookState's. The wire path
(server frames -> client bytes, fed whole and one byte at a time -> pushes -> StreamState) ends in the same
book."""
from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from futures_ws_support import ws_example

from kucoin_connector.core.markets import MarketRegistry
from kucoin_connector.core.numbers import number_converter
from kucoin_connector.futures.l2 import FUTURES_L2, FuturesBook, snapshot_from_rest
from kucoin_connector.futures.topics import FUTURES_TOPICS
from kucoin_connector.streaming.book import APPLIED, BUFFERED, GAP, IGNORED, STALE_SNAPSHOT, SYNCED, BadLevel
from kucoin_connector.streaming.channels import BOOK, ChannelKey
from kucoin_connector.streaming.engine import Message, Subscribed
from kucoin_connector.streaming.state import StreamState
from kucoin_connector.streaming.topics import ConnectionKey, Unit
from kucoin_connector.ws import AcceptConnection, Request, Role, TextMessage, WSConnection

SYM = "XBTUSDTM"
# GET /api/v1/level2/snapshot data: JSON numbers, ``ts`` in ns (https://www.kucoin.com/docs-new/api-3470224)
REST = {"sequence": 100, "symbol": SYM, "bids": [[90000.1, 5], [90000, 2]], "asks": [[90000.5, 3], [90001, 7]],
        "ts": 1731897467182000000}


def delta(seq: int, change: str, ts: int = 1731897467200) -> dict:
    return {"sequence": seq, "change": change, "timestamp": ts}


def synced() -> FuturesBook:
    book = FuturesBook(SYM)
    assert book.on_snapshot(snapshot_from_rest(REST)) == SYNCED
    return book


def test_the_official_example_reads_as_one_change_with_one_sequence():
    data = ws_example("/contractMarket/level2:{symbol}")["data"]
    FUTURES_L2.check(data)
    assert FUTURES_L2.bounds(data) == (1709400450243, 1709400450243)
    book = FuturesBook(SYM)
    book.on_snapshot({"sequence": 1709400450242, "bids": [], "asks": [], "ts": 1})
    assert book.on_delta(data) == APPLIED
    assert book.asks == {D("90631.2"): D(2)} and book.timestamp == 1731897467182


def test_the_rest_snapshot_is_read_exactly_with_its_time_in_ms():
    book = synced()
    assert book.bids == {D("90000.1"): D(5), D("90000"): D(2)} and book.asks == {D("90000.5"): D(3), D(90001): D(7)}
    assert book.sequence == 100 and book.timestamp == 1731897467182


def test_buffered_changes_at_or_below_the_snapshot_are_skipped_and_the_rest_replayed():
    book = FuturesBook(SYM)
    assert book.on_delta(delta(99, "90000.1,buy,0")) == BUFFERED  # already in the snapshot
    assert book.on_delta(delta(100, "90000,buy,0")) == BUFFERED  # the snapshot's own sequence
    assert book.on_delta(delta(101, "89999,buy,4")) == BUFFERED
    assert book.on_delta(delta(102, "90000.5,sell,0")) == BUFFERED
    assert book.on_snapshot(snapshot_from_rest(REST)) == SYNCED
    assert book.bids == {D("90000.1"): D(5), D(90000): D(2), D(89999): D(4)}
    assert book.asks == {D(90001): D(7)} and book.sequence == 102


def test_strictly_plus_one_duplicates_ignored_and_a_gap_resyncs():
    book = synced()
    assert book.on_delta(delta(101, "90000.2,buy,1")) == APPLIED
    assert book.on_delta(delta(101, "90000.2,buy,9")) == IGNORED  # a duplicate
    assert book.bids[D("90000.2")] == D(1)
    assert book.on_delta(delta(102, "90000.2,buy,0")) == APPLIED and D("90000.2") not in book.bids
    assert book.on_delta(delta(104, "90002,sell,1")) == GAP  # 103 is missing
    assert not book.synced and book.bids == {} and book.gaps == 1
    assert book.on_delta(delta(105, "90003,sell,1")) == BUFFERED
    assert book.on_snapshot(snapshot_from_rest(dict(REST, sequence=102))) == STALE_SNAPSHOT  # 103 is in neither
    resync = snapshot_from_rest(dict(REST, sequence=104, asks=[[90002, 1]]))
    assert book.on_snapshot(resync) == SYNCED
    assert book.sequence == 105 and book.asks == {D(90002): D(1), D(90003): D(1)} and book.resyncs == 1


@pytest.mark.parametrize("change", ["90000,buy", "90000,up,1", "abc,buy,1", "90000,buy,-1", "90000,buy,NaN",
                                    "1e999999,buy,1", 7, None, "9" * 200 + ",buy,1"])
def test_a_malformed_change_is_refused_before_it_is_buffered(change):
    with pytest.raises((BadLevel, TypeError, KeyError)):
        FUTURES_L2.check({"sequence": 1, "change": change})
    book = FuturesBook(SYM)
    with pytest.raises((BadLevel, TypeError, KeyError)):
        book.on_delta({"sequence": 1, "change": change})
    assert book.buffered == 0


def test_a_malformed_snapshot_row_is_passed_on_and_refused_by_the_book():
    bad = snapshot_from_rest(dict(REST, bids=[[True, 1], ["x", 1]]))
    with pytest.raises(BadLevel):
        FuturesBook(SYM).on_snapshot(bad)


# -- the wire path --------------------------------------------------------------------------------------

def _frames(messages: list[dict]) -> tuple[WSConnection, bytes]:
    client = WSConnection(Role.CLIENT, urandom=lambda n: bytes(n))  # a fixed mask: deterministic
    server = WSConnection(Role.SERVER)
    server.receive_data(client.send(Request(host="127.0.0.1", target="/futures")))
    assert isinstance(server.next_event(), Request)
    client.receive_data(server.send(AcceptConnection()))
    assert isinstance(client.next_event(), AcceptConnection)
    return client, b"".join(server.send(TextMessage(json.dumps(m))) for m in messages)


def _state() -> tuple[StreamState, ConnectionKey]:
    state = StreamState(MarketRegistry(), number_converter("str"), FUTURES_TOPICS)
    key = ConnectionKey("futures", "public", 0)
    state.channel(ChannelKey(BOOK, SYM))
    state.apply([Subscribed(key, (Unit("/contractMarket/level2", SYM, "futures"),))])
    assert state.take_snapshot_requests() == [SYM]
    return state, key


def _push(seq: int, change: str) -> dict:
    return {"topic": f"/contractMarket/level2:{SYM}", "type": "message", "subject": "level2", "sn": seq,
            "data": delta(seq, change)}


@pytest.mark.parametrize("mode", ["whole", "bytewise"])
def test_bytes_to_book_whole_and_one_byte_at_a_time(mode):
    pushes = [_push(101, "90000.2,buy,1"), _push(102, "90000.5,sell,0"), _push(103, "90000.2,buy,3"),
              _push(105, "90004,sell,1"),  # a gap: 104 never came
              _push(106, "90005,sell,2")]
    client, wire = _frames(pushes)
    state, key = _state()
    ticket = state.snapshot_ticket(SYM)
    state.on_snapshot(SYM, snapshot_from_rest(REST), ticket=ticket)
    chunks = [wire] if mode == "whole" else [wire[i:i + 1] for i in range(len(wire))]
    seen = []
    for chunk in chunks:
        client.receive_data(chunk)
        for event in client.events():
            assert isinstance(event, TextMessage)
            message = json.loads(event.data)
            state.apply([Message(key, message)])
            seen.append(message["data"]["sequence"])
            book = state.books[SYM]
            if message["data"]["sequence"] == 103:
                assert book.synced and book.sequence == 103
                assert book.bids == {D("90000.1"): D(5), D(90000): D(2), D("90000.2"): D(3)}
                assert book.asks == {D(90001): D(7)}
    assert seen == [101, 102, 103, 105, 106]
    book = state.books[SYM]
    assert not book.synced and book.gaps == 1 and state.take_snapshot_requests() == [SYM]
    state.on_snapshot(SYM, snapshot_from_rest(dict(REST, sequence=105, asks=[[90004, 1]])),
                      ticket=state.snapshot_ticket(SYM))
    assert book.synced and book.sequence == 106 and book.asks == {D(90004): D(1), D(90005): D(2)}


def test_a_malformed_push_is_dropped_counted_and_resyncs_the_book():
    state, key = _state()
    state.on_snapshot(SYM, snapshot_from_rest(REST), ticket=state.snapshot_ticket(SYM))
    state.apply([Message(key, _push(101, "90000.2,buy,oops"))])
    assert state.bad_pushes == 1 and not state.books[SYM].synced
    assert state.take_snapshot_requests() == [SYM]
