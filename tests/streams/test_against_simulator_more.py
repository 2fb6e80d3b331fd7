"""More streams against the simulator: all tickers, best bid/ask, several books at once, a delayed stream."""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator
from simsupport import T, assert_book_equal, book_at, drive, face, hot, step_changed, sym, until


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=11, symbols=30, tick_interval=0, ws_ping_interval_ms=1000, ws_ping_timeout_ms=2000,
                   ws_topic_limit=3) as s:
        s.pause()
        yield s


@pytest.fixture(autouse=True)
def _clean(sim):
    sim.clear_faults()
    yield
    sim.clear_faults()


def test_watch_tickers_without_symbols_uses_the_all_tickers_topic_and_agrees_with_rest(sim):
    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            task = asyncio.ensure_future(until(lambda: ex.watch_tickers(), lambda t: len(t) >= 3, "3 tickers"))
            await asyncio.sleep(0.2)
            await drive(sim, task)
            tickers = await asyncio.wait_for(task, T)
            assert all(symbol in ex.markets for symbol in tickers)
            # Each call resolves with the tickers pushed since the last one (ccxt.pro): move one symbol's
            # market once more, then its next pushed ticker equals REST (the market is paused after that).
            symbol = next(iter(tickers))
            step_changed(sim, ex.market_id(symbol))
            rest = await ex.fetch_ticker(symbol)
            streamed = await until(lambda: ex.watch_tickers(), lambda t: symbol in t and Decimal(t[symbol]["last"])
                                   == Decimal(rest["last"]), f"{symbol} last = REST")
            assert Decimal(streamed[symbol]["last"]) == Decimal(rest["last"])
            sub = [p for m, p in list(sim.request_log) if p.startswith("/api/v1/bullet-public")]
            assert sub, "a public token was requested"
    asyncio.run(asyncio.wait_for(main(), 30))


def test_watch_bids_asks_equals_the_true_top_of_book(sim):
    sid = hot(sim, 1)
    symbol = sym(sid)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            task = asyncio.ensure_future(until(lambda: ex.watch_bids_asks([symbol]), lambda t: symbol in t,
                                               "bids/asks"))
            await asyncio.sleep(0.2)
            await drive(sim, task)
            await asyncio.wait_for(task, T)
            step_changed(sim, sid)
            truth = sim.book(sid)
            best_bid, best_ask = Decimal(truth["bids"][0][0]), Decimal(truth["asks"][0][0])
            got = await until(lambda: ex.watch_bids_asks([symbol]),
                              lambda t: (Decimal(t[symbol]["bid"]), Decimal(t[symbol]["ask"])) == (best_bid, best_ask),
                              "bid/ask = the true top of book")
            assert got[symbol]["bid"] is not None and got[symbol]["ask"] is not None
    asyncio.run(asyncio.wait_for(main(), 30))


def test_books_for_several_symbols_and_a_delayed_stream_still_converge(sim):
    sids = [hot(sim, 2), hot(sim, 3)]

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            for sid in sids:
                await book_at(ex, sym(sid), step_changed(sim, sid))
            sim.add_fault({"stream": "/market/level2", "kind": "delay", "seconds": 0.5, "count": 1})
            targets = {sid: step_changed(sim, sid) for sid in sids}
            both = await asyncio.wait_for(
                until(lambda: ex.watch_order_book_for_symbols([sym(s) for s in sids]),
                      lambda ob: ob["nonce"] is not None and ob["symbol"] in {sym(s) for s in sids}, "a book"), T)
            assert both["symbol"] in {sym(s) for s in sids}
            for sid in sids:
                ob = await book_at(ex, sym(sid), targets[sid])
                assert_book_equal(ob, sim, sid)
                assert ob["resyncs"] == 0  # a delay is not a gap: nothing was lost
    asyncio.run(asyncio.wait_for(main(), 30))
