"""Hostile stream messages (issue 7, section 4): one malformed push never stops a stream. It is dropped,
logged once per topic, counted, and a bad level-2 delta resynchronises its book; the next good push is
still delivered, through the pure core and through both faces."""
from __future__ import annotations

import asyncio
import json
import logging
import pathlib
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "streams"))

from fakekucoin import MARKETS, AsyncFakeTransport, FakeKucoin, FakeTransport  # noqa: E402

from kucoin_connector import AsyncKucoin, Kucoin  # noqa: E402
from kucoin_connector.core.markets import MarketRegistry  # noqa: E402
from kucoin_connector.core.numbers import number_converter  # noqa: E402
from kucoin_connector.streaming.channels import ChannelKey  # noqa: E402
from kucoin_connector.streaming.engine import OpenConnection, SendText, StreamEngine  # noqa: E402
from kucoin_connector.streaming.hub import HubCore  # noqa: E402
from kucoin_connector.spot.l2 import L2Book  # noqa: E402
from kucoin_connector.streaming.state import StreamState  # noqa: E402
from kucoin_connector.streaming.topics import Unit  # noqa: E402
from kucoin_connector.spot.topics import SPOT_TOPICS

SID = "BTC-USDT"
TICK = {"sequence": "1", "price": "100.5", "size": "0.1", "bestAsk": "101", "bestAskSize": "2",
        "bestBid": "100", "bestBidSize": "3", "Time": 1704873323416}
MATCH = {"makerOrderId": "m1", "price": "100.5", "sequence": "5", "side": "buy", "size": "0.1", "symbol": SID,
         "takerOrderId": "t1", "time": "1704873323416000000", "tradeId": "11", "type": "match"}
CANDLE = {"symbol": SID, "candles": ["1704873300", "100", "101", "102", "99", "5", "500"],
          "time": 1704873323416000000}
LEVEL1 = {"asks": ["101", "2"], "bids": ["100", "3"], "timestamp": 1704873323416}
DEPTH5 = {"asks": [["101", "2"], ["102", "1"]], "bids": [["100", "3"]], "timestamp": 1704873323416}
ORDER = {"clientOid": "c1", "orderId": "o1", "orderTime": 1704873323416, "orderType": "limit", "originSize": "1",
         "side": "buy", "status": "match", "symbol": SID, "ts": 1704873323416000000, "type": "match",
         "price": "100", "size": "1", "remainSize": "0.5", "filledSize": "0.5", "canceledSize": "0",
         "matchPrice": "100", "matchSize": "0.5", "tradeId": "t9", "liquidity": "taker", "feeType": "takerFee"}
BALANCE = {"accountId": "a1", "currency": "USDT", "total": "10", "available": "7", "hold": "3",
           "availableChange": "-3", "holdChange": "3", "relationContext": {}, "relationEvent": "trade.hold",
           "relationEventId": "x", "time": "1704873323416"}

# (unit, channel key, topic, good data)
STREAMS = {
    "ticker": (Unit("/market/ticker", SID), ChannelKey("ticker", SID), f"/market/ticker:{SID}", TICK),
    "trades": (Unit("/market/match", SID), ChannelKey("trades", SID), f"/market/match:{SID}", MATCH),
    "ohlcv": (Unit("/market/candles", f"{SID}_1min"), ChannelKey("ohlcv", f"{SID}_1min"), f"/market/candles:{SID}_1min", CANDLE),
    "level1": (Unit("/spotMarket/level1", SID), ChannelKey("level1", SID), f"/spotMarket/level1:{SID}", LEVEL1),
    "depth5": (Unit("/spotMarket/level2Depth5", SID), ChannelKey("depth5", SID), f"/spotMarket/level2Depth5:{SID}", DEPTH5),
    "orders": (Unit("/spotMarket/tradeOrdersV2", None), ChannelKey("orders"), "/spotMarket/tradeOrdersV2", ORDER),
    "balance": (Unit("/account/balance", None), ChannelKey("balance"), "/account/balance", BALANCE),
    "book": (Unit("/market/level2", SID), ChannelKey("book", SID), f"/market/level2:{SID}", None),
}


class Harness:
    """The pure stream core (engine + state through HubCore, as both drivers use it) on fake sockets."""

    def __init__(self, numbers: str = "float") -> None:
        self.now = 0
        ids = iter(range(1, 10**9))
        engine = StreamEngine(rand=lambda: 0.5, new_id=lambda: f"i{next(ids)}")
        registry = MarketRegistry()
        registry.set_markets([dict(m) for m in MARKETS], {})
        self.state = StreamState(registry, number_converter(numbers), SPOT_TOPICS)
        self.hub = HubCore(engine, self.state, lambda: self.now)
        self.engine = engine
        self.seq = 100
        self.levels: dict[str, dict[str, str]] = {"bids": {"100": "1"}, "asks": {"101": "1"}}
        self.conns: dict[str, str] = {}  # key -> connect id
        for name, (unit, hash_, _, _) in STREAMS.items():
            self.hub.begin(name, [unit], [hash_])
        self._pump()

    def _pump(self) -> None:
        """Open connections, welcome them, ack every request, answer snapshot requests."""
        for _ in range(20):
            acted = False
            for action in self.engine.actions():
                acted = True
                if isinstance(action, OpenConnection):
                    self.conns[action.key] = action.connect_id
                    self.engine.opened(action.key, action.connect_id, self.now)
                    self.engine.received(action.key, action.connect_id,
                                         json.dumps({"id": action.connect_id, "type": "welcome"}), self.now)
                elif isinstance(action, SendText):
                    message = json.loads(action.text)
                    if message["type"] in ("subscribe", "unsubscribe"):
                        self.engine.received(action.key, action.connect_id,
                                             json.dumps({"id": message["id"], "type": "ack"}), self.now)
            self.hub.absorb()
            for sid in self.state.take_snapshot_requests():
                acted = True
                ticket = self.state.snapshot_ticket(sid)
                if ticket is not None:
                    self.state.on_snapshot(sid, self.snapshot(), ticket=ticket)
            if not acted:
                return

    def snapshot(self) -> dict:
        return {"sequence": str(self.seq), "time": 1704873323416,
                "bids": [[p, s] for p, s in self.levels["bids"].items()],
                "asks": [[p, s] for p, s in self.levels["asks"].items()]}

    def good_delta(self) -> dict:
        self.seq += 1
        price = str(100 - self.seq % 7)
        self.levels["bids"][price] = "2"
        return {"sequenceStart": self.seq, "sequenceEnd": self.seq, "symbol": SID, "time": 1704873323416,
                "changes": {"bids": [[price, "2", str(self.seq)]], "asks": []}}

    def feed(self, message: object, private: bool = False) -> set[str]:
        text = message if isinstance(message, str) else json.dumps(message)
        key = next(k for k in self.conns if k.access == ("private" if private else "public"))
        self.now += 1
        self.engine.received(key, self.conns[key], text, self.now)
        updated, failed = self.hub.absorb()
        assert not failed
        self._pump()
        return updated

    def push(self, name: str, data: object = None, topic: object = None) -> set[str]:
        _, _, default_topic, good = STREAMS[name]
        if data is None:
            data = self.good_delta() if name == "book" else good
        message = {"type": "message", "topic": default_topic if topic is None else topic, "subject": "x",
                   "data": data}
        return self.feed(message, private=name in ("orders", "balance"))

    def delivered(self, name: str) -> bool:
        """A good push on ``name`` advances its channel (a resyncing book first takes its snapshot)."""
        hash_ = STREAMS[name][1]
        channel = self.state.channel(hash_)
        before = channel.count
        self.push(name)
        return channel.count > before and self.state.channels[hash_].ready

    def assert_books_sane(self) -> None:
        for book in list(self.state.books.values()) + list(self.state.depth_books.values()):
            for side in (book.bids, book.asks):
                for price, size in side.items():
                    assert price.is_finite() and size.is_finite() and price > 0 and size > 0
                    assert -40 <= price.adjusted() <= 40 and -40 <= size.adjusted() <= 40


BAD_NUMBERS = ["NaN", "nan", "Infinity", "-Infinity", "sNaN", "1e999999999", "-1e999999999", "1e-999999999",
               "-5", "abc", "", "9" * 5000, "١٢٣", "0x10"]
GARBAGE = BAD_NUMBERS + [None, True, False, 0, -1, 1.5, 2 ** 70, 10 ** 400, 1e308, float("nan"), float("inf"),
                         [], {}, [1, 2], {"a": 1}, [[None]], "x" * 100]


# -- the pure core, case by case ------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["NaN", "1e999999999", "-5", "Infinity", 7, None, ["1"]])
def test_a_bad_level2_price_is_dropped_and_the_book_resyncs(bad):
    h = Harness()
    assert h.delivered("book")
    book = h.state.books[SID]
    resyncs = book.resyncs
    h.seq += 1
    h.push("book", {"sequenceStart": h.seq, "sequenceEnd": h.seq, "symbol": SID,
                    "changes": {"bids": [[bad, "1", str(h.seq)]], "asks": []}})
    h.assert_books_sane()
    assert h.state.bad_pushes == 1 and h.state.bad_pushes_by_topic == {f"/market/level2:{SID}": 1}
    assert book.synced and book.resyncs == resyncs + 1  # a new snapshot was taken (the harness answers it)
    assert h.delivered("book")
    out = book.to_ccxt(number_converter("str"))
    assert out["bids"] == sorted(([p, s] for p, s in h.levels["bids"].items()), key=lambda r: -Decimal(r[0]))


@pytest.mark.parametrize("bad", ["NaN", "1e999999999", "-1", {}, None])
def test_a_bad_level2_size_or_sequence_while_buffering_does_not_break_the_snapshot(bad):
    book = L2Book(SID)
    good = {"sequenceStart": 11, "sequenceEnd": 11, "changes": {"bids": [["99", "1", "11"]]}}
    with pytest.raises((ValueError, TypeError)):
        book.on_delta({"sequenceStart": 11, "sequenceEnd": 11, "changes": {"bids": [["99", bad, "11"]]}})
    with pytest.raises((ValueError, TypeError)):
        book.on_delta({"sequenceStart": bad, "sequenceEnd": 11, "changes": {}})
    book.on_delta(good)
    for rows in ([["NaN", "1"]], [["1e99999", "1"]], [["101", "-1"]], [["101"]], "101", [None]):
        with pytest.raises((ValueError, TypeError)):
            book.on_snapshot({"sequence": "10", "bids": [["100", "1"]], "asks": rows})
        assert not book.synced and book.bids == {}
    assert book.on_snapshot({"sequence": "10", "bids": [["100", "1"], ["98", "0"]], "asks": []}) == "synced"
    assert book.bids == {Decimal("100"): Decimal("1"), Decimal("99"): Decimal("1")} and book.asks == {}


@pytest.mark.parametrize("name", [n for n in STREAMS if n != "book"])
@pytest.mark.parametrize("mutation", ["price_dict", "data_list", "data_none", "topic_int", "huge_time"])
def test_a_bad_push_is_dropped_counted_and_the_next_one_delivered(name, mutation):
    h = Harness()
    good = STREAMS[name][3]
    def objects(v):  # every string (prices, sizes, ids) becomes an object
        return {"x": 1} if isinstance(v, str) else [objects(x) for x in v] if isinstance(v, list) else v

    data = {"price_dict": {k: objects(v) for k, v in good.items()},
            "data_list": [good], "data_none": None, "topic_int": good,
            "huge_time": {k: (10 ** 400 if k.lower() in ("time", "ts", "timestamp") else v)
                          for k, v in good.items()}}[mutation]
    message = {"type": "message", "topic": 5 if mutation == "topic_int" else STREAMS[name][2], "data": data}
    h.feed(message, private=name in ("orders", "balance"))
    assert h.state.bad_pushes <= 1
    if mutation in ("data_list", "data_none", "topic_int", "price_dict"):
        assert h.state.bad_pushes == 1
    assert h.delivered(name)


def test_garbled_messages_are_dropped_without_a_reconnect():
    h = Harness()
    for text in ["not json", "[1,2]", "12", '"x"', "null", "[" * 50_000 + "]" * 50_000, '{"type":"message"}']:
        h.feed(text)
    assert h.engine.bad_messages == 6 and h.state.bad_pushes == 1  # the last one is a push without topic
    assert h.engine.reconnects == 0 and set(h.engine.connections().values()) == {"open"}
    assert h.delivered("ticker")


def test_a_bad_push_is_logged_once_per_topic(caplog):
    h = Harness()
    caplog.set_level(logging.WARNING, logger="kucoin_connector")
    for _ in range(5):
        h.push("ticker", {"price": {"x": 1}})
        h.push("trades", [1])
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "malformed push" in r.getMessage()]
    assert len(warnings) == 2
    assert {f"/market/ticker:{SID}", f"/market/match:{SID}"} == {
        t for t in h.state.bad_pushes_by_topic}
    assert any(f"/market/ticker:{SID}" in r.getMessage() for r in warnings)
    assert h.state.bad_pushes == 10


def test_a_malformed_snapshot_is_asked_for_again():
    h = Harness()
    book = h.state.books[SID]
    book.invalidate()
    for bad in ({"sequence": None}, {"sequence": "NaN"}, [], {"sequence": "5", "time": "soon"},
                {"sequence": "5", "bids": [["NaN", "1"]]}):
        ticket = h.state.snapshot_ticket(SID)
        assert h.state.on_snapshot(SID, bad, ticket=ticket) == set()
        assert h.state.take_snapshot_requests() == [SID] and not book.synced
    assert h.state.bad_snapshots == 5
    h.state.request_snapshot(SID)
    h._pump()
    assert book.synced and h.delivered("book")


# -- the push path, fuzzed ------------------------------------------------------------------------------------
def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _mutated(message, path, new, delete):
    message = json.loads(json.dumps(message))
    if not path:
        return new
    parent = message
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return message


HARNESSES: dict[str, Harness] = {}


@settings(derandomize=True, max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(sorted(STREAMS)), numbers=st.sampled_from(["float", "decimal", "str"]),
       index=st.integers(0, 10 ** 6), garbage=st.sampled_from(GARBAGE), delete=st.booleans(),
       raw=st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["[]", "{}", "null", '{"type":"message"}'])))
def test_fuzzed_pushes_never_raise_never_corrupt_and_the_next_push_arrives(name, numbers, index, garbage, delete,
                                                                          raw):
    h = HARNESSES.get(numbers) or HARNESSES.setdefault(numbers, Harness(numbers))
    _, _, topic, good = STREAMS[name]
    if name == "book":
        h.seq += 1
        good = {"sequenceStart": h.seq, "sequenceEnd": h.seq, "symbol": SID, "time": 1,
                "changes": {"bids": [["99.5", "1", str(h.seq)]], "asks": [["101", "0", str(h.seq)]]}}
        h.levels["bids"]["99.5"] = "1"
        h.levels["asks"].pop("101", None)
    message = {"type": "message", "topic": topic, "subject": "x", "data": good}
    paths = list(_paths(message))
    bad = _mutated(message, paths[index % len(paths)], garbage, delete)
    h.feed(bad, private=name in ("orders", "balance"))  # never raises, whatever it holds
    if raw is not None:
        h.feed(raw)
    h.assert_books_sane()
    assert h.delivered(name)
    if name == "book":
        book = h.state.books[SID]
        assert book.synced and book.sequence == h.seq


# -- through the faces: the sync watch does not raise, the asyncio reader task does not die ---------------------
@pytest.fixture
def fake():
    f = FakeKucoin()
    yield f
    f.close()


def _sync_face(fake: FakeKucoin, **options) -> Kucoin:
    ex = Kucoin({"urls": {"api": {"spot": "http://fake"}}, "options": {"wsBackoffInitialMs": 20, "watchTimeout": 10, **options}}, transport=FakeTransport(fake), rand=lambda: 0.5)
    ex._ctx.registry.set_markets([dict(m) for m in MARKETS], {})
    return ex


BAD_TICKS = [dict(TICK, price={"x": 1}), dict(TICK, bestBid=["1"]), [TICK], None]


def test_sync_watch_ticker_skips_bad_pushes(fake):
    import threading
    ex = _sync_face(fake)

    def pushes():
        fake.wait_subscribed("/market/ticker", SID)
        for bad in BAD_TICKS:
            fake.push("/market/ticker", SID, bad, "trade.ticker")
        fake.push("/market/ticker", SID, dict(TICK, price="102"), "trade.ticker")

    threading.Thread(target=pushes, daemon=True).start()
    ticker = ex.watch_ticker("BTC/USDT")
    while ticker["last"] != 102.0:  # bad ones never surface; the good one arrives
        ticker = ex.watch_ticker("BTC/USDT")
    stats = ex.stream_stats()
    assert stats["badMessages"] == len(BAD_TICKS) and stats["badPushesByTopic"] == {f"/market/ticker:{SID}": 4}
    assert stats["reconnects"] == 0
    ex.close()


def test_sync_order_book_survives_a_nan_delta(fake):
    ex = _sync_face(fake, numbers="str")
    fake.l2(SID, "bids", "10", "1")
    book = ex.watch_order_book("BTC/USDT")
    assert book["bids"] == [["10", "1"]]
    seq = fake.seq[SID] + 1
    fake.push("/market/level2", SID, {"sequenceStart": seq, "sequenceEnd": seq, "symbol": SID, "time": seq,
                                      "changes": {"bids": [["NaN", "5", str(seq)]], "asks": []}}, "trade.l2update")
    fake.l2(SID, "asks", "11", "4")
    while True:
        book = ex.watch_order_book("BTC/USDT")
        if book["asks"]:
            break
    truth = fake.snapshot(SID)
    assert book["bids"] == truth["bids"] and book["asks"] == truth["asks"] == [["11", "4"]]
    assert ex.stream_stats()["badMessages"] == 1 and ex.stream_stats()["resyncs"] >= 1
    ex.close()


def test_async_reader_keeps_reading_after_bad_pushes(fake):
    async def main():
        ex = AsyncKucoin({"urls": {"api": {"spot": "http://fake"}}, "options": {"wsBackoffInitialMs": 20}}, transport=AsyncFakeTransport(fake), rand=lambda: 0.5)
        ex._ctx.registry.set_markets([dict(m) for m in MARKETS], {})
        task = asyncio.ensure_future(ex.watch_ticker("BTC/USDT"))
        await asyncio.to_thread(fake.wait_subscribed, "/market/ticker", SID)
        for bad in BAD_TICKS:
            fake.push("/market/ticker", SID, bad, "trade.ticker")
        fake.push("/market/ticker", SID, dict(TICK, price="102"), "trade.ticker")
        ticker = await task
        while ticker["last"] != 102.0:
            ticker = await ex.watch_ticker("BTC/USDT")
        stats = ex.stream_stats()
        await ex.close()
        return stats

    # The bound only turns a hang (a dead reader task waits for a reconnect ~28 s away) into a failure.
    stats = asyncio.run(asyncio.wait_for(main(), 15))
    assert stats["badMessages"] == len(BAD_TICKS) and stats["reconnects"] == 0


def test_async_reader_that_fails_unexpectedly_reconnects_instead_of_hanging(fake, caplog):
    """Belt and braces behind the push boundary: an unexpected error in the reader is logged and treated as
    a lost connection (reconnect at once), not left as a dead task the watch waits on."""
    caplog.set_level(logging.ERROR, logger="kucoin_connector")

    async def main():
        ex = AsyncKucoin({"urls": {"api": {"spot": "http://fake"}}, "options": {"wsBackoffInitialMs": 20}}, transport=AsyncFakeTransport(fake), rand=lambda: 0.5)
        ex._ctx.registry.set_markets([dict(m) for m in MARKETS], {})
        task = asyncio.ensure_future(ex.watch_ticker("BTC/USDT"))
        await asyncio.to_thread(fake.wait_subscribed, "/market/ticker", SID)
        engine = ex._stream_driver.engine
        received, calls = engine.received, []

        def broken_once(*args):
            calls.append(args)
            if len(calls) == 1:
                raise RuntimeError("a bug")
            return received(*args)

        engine.received = broken_once
        fake.push("/market/ticker", SID, TICK, "trade.ticker")
        await asyncio.to_thread(fake.wait_subscribed, "/market/ticker", SID, 1)
        while not task.done():
            fake.push("/market/ticker", SID, dict(TICK, price="102"), "trade.ticker")
            await asyncio.sleep(0.05)
        ticker = await task
        reconnects = engine.reconnects
        await ex.close()
        return ticker, reconnects

    ticker, reconnects = asyncio.run(asyncio.wait_for(main(), 15))
    assert ticker["last"] == 102.0 and reconnects == 1
    failures = [r for r in caplog.records if r.name == "kucoin_connector.io.stream_async"]
    assert [r.getMessage() for r in failures] == ["kucoin ws spot-public-0: reader failed; reconnecting"]
