"""A level-2 snapshot fetched before a connection loss must not synchronise the book after it.

Regression for the stream soak's stuck books (issue 4): the connection dropped right after the
subscription was acknowledged, the snapshots already requested came back after the loss and were
applied to the invalidated books (empty delta buffer, so nothing showed they were old); the books
looked synced at pre-loss sequences, the reconnect saw "synced" and asked for no snapshot, and with
the market paused no later delta exposed the gap: every book stayed behind the true sequence.
"""
from __future__ import annotations

import asyncio
import logging
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from fakekucoin import MARKETS, AsyncFakeTransport, FakeKucoin  # noqa: E402

from kucoin_connector import AsyncKucoin  # noqa: E402
from kucoin_connector.errors import NetworkError  # noqa: E402
from kucoin_connector.core.markets import MarketRegistry  # noqa: E402
from kucoin_connector.streaming.engine import GaveUp, Interrupted, Message, Subscribed  # noqa: E402
from kucoin_connector.spot.topics import LEVEL2  # noqa: E402
from kucoin_connector.streaming.channels import BOOK, ChannelKey  # noqa: E402
from kucoin_connector.streaming.state import StreamState  # noqa: E402
from kucoin_connector.streaming.topics import Unit  # noqa: E402
from kucoin_connector.spot.topics import SPOT_TOPICS

SID = "BTC-USDT"
UNIT = Unit(LEVEL2, SID)
OLD = {"sequence": "100", "time": 1, "bids": [["100", "1"]], "asks": []}
NEW = {"sequence": "103", "time": 2, "bids": [["100", "1"]], "asks": [["101", "2"]]}


def state() -> StreamState:
    s = StreamState(MarketRegistry(), "str", SPOT_TOPICS)
    s.channel(ChannelKey(BOOK, SID))
    s.book(SID)
    return s


def test_snapshot_asked_before_a_loss_is_discarded_and_the_next_one_syncs():
    s = state()
    s.apply([Subscribed("public-0", (UNIT,))])
    assert s.take_snapshot_requests() == [SID]
    ticket = s.snapshot_ticket(SID)
    assert ticket is not None
    s.apply([Interrupted("public-0", (UNIT,), "closed: 1006")])
    assert s.snapshot_ticket(SID) is None  # not subscribed: no fetch may start now
    assert not s.ticket_valid(SID, ticket)
    assert s.on_snapshot(SID, OLD, ticket=ticket) == set()
    assert not s.books[SID].synced and s.books[SID].sequence is None
    s.apply([Subscribed("public-0", (UNIT,))])  # reconnected: asked again
    assert s.take_snapshot_requests() == [SID]
    fresh = s.snapshot_ticket(SID)
    assert fresh is not None and fresh != ticket
    assert s.on_snapshot(SID, NEW, ticket=fresh) == {ChannelKey(BOOK, SID)}
    book = s.books[SID]
    assert book.synced and book.sequence == 103 and dict(book.asks) == {101: 2}


def test_snapshot_ticket_survives_gaps_but_not_a_dropped_book_or_a_failure():
    s = state()
    s.apply([Subscribed("public-0", (UNIT,))])
    ticket = s.snapshot_ticket(SID)
    assert ticket is not None and s.ticket_valid(SID, ticket)
    # a gap on a live subscription keeps the ticket valid: the buffer proves continuity
    s.apply([Message("public-0", {"topic": f"{LEVEL2}:{SID}", "type": "message", "data": {
        "sequenceStart": 102, "sequenceEnd": 102, "symbol": SID, "time": 3,
        "changes": {"asks": [["101", "2", "102"]], "bids": []}}})])
    assert s.ticket_valid(SID, ticket) and s.books[SID].buffered == 1
    s.drop_book(SID)
    assert not s.ticket_valid(SID, ticket)
    s.book(SID)
    s.apply([Subscribed("public-0", (UNIT,))])
    again = s.snapshot_ticket(SID)
    assert again is not None
    s.apply([GaveUp("public-0", (UNIT,), NetworkError("gave up"))])
    assert not s.ticket_valid(SID, again) and s.snapshot_ticket(SID) is None


class GatedTransport(AsyncFakeTransport):
    """Answers each level-2 snapshot with the book *as it was when asked*, but only once released."""

    def __init__(self, fake: FakeKucoin) -> None:
        super().__init__(fake)
        self.held: list[tuple[asyncio.Event, object]] = []

    async def request(self, method, url, headers, body, timeout):  # type: ignore[override]
        if "orderbook/level2" not in url:
            return await super().request(method, url, headers, body, timeout)
        answer = self.fake.answer(method, url)  # the snapshot at request time
        gate = asyncio.Event()
        self.held.append((gate, answer))
        await gate.wait()
        return answer


@pytest.fixture
def fake():
    f = FakeKucoin()
    yield f
    f.close()


async def _until(predicate) -> None:
    while not predicate():
        await asyncio.sleep(0.005)


def test_async_driver_ignores_a_snapshot_that_outlived_its_connection(fake, caplog):
    caplog.set_level(logging.INFO, logger="kucoin_connector.io.stream_async")
    transport = GatedTransport(fake)
    ex = AsyncKucoin({"urls": {"api": {"spot": "http://fake"}}, "options": {"wsBackoffInitialMs": 20, "numbers": "str"}}, transport=transport, rand=lambda: 0.5)
    ex._ctx.registry.set_markets([dict(m) for m in MARKETS], {})
    fake.l2(SID, "bids", "100", "1")  # sequence 101, before any subscription

    async def main():
        task = asyncio.ensure_future(ex.watch_order_book("BTC/USDT"))
        await asyncio.to_thread(fake.wait_subscribed, LEVEL2, SID)
        await _until(lambda: len(transport.held) == 1)  # snapshot at 101 asked for, held
        fake.drop_all()  # the connection is lost while that snapshot is on its way
        fake.l2(SID, "asks", "101", "2")  # 102: nobody is subscribed, the client misses it
        await asyncio.to_thread(fake.wait_subscribed, LEVEL2, SID)  # reconnected and resubscribed
        await _until(lambda: len(transport.held) == 2)  # the new subscription asked for a snapshot
        transport.held[0][0].set()  # the old snapshot (101) arrives first...
        await _until(lambda: task.done() or "snapshot discarded" in caplog.text)
        early = task.done()  # True before the fix: the stale snapshot "synced" the book
        transport.held[1][0].set()  # ...then the one asked on the new connection (102)
        book = await task
        await ex.close()
        return early, book

    early, book = asyncio.run(asyncio.wait_for(main(), 15))
    truth = fake.snapshot(SID)
    assert not early, book
    assert book["nonce"] == int(truth["sequence"]) == 102
    assert book["bids"] == [["100", "1"]] and book["asks"] == [["101", "2"]]
    assert ex._stream_driver.state.books[SID].sequence == 102
