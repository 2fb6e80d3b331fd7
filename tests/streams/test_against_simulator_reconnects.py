"""Streams against a real in-process Simulator (asyncio face): a dropped connection, a stall, an expired
token, refused upgrades: each reconnects with a fresh token and the book converges again; or the
reconnects run out with ReconnectsExhausted.

The market is paused and moved with ``sim.step()``; pings are short so stalls are detected fast.
Every await has a timeout so nothing can hang.
"""
from __future__ import annotations

import asyncio

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector.streaming.errors import ReconnectsExhausted
from simsupport import T, book_at, bullets, consumed, converge, face, hot, step_changed, sym


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=5, symbols=30, tick_interval=0, ws_ping_interval_ms=1000, ws_ping_timeout_ms=2000,
                   ws_topic_limit=3) as s:
        s.pause()
        yield s


@pytest.fixture(autouse=True)
def _clean(sim):
    sim.clear_faults()
    yield
    sim.clear_faults()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


def test_dropped_connection_reconnects_with_a_fresh_token_and_restores(sim):
    sid = hot(sim, 4)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            sim.step(1)
            await book_at(ex, sym(sid), sim.book(sid)["sequence"])
            tokens = bullets(sim)
            reconnects = ex._streams().engine.reconnects
            sim.add_fault({"stream": "/market/level2", "kind": "drop_connection", "count": 1})
            await consumed(sim)
            ob = await converge(ex, sim, sid)
            assert bullets(sim) == tokens + 1
            assert ex._streams().engine.reconnects == reconnects + 1
            assert ob["resyncs"] >= 1
    run(main())


def test_stall_reconnects_after_the_ping_timeout(sim):
    sid = hot(sim, 5)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            sim.step(1)
            await book_at(ex, sym(sid), sim.book(sid)["sequence"])
            tokens = bullets(sim)
            sim.add_fault({"stream": "/market/level2", "kind": "stall", "count": 1})
            await consumed(sim)
            step_changed(sim, sid)  # not delivered on the stalled connection
            for _ in range(100):  # ping interval 300 ms + timeout 400 ms
                if bullets(sim) > tokens:
                    break
                await asyncio.sleep(0.05)
            assert bullets(sim) == tokens + 1
            await converge(ex, sim, sid)
    run(main())


def test_expired_token_next_reconnect_fetches_a_new_one(sim):
    sid = hot(sim, 6)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            sim.step(1)
            await book_at(ex, sym(sid), sim.book(sid)["sequence"])
            tokens = bullets(sim)
            sim.add_fault({"stream": "*", "kind": "expire_token"})
            sim.add_fault({"stream": "/market/level2", "kind": "drop_connection", "count": 1})
            await consumed(sim)
            await converge(ex, sim, sid)
            assert bullets(sim) == tokens + 1
    run(main())


def test_refused_upgrades_back_off_then_succeed(sim):
    sid = hot(sim, 7)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            tokens = bullets(sim)
            sim.add_fault({"stream": "*", "kind": "refuse", "count": 3})
            sim.step(1)
            await book_at(ex, sym(sid), sim.book(sid)["sequence"])
            assert bullets(sim) == tokens + 4  # three refused, one accepted: a fresh token each time
            assert sim.faults.pending() == [] or all(f["kind"] != "refuse" for f in sim.faults.pending())
            await converge(ex, sim, sid, steps=1)
    run(main())


def test_reconnects_exhausted_when_never_recovering(sim):
    sid = hot(sim, 8)

    async def main():
        async with face(sim, wsMaxReconnects=2) as ex:
            await ex.load_markets()
            sim.add_fault({"stream": "*", "kind": "refuse", "count": 1000})
            with pytest.raises(ReconnectsExhausted):
                await asyncio.wait_for(ex.watch_order_book(sym(sid)), T)
    run(main())
