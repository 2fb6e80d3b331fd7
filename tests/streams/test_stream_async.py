"""AsyncKucoin streams against a loopback fake KuCoin: tickers, trades, books (gap -> resync), reconnect."""
from __future__ import annotations

import asyncio
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from fakekucoin import MARKETS, AsyncFakeTransport, FakeKucoin  # noqa: E402

from kucoin_connector import AsyncKucoin  # noqa: E402
from kucoin_connector.streaming.errors import SubscriptionRefused  # noqa: E402

TICK = {"sequence": "1", "price": "100.5", "size": "0.1", "bestAsk": "101", "bestAskSize": "2",
        "bestBid": "100", "bestBidSize": "3", "Time": 1704873323416}


@pytest.fixture
def fake():
    f = FakeKucoin()
    yield f
    f.close()


def face(fake: FakeKucoin, **options) -> AsyncKucoin:
    ex = AsyncKucoin({"urls": {"api": {"spot": "http://fake"}}, "options": {"wsBackoffInitialMs": 20, **options}}, transport=AsyncFakeTransport(fake), rand=lambda: 0.5)
    ex._ctx.registry.set_markets([dict(m) for m in MARKETS], {})
    return ex


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 15))


async def later(fn, *args):
    await asyncio.to_thread(fn, *args)


def test_watch_ticker_resolves_with_each_push(fake):
    async def main():
        ex = face(fake)
        task = asyncio.ensure_future(ex.watch_ticker("BTC/USDT"))
        await asyncio.to_thread(fake.wait_subscribed, "/market/ticker", "BTC-USDT")
        fake.push("/market/ticker", "BTC-USDT", TICK, "trade.ticker")
        first = await task
        task = asyncio.ensure_future(ex.watch_ticker("BTC/USDT"))
        await asyncio.sleep(0)
        fake.push("/market/ticker", "BTC-USDT", dict(TICK, price="102"), "trade.ticker")
        second = await task
        await ex.close()
        return first, second
    first, second = run(main())
    assert (first["symbol"], first["last"], first["bid"], first["askVolume"], first["timestamp"]) == (
        "BTC/USDT", 100.5, 100.0, 2.0, 1704873323416)
    assert second["last"] == 102.0
    assert fake.tokens_used == fake.tokens_issued[:1]  # one connection, one fresh token


def test_watch_trades_returns_what_arrived_since_the_last_call(fake):
    match = {"makerOrderId": "m", "price": "67523", "sequence": "11", "side": "buy", "size": "0.003",
             "symbol": "BTC-USDT", "takerOrderId": "t", "time": "1729843222921000000", "tradeId": "11",
             "type": "match"}

    async def main():
        ex = face(fake)
        task = asyncio.ensure_future(ex.watch_trades("BTC/USDT"))
        await asyncio.to_thread(fake.wait_subscribed, "/market/match", "BTC-USDT")
        fake.push("/market/match", "BTC-USDT", match, "trade.l3match")
        first = await task
        fake.push("/market/match", "BTC-USDT", dict(match, tradeId="12", price="67524"), "trade.l3match")
        fake.push("/market/match", "BTC-USDT", dict(match, tradeId="13", price="67525"), "trade.l3match")
        second: list = []
        while len(second) < 2:  # one call or two, depending on how the pushes were batched
            second += await ex.watch_trades("BTC/USDT")
        await ex.close()
        return first, second
    first, second = run(main())
    assert [(t["id"], t["price"], t["timestamp"], t["symbol"]) for t in first] == [
        ("11", 67523.0, 1729843222921, "BTC/USDT")]
    assert [t["id"] for t in second] == ["12", "13"]


def test_order_book_syncs_detects_a_gap_and_resyncs(fake):
    async def main():
        ex = face(fake, numbers="str")
        fake.l2("BTC-USDT", "bids", "100", "1")  # before the subscription: only in the snapshot
        task = asyncio.ensure_future(ex.watch_order_book("BTC/USDT"))
        await asyncio.to_thread(fake.wait_subscribed, "/market/level2", "BTC-USDT")
        book = await task
        assert book["bids"] == [["100", "1"]] and book["resyncs"] == 0
        fake.l2("BTC-USDT", "asks", "101", "2")
        book = await ex.watch_order_book("BTC/USDT")
        fake.skip_next = 1
        fake.l2("BTC-USDT", "asks", "102", "5")  # lost: a gap
        fake.l2("BTC-USDT", "bids", "100", "0")  # arrives, the client must notice the gap
        while True:
            book = await ex.watch_order_book("BTC/USDT")
            if book["resyncs"]:
                break
        await ex.close()
        return book
    book = run(main())
    truth = fake.snapshot("BTC-USDT")
    assert book["bids"] == truth["bids"] == []
    assert book["asks"] == truth["asks"] == [["101", "2"], ["102", "5"]]
    assert book["nonce"] == int(truth["sequence"]) and book["resyncs"] == 1


def test_reconnect_takes_a_fresh_token_and_restores_subscriptions(fake):
    async def main():
        ex = face(fake)
        task = asyncio.ensure_future(ex.watch_ticker("BTC/USDT"))
        await asyncio.to_thread(fake.wait_subscribed, "/market/ticker", "BTC-USDT")
        fake.drop_all()
        await asyncio.to_thread(fake.wait_subscribed, "/market/ticker", "BTC-USDT")
        fake.push("/market/ticker", "BTC-USDT", TICK, "trade.ticker")
        ticker = await task
        await ex.close()
        return ticker, ex
    ticker, ex = run(main())
    assert ticker["last"] == 100.5
    assert len(fake.tokens_used) == 2 and len(set(fake.tokens_used)) == 2
    assert len(set(fake.connect_ids)) == 2
    assert ex._stream_driver.engine.reconnects == 1


def test_refused_subscription_raises_a_typed_error(fake):
    fake.refuse_topics.add("/market/match:ETH-USDT")

    async def main():
        ex = face(fake)
        try:
            with pytest.raises(SubscriptionRefused) as info:
                await ex.watch_trades("ETH/USDT")
        finally:
            await ex.close()
        return info.value
    error = run(main())
    assert error.code == "404" and error.endpoint == "/market/match:ETH-USDT"
    assert "topic does not exist" in str(error)


def test_has_tells_the_truth():
    assert AsyncKucoin.has["watchOrderBook"] is True and AsyncKucoin.has["unWatchTrades"] is True
    assert AsyncKucoin.has["watchPositions"] is False


def test_stalled_server_is_detected_by_the_ping_timeout_and_replaced():
    fake = FakeKucoin(ping_interval_ms=50, ping_timeout_ms=300)

    async def main():
        ex = face(fake)
        task = asyncio.ensure_future(ex.watch_ticker("BTC/USDT"))
        await asyncio.to_thread(fake.wait_subscribed, "/market/ticker", "BTC-USDT")
        fake.stall_current()  # no pong, no ack, no data on that connection
        await asyncio.to_thread(fake.wait_subscribed, "/market/ticker", "BTC-USDT")  # on a new connection
        fake.push("/market/ticker", "BTC-USDT", TICK, "trade.ticker")
        ticker = await task
        await ex.close()
        return ticker
    try:
        ticker = run(main())
    finally:
        fake.close()
    assert ticker["last"] == 100.5
    assert any(m["type"] == "ping" for m in fake.received)
    assert len(set(fake.tokens_used)) == len(fake.tokens_used) >= 2
