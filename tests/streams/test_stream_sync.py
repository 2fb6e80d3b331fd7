"""Kucoin (blocking) streams against the loopback fake: every watch runs in the caller's thread."""
from __future__ import annotations

import pathlib
import sys
import threading

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from fakekucoin import MARKETS, FakeKucoin, FakeTransport  # noqa: E402

from kucoin_connector import Kucoin  # noqa: E402
from kucoin_connector.errors import AuthenticationError  # noqa: E402
from kucoin_connector.streaming.errors import SubscriptionRefused  # noqa: E402

TICK = {"sequence": "1", "price": "100.5", "size": "0.1", "bestAsk": "101", "bestAskSize": "2",
        "bestBid": "100", "bestBidSize": "3", "Time": 1704873323416}


@pytest.fixture
def fake():
    f = FakeKucoin()
    yield f
    f.close()


def face(fake: FakeKucoin, keys: bool = False, **options) -> Kucoin:
    creds = {"apiKey": "k", "secret": "s", "password": "p"} if keys else {}
    ex = Kucoin({"urls": {"api": {"spot": "http://fake"}}, **creds, "options": {"wsBackoffInitialMs": 20, "watchTimeout": 10, **options}}, transport=FakeTransport(fake), rand=lambda: 0.5)
    ex._ctx.registry.set_markets([dict(m) for m in MARKETS], {})
    return ex


def after_subscribe(fake: FakeKucoin, prefix: str, arg: str | None, action) -> threading.Thread:
    def run() -> None:
        fake.wait_subscribed(prefix, arg)
        action()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_watch_ticker_blocks_until_a_push_and_no_thread_is_started(fake):
    ex = face(fake)
    before = threading.active_count()
    after_subscribe(fake, "/market/ticker", "BTC-USDT",
                    lambda: fake.push("/market/ticker", "BTC-USDT", TICK, "trade.ticker")).join(0)
    ticker = ex.watch_ticker("BTC/USDT")
    assert (ticker["symbol"], ticker["last"], ticker["bidVolume"]) == ("BTC/USDT", 100.5, 3.0)
    assert threading.active_count() <= before + 1  # only the test's helper thread
    ex.close()


def test_order_book_gap_resync_and_stream_iterator(fake):
    ex = face(fake, numbers="str")
    fake.l2("ETH-USDT", "bids", "10", "1")
    stream = ex.stream("watch_order_book", "ETH/USDT")
    book = next(stream)
    assert book["bids"] == [["10", "1"]] and book["resyncs"] == 0
    fake.skip_next = 1
    fake.l2("ETH-USDT", "asks", "11", "4")
    fake.l2("ETH-USDT", "asks", "12", "1")
    for book in stream:
        if book["resyncs"]:
            break
    truth = fake.snapshot("ETH-USDT")
    assert book["asks"] == truth["asks"] == [["11", "4"], ["12", "1"]] and book["nonce"] == int(truth["sequence"])
    assert ex.un_watch_order_book("ETH/USDT") is True
    assert "ETH-USDT" not in ex._stream_driver.state.books
    ex.close()


def test_reconnect_restores_and_refusal_is_typed(fake):
    ex = face(fake)
    fake.refuse_topics.add("/market/match:ETH-USDT")
    with pytest.raises(SubscriptionRefused):
        ex.watch_trades("ETH/USDT")

    def drop_then_push() -> None:
        fake.drop_all()
        fake.wait_subscribed("/market/ticker", "BTC-USDT")
        fake.push("/market/ticker", "BTC-USDT", TICK, "trade.ticker")
    after_subscribe(fake, "/market/ticker", "BTC-USDT", drop_then_push)
    assert ex.watch_ticker("BTC/USDT")["last"] == 100.5
    assert len(set(fake.tokens_used)) == len(fake.tokens_used) >= 2
    assert ex.last_stream_message_ms(private=False) is not None
    ex.close()


def test_private_stream_without_keys_fails_fast(fake):
    ex = face(fake)
    with pytest.raises(AuthenticationError):
        ex.watch_balance()
    assert fake.tokens_issued == []
    ex.close()


def test_private_balance_orders_and_fills(fake):
    ex = face(fake, keys=True)
    balance = {"accountId": "1", "currency": "USDT", "total": "21.5", "available": "20.5", "hold": "1",
               "availableChange": "-0.5", "holdChange": "0.5", "relationContext": {"symbol": "BTC-USDT"},
               "relationEvent": "trade.hold", "relationEventId": "1", "time": "1730269283892"}
    after_subscribe(fake, "/account/balance", None,
                    lambda: fake.push("/account/balance", None, balance, "account.balance", private=True))
    got = ex.watch_balance()
    assert got["USDT"] == {"free": 20.5, "used": 1.0, "total": 21.5} and got["timestamp"] == 1730269283892
    change = {"clientOid": "c1", "orderId": "o1", "orderTime": 1730211033305, "orderType": "limit",
              "originSize": "0.5", "price": "50000", "remainSize": "0.2", "side": "buy", "size": "0.5",
              "filledSize": "0.3", "canceledSize": "0", "status": "match", "symbol": "BTC-USDT",
              "ts": 1730211033335000000, "type": "match", "matchPrice": "50000", "matchSize": "0.3",
              "tradeId": "t1", "liquidity": "maker"}
    after_subscribe(fake, "/spotMarket/tradeOrdersV2", None,
                    lambda: fake.push("/spotMarket/tradeOrdersV2", None, change, "orderChange", private=True))
    [order] = ex.watch_orders()
    assert (order["id"], order["status"], order["filled"], order["remaining"], order["symbol"]) == (
        "o1", "open", 0.3, 0.2, "BTC/USDT")
    first = ex.watch_my_trades()  # fills are kept from the moment the private topic is live
    assert [(t["id"], t["order"], t["amount"], t["price"], t["takerOrMaker"], t["symbol"]) for t in first] == [
        ("t1", "o1", 0.3, 50000.0, "maker", "BTC/USDT")]
    fake.push("/spotMarket/tradeOrdersV2", None, dict(change, filledSize="0.5", remainSize="0", matchSize="0.2",
                                                      tradeId="t2"), "orderChange", private=True)
    fake.push("/spotMarket/tradeOrdersV2", None, dict(change, status="done", type="filled", filledSize="0.5",
                                                      remainSize="0"), "orderChange", private=True)
    assert [t["id"] for t in ex.watch_my_trades()] == ["t2"]
    for _ in range(3):
        [order] = ex.watch_orders()
        if order["status"] == "closed":
            break
    assert (order["status"], order["filled"], order["remaining"]) == ("closed", 0.5, 0.0)
    assert fake.tokens_issued == ["tok0p"]  # one private connection carries both topics
    assert ex.last_stream_message_ms(private=True) is not None
    ex.close()
