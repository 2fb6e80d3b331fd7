"""Shared helpers of the stream tests against the in-process Simulator (sync and asyncio faces)."""
from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

from kucoin_conformance.simulator import Simulator
from kucoin_connector import AsyncKucoin

T = 10.0  # seconds: the ceiling of any single await in these tests


def face_config(sim: Simulator, private: bool = False, **options: Any) -> dict[str, Any]:
    """A face's config for ``sim``: short back-offs; keys when ``private``; ``options`` on top."""
    config: dict[str, Any] = {"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
                              "options": {"numbers": "str", "wsBackoffInitialMs": 20, "wsBackoffMaxMs": 100,
                                          **options}}
    if private:
        config.update({k: sim.credentials[k] for k in ("apiKey", "secret", "password")})
    return config


def face(sim: Simulator, private: bool = False, **options: Any) -> AsyncKucoin:
    return AsyncKucoin(face_config(sim, private, **{"wsTopicLimit": 3, **options}))


def hot(sim: Simulator, n: int = 0) -> str:
    return [s.symbol for s in sim.universe.symbols if s.enabled][n]


def sym(sid: str) -> str:
    return sid.replace("-", "/")


def levels(rows) -> list[tuple[Decimal, Decimal]]:
    return [(Decimal(p), Decimal(s)) for p, s in rows]


def step_changed(sim: Simulator, sid: str) -> int:
    """Step the paused market until ``sid``'s book changes (not every step touches every symbol)."""
    before = sim.book(sid)["sequence"]
    for _ in range(200):
        sim.step(1)
        after = sim.book(sid)["sequence"]
        if after != before:
            return after
    raise AssertionError(f"{sid} never changed")


def bullets(sim: Simulator, private: bool = False) -> int:
    path = "/api/v1/bullet-private" if private else "/api/v1/bullet-public"
    return sum(1 for method, p in sim.request_log if method == "POST" and p.split("?")[0] == path)


def true_top(sim: Simulator, sid: str, depth: int) -> tuple[int, list, list]:
    b = sim.book(sid)
    return b["sequence"], levels(b["bids"][:depth]), levels(b["asks"][:depth])


def assert_book_equal(ob: dict, sim: Simulator, sid: str, depth: int = 20) -> None:
    seq, bids, asks = true_top(sim, sid, depth)
    assert ob["nonce"] == seq
    assert levels(ob["bids"][:depth]) == bids
    assert levels(ob["asks"][:depth]) == asks


async def book_at(ex: AsyncKucoin, symbol: str, sequence: int, limit: int | None = None) -> dict:
    """Watch until the streamed book reaches ``sequence`` (bounded)."""
    async def loop():
        while True:
            ob = await ex.watch_order_book(symbol, limit)
            if ob["nonce"] is not None and ob["nonce"] >= sequence:
                return ob
    return await asyncio.wait_for(loop(), T)


async def until(coro_fn, pred, what: str):
    """Call ``coro_fn`` until ``pred(result)``; bounded by T seconds."""
    async def loop():
        while True:
            result = await coro_fn()
            if pred(result):
                return result
    try:
        return await asyncio.wait_for(loop(), T)
    except asyncio.TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


def drive(sim: Simulator, task: asyncio.Future, steps: int = 300):
    """Step the market (at most ``steps`` times) until ``task`` is done."""
    async def go():
        for _ in range(steps):
            if task.done():
                return
            sim.step(1)
            await asyncio.sleep(0.005)
    return go()


async def consumed(sim: Simulator) -> None:
    """Wait until the server thread used up every queued fault (it drains pushes in batches: a step
    taken before the faulty push left would merge into it)."""
    for _ in range(200):
        if not sim.faults.pending():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"fault not consumed: {sim.faults.pending()}")


async def converge(ex: AsyncKucoin, sim: Simulator, sid: str, steps: int = 3) -> dict:
    ob: dict = {}
    for _ in range(steps):
        step_changed(sim, sid)
        ob = await book_at(ex, sym(sid), sim.book(sid)["sequence"])
        assert_book_equal(ob, sim, sid)
    return ob
