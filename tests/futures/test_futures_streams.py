"""Futures streams end to end against the in-process Simulator (sync and asyncio faces): the streamed
contract book equals the simulator's through gaps, dropped connections and expired tokens; tokens come from
the futures host; ticker, bids/asks, trades, candles, mark price and funding rate; unsubscribing.

The market is paused and stepped by the tests; ``watchTimeout`` bounds every blocking call (sync) and
``asyncio.wait_for`` every await, so a broken stream fails instead of hanging."""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from futures_ws_support import futures_config, levels, step_changed, true_book
from streamfixtures import book_at, consumed, stream_fixtures

from kucoin_conformance.simulator import Simulator
from kucoin_connector import AsyncKucoinFutures, Kucoin, KucoinFutures
from kucoin_connector.errors import ArgumentsRequired, BadRequest

SID, SYMBOL = "XBTUSDTM", "BTC/USDT:USDT"
T = 10.0

sim, _clean, make_face = stream_fixtures(KucoinFutures, symbols=20, watch_timeout=T)


def assert_book_equal(ob: dict, sim: Simulator, sid: str = SID) -> None:
    seq, bids, asks = true_book(sim, sid)
    assert ob["nonce"] == seq
    assert levels(ob["bids"][:20]) == bids and levels(ob["asks"][:20]) == asks


def converge(ex: KucoinFutures, sim: Simulator, sid: str = SID, symbol: str = SYMBOL, steps: int = 3) -> dict:
    ob: dict = {}
    for _ in range(steps):
        ob = book_at(ex, symbol, step_changed(sim, sid))
        assert_book_equal(ob, sim, sid)
    return ob


def test_the_contract_book_equals_the_simulators_and_has_contract_sizes(sim, make_face):
    ex = make_face()
    ob = book_at(ex, SYMBOL, true_book(sim, SID)[0])
    assert_book_equal(ob, sim)
    ob = converge(ex, sim)
    assert ob["resyncs"] == 0 and ob["symbol"] == SYMBOL
    assert all(Decimal(size) == int(Decimal(size)) for _, size in ob["bids"])  # whole contracts


def test_a_futures_connection_takes_its_token_from_the_futures_host(sim, make_face):
    # the first futures bullet fails: the engine backs off and asks the futures host again
    sim.add_fault({"path": "/api/v1/bullet-public", "host": "futures", "kind": "status", "status": 503})
    ex = make_face()
    ob = book_at(ex, SYMBOL, true_book(sim, SID)[0])
    assert_book_equal(ob, sim)
    assert not sim.faults.pending()


def test_a_gap_resyncs_to_the_true_book(sim, make_face):
    ex = make_face()
    book_at(ex, SYMBOL, step_changed(sim, SID))
    sim.add_fault({"stream": "/contractMarket/level2", "kind": "skip_sequence", "count": 1})
    step_changed(sim, SID)
    consumed(sim)
    ob = converge(ex, sim)
    assert ob["resyncs"] == 1 and ex.stream_stats()["resyncs"] == 1


def test_a_dropped_connection_reconnects_with_a_fresh_token_after_tokens_expired(sim, make_face):
    ex = make_face()
    book_at(ex, SYMBOL, step_changed(sim, SID))
    sim.add_fault({"stream": "*", "kind": "expire_token"})
    sim.add_fault({"stream": "/contractMarket/level2", "kind": "drop_connection", "count": 1})
    consumed(sim)
    ob = converge(ex, sim)
    assert ob["resyncs"] >= 1 and ex.stream_stats()["reconnects"] >= 1


def test_depth5_and_depth50_equal_the_true_top(sim, make_face):
    ex = make_face()
    for depth in (5, 50):
        ob = ex.watch_order_book(SYMBOL, depth)
        seq, bids, asks = true_book(sim, SID, depth)
        assert ob["nonce"] == seq and levels(ob["bids"]) == bids and levels(ob["asks"]) == asks


def test_ticker_bids_asks_trades_and_candles_follow_the_market(sim, make_face):
    ex = make_face(numbers="decimal")
    ex.load_markets()

    def stepped(call):
        for _ in range(50):
            try:
                return call()
            except TimeoutError:
                sim.step(1)
        raise AssertionError("no update")

    ex.options["watchTimeout"] = 0.3
    ticker = stepped(lambda: ex.watch_ticker(SYMBOL))
    assert ticker["symbol"] == SYMBOL and ticker["last"] > 0 and ticker["bid"] <= ticker["ask"]
    bids_asks = stepped(lambda: ex.watch_bids_asks([SYMBOL]))
    assert bids_asks[SYMBOL]["bid"] < bids_asks[SYMBOL]["ask"] and bids_asks[SYMBOL]["last"] is None
    trades = stepped(lambda: ex.watch_trades(SYMBOL))
    assert trades and all(t["symbol"] == SYMBOL and t["amount"] == int(t["amount"]) for t in trades)
    candles = stepped(lambda: ex.watch_ohlcv(SYMBOL, "1m"))
    assert candles[-1][0] % 60000 == 0 and candles[-1][2] >= candles[-1][3]
    tickers = stepped(lambda: ex.watch_tickers([SYMBOL, "ETH/USDT:USDT"]))
    assert set(tickers) <= {SYMBOL, "ETH/USDT:USDT"} and tickers


def test_mark_price_and_funding_rate_come_from_the_instrument_topic(sim, make_face):
    ex = make_face(numbers="decimal")
    rate = ex.watch_funding_rate(SYMBOL)  # the current rate is pushed on subscribe
    assert rate["symbol"] == SYMBOL
    assert rate["fundingRate"] == Decimal(str(sim.futures.funding_current(SID, sim.now_ms())["value"]))
    ex.options["watchTimeout"] = 0.3
    for _ in range(50):
        try:
            mark = ex.watch_mark_price(SYMBOL)
            break
        except TimeoutError:
            sim.step(1)
    assert mark["symbol"] == SYMBOL and mark["markPrice"] > 0 and mark["indexPrice"] > 0
    assert ex.un_watch_funding_rate(SYMBOL) is True
    sim.step(1)
    mark = ex.watch_mark_price(SYMBOL)  # the mark price keeps its own hold on the shared topic
    assert mark["markPrice"] > 0


def test_arguments_are_refused_before_anything_is_sent(make_face):
    ex = make_face()
    with pytest.raises(ArgumentsRequired):
        ex.watch_tickers()
    with pytest.raises(BadRequest):
        ex.watch_ohlcv(SYMBOL, "3m")  # no such futures candle
    with pytest.raises(BadRequest):
        ex.watch_order_book(SYMBOL, 0)
    assert ex._stream_driver is None or not ex._stream_driver.engine.connections()


def test_un_watch_closes_the_futures_connection(sim, make_face):
    ex = make_face()
    ex.watch_order_book(SYMBOL, 5)
    assert any(k.family == "futures" for k in ex._stream_driver.engine.connections())
    assert ex.un_watch_order_book(SYMBOL) is True
    assert ex._stream_driver.engine.connections() == {}


def test_spot_and_futures_clients_stream_side_by_side(sim, make_face):
    spot = Kucoin(futures_config(sim, watchTimeout=T))
    try:
        sid = next(s.symbol for s in sim.universe.symbols if s.enabled)
        spot_book = spot.watch_order_book(sid.replace("-", "/"), 5)
        futures_book = make_face().watch_order_book(SYMBOL, 5)
        assert spot_book["symbol"] == sid.replace("-", "/") and futures_book["symbol"] == SYMBOL
    finally:
        spot.close()


def test_asyncio_face_book_equals_the_simulators_after_a_gap(sim, make_face):
    ex = make_face(AsyncKucoinFutures)
    sid, symbol = "ETHUSDTM", "ETH/USDT:USDT"

    async def at(sequence: int) -> dict:
        while True:
            ob = await asyncio.wait_for(ex.watch_order_book(symbol), T)
            if ob["nonce"] is not None and ob["nonce"] >= sequence:
                return ob

    async def main() -> dict:
        await at(step_changed(sim, sid))
        sim.add_fault({"stream": "/contractMarket/level2", "kind": "skip_sequence", "count": 1})
        step_changed(sim, sid)
        ob: dict = {}
        for _ in range(3):
            ob = await at(step_changed(sim, sid))
            assert_book_equal(ob, sim, sid)
        await ex.close()
        return ob

    assert asyncio.run(main())["resyncs"] == 1


def test_asyncio_face_unwatches_and_keeps_the_other_instrument_watch(sim, make_face):
    ex = make_face(AsyncKucoinFutures, numbers="decimal")

    async def main() -> None:
        rate = await asyncio.wait_for(ex.watch_funding_rate(SYMBOL), T)
        assert rate["fundingRate"] is not None
        mark_task = asyncio.ensure_future(ex.watch_mark_price(SYMBOL))
        for _ in range(100):
            if mark_task.done():
                break
            sim.step(1)
            await asyncio.sleep(0.01)
        assert (await asyncio.wait_for(mark_task, T))["markPrice"] > 0
        assert await ex.un_watch_funding_rate(SYMBOL) is True
        assert ex._stream_driver.engine.connections()  # the mark price still holds /contract/instrument
        assert await ex.un_watch_mark_price(SYMBOL) is True
        assert ex._stream_driver.engine.connections() == {}
        await ex.close()

    asyncio.run(main())
