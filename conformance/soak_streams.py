"""Stream soak: minutes of level-2 order-book streams on many symbols with random stream faults; after
each pause every streamed book must equal the simulator's true book, and memory must stay flat.

Layer: conformance (a command line on the public API: ``kucoin_connector.AsyncKucoin.watch_order_book``
and the simulator's public object). Rule: the consumer knows only what ``watch_order_book`` returns;
the truth is ``sim.book(id)`` with the market paused (it moves only by ``sim.step``).

Run: ``python -m kucoin_conformance.soak_streams --minutes 5 --symbols 20 --seed 1`` (exit 0 when every
check converged and memory stayed flat, 1 otherwise; one JSON summary line on stdout). Each round moves
the market for a few seconds while seeded random faults hit the streams (issue 4, section 3:
``skip_sequence``, ``drop_connection``, ``stall``, ``expire_token``, ``delay``); then the faults are
cleared, every symbol is moved once more (a skipped push is only visible at the next one) and every
book must reach the true sequence with the true levels (top 20 equal, every held level at its true
size). RSS is read from ``/proc/self/status`` at the start, the middle and the end; "flat" means the
second half grew less than ``max(16 MiB, 10 %)``: the first half includes warm-up (buffers, caches).

``--family futures`` soaks KuCoin Futures' ``/contractMarket/level2`` books instead
(``AsyncKucoinFutures.watch_order_book`` on the simulator's contracts, whose true books are
``sim.futures.market.book_strings``): the same faults, checks and verdict (:data:`FAMILIES`).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sys
import time
from typing import Any, Callable, NamedTuple, Sequence

from .contracts.check import num

__all__ = ["run", "main", "rss_kb", "FAULT_KINDS", "FAMILIES"]

FAULT_KINDS = ("skip_sequence", "drop_connection", "stall", "expire_token", "delay")
DEPTH = 20
ROUND_S = 4.0  # market movement between checks
STEP_EVERY_S = 0.02
CONVERGE_S = 20.0


def rss_kb() -> int:
    """Resident set size now, in KiB (Linux ``VmRSS``; elsewhere the peak from ``getrusage``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


class Family(NamedTuple):
    """What the soak needs of a product family: its asyncio face (a ``kucoin_connector`` name), its level-2
    topic, its market ids on the simulator and the true book of one (``{sequence, bids, asks}``)."""

    face: str
    level2: str
    market_ids: Callable[[Any], list[str]]
    truth: Callable[[Any, str], dict]


def _futures_truth(sim: Any, market_id: str) -> dict:
    sequence, bids, asks = sim.futures.market.book_strings(market_id)
    return {"sequence": sequence, "bids": bids, "asks": asks}


FAMILIES = {
    "spot": Family("AsyncKucoin", "/market/level2", lambda sim: list(sim.symbol_ids), lambda sim, m: sim.book(m)),
    "futures": Family("AsyncKucoinFutures", "/contractMarket/level2",
                      lambda sim: [c.symbol for c in sim.futures.contracts], _futures_truth),
}


def _fault(rng: random.Random, market_ids: list[str], level2: str = "/market/level2") -> dict[str, Any]:
    kind = rng.choice(FAULT_KINDS)
    if kind == "skip_sequence":
        return {"stream": f"{level2}:{rng.choice(market_ids)}", "kind": kind, "count": 1}
    if kind == "delay":
        return {"stream": level2, "kind": kind, "count": 1, "seconds": round(rng.uniform(0.1, 0.8), 2)}
    return {"stream": level2, "kind": kind, "count": 1}


def _judge(book: dict | None, truth: dict) -> str | None:
    """None when ``book`` equals ``truth`` (see the module docstring), else what differs."""
    if book is None:
        return "no book"
    if book.get("nonce") != int(truth["sequence"]):
        return f"nonce {book.get('nonce')} != true sequence {truth['sequence']}"
    for side in ("bids", "asks"):
        got = [(num(p), num(s)) for p, s in book[side]]
        want = [(num(p), num(s)) for p, s in truth[side]]
        if got[:DEPTH] != want[:DEPTH]:
            return f"{side}: top {DEPTH} levels differ"
        sizes = dict(want)
        stale = [p for p, s in got if sizes.get(p) != s]
        if stale:
            return f"{side}: {len(stale)} held levels differ from the true book (first {stale[0]})"
    return None


class _Watcher:
    """One consumer task per symbol: ``await watch_order_book`` in a loop, keeping the latest book."""

    def __init__(self, ex: Any, symbols: list[str]) -> None:
        self.ex, self.symbols = ex, symbols
        self.latest: dict[str, dict] = {}
        self.updates = 0
        self.errors: list[str] = []
        self.tasks = [asyncio.ensure_future(self._consume(s)) for s in symbols]

    async def _consume(self, symbol: str) -> None:
        while True:
            try:
                self.latest[symbol] = await self.ex.watch_order_book(symbol)
                self.updates += 1
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - recorded; the soak goes on (a real bot would retry)
                self.errors.append(f"{symbol}: {type(exc).__name__}: {exc}")
                await asyncio.sleep(0.2)

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


def _step_until_all_move(sim: Any, ids: list[str], truth: Callable[[Any, str], dict], limit: int = 200) -> None:
    before = {m: truth(sim, m)["sequence"] for m in ids}
    for _ in range(limit):
        sim.step(1)
        if all(truth(sim, m)["sequence"] != seq for m, seq in before.items()):
            return


async def _check(sim: Any, watcher: _Watcher, pairs: list[tuple[str, str]], family: Family = FAMILIES["spot"]
                 ) -> list[str]:
    """Clear faults, move every symbol once, wait for every book to reach the truth; the differences."""
    sim.clear_faults()
    _step_until_all_move(sim, [m for _, m in pairs], family.truth)
    deadline = time.monotonic() + CONVERGE_S
    problems: dict[str, str] = {}
    while True:
        problems = {}
        for symbol, market_id in pairs:
            why = _judge(watcher.latest.get(symbol), family.truth(sim, market_id))
            if why is not None:
                problems[symbol] = why
        if not problems or time.monotonic() > deadline:
            where = f" (open WebSocket connections: {sim.ws_connections()}, consumer errors: {len(watcher.errors)})"
            return [f"{s}: {w}{where}" for s, w in problems.items()]
        await asyncio.sleep(0.05)


async def _soak(sim: Any, minutes: float, count: int, seed: int, fault_rate: float,
                family: Family = FAMILIES["spot"]) -> dict[str, Any]:
    import kucoin_connector

    rng = random.Random(seed)
    market_ids = family.market_ids(sim)[:count]
    ex = getattr(kucoin_connector, family.face)({"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}})
    await ex.load_markets()
    pairs = [(ex.markets_by_id[m]["symbol"], m) for m in market_ids]
    summary: dict[str, Any] = {"faults": {k: 0 for k in FAULT_KINDS}, "checks": 0, "converged": 0, "problems": []}
    rss = {"start": rss_kb()}
    started = time.monotonic()
    end = started + minutes * 60.0
    watcher = _Watcher(ex, [s for s, _ in pairs])
    try:
        first = await _check(sim, watcher, pairs, family)  # everyone subscribed and synchronised
        summary["problems"].extend(f"initial sync: {p}" for p in first)
        while time.monotonic() < end:
            round_end = min(end, time.monotonic() + ROUND_S)
            while time.monotonic() < round_end:
                sim.step(1)
                if rng.random() < fault_rate:
                    spec = _fault(rng, market_ids, family.level2)
                    sim.add_fault(spec)
                    summary["faults"][spec["kind"]] += 1
                await asyncio.sleep(STEP_EVERY_S)
            failed = await _check(sim, watcher, pairs, family)
            summary["checks"] += 1
            summary["converged"] += not failed
            summary["problems"].extend(f"check {summary['checks']}: {p}" for p in failed)
            if "middle" not in rss and time.monotonic() >= started + minutes * 30.0:
                rss["middle"] = rss_kb()
    finally:
        await watcher.stop()
        await ex.close()
    rss.setdefault("middle", rss["start"])
    rss["end"] = rss_kb()
    growth = rss["end"] - rss["middle"]
    summary.update(
        updates=watcher.updates, errors=watcher.errors[:20], rss_kb=rss,
        memory_ok=growth < max(16 * 1024, rss["middle"] // 10),
        resyncs=sum(int(b.get("resyncs") or 0) for b in watcher.latest.values()),
        bullets=sum(1 for m, p in sim.request_log if m == "POST" and p.startswith("/api/v1/bullet-")),
        seconds=round(time.monotonic() - started, 1))
    return summary


def run(minutes: float, symbols: int, seed: int, fault_rate: float = 0.05, family: str = "spot") -> dict[str, Any]:
    """Soak ``symbols`` level-2 streams of ``family`` for ``minutes`` on a fresh paused simulator; the JSON
    summary."""
    from kucoin_conformance.simulator import Simulator

    sim = Simulator(seed=seed, symbols=max(symbols, 20), ws_ping_interval_ms=500, ws_ping_timeout_ms=1000).start()
    sim.pause()
    try:
        summary = asyncio.run(_soak(sim, minutes, symbols, seed, fault_rate, FAMILIES[family]))
    finally:
        sim.stop()
    summary.update(minutes=minutes, symbols=symbols, seed=seed, fault_rate=fault_rate, family=family)
    summary["ok"] = bool(summary["checks"] and summary["converged"] == summary["checks"]
                         and not summary["problems"] and summary["memory_ok"])
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kucoin_conformance.soak_streams",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--minutes", type=float, default=5.0)
    p.add_argument("--symbols", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--fault-rate", type=float, default=0.05, help="chance of a stream fault after each market step")
    p.add_argument("--family", choices=sorted(FAMILIES), default="spot",
                   help="spot books, or KuCoin Futures' contract books (the simulator has 4 contracts)")
    args = p.parse_args(argv)
    summary = run(args.minutes, args.symbols, args.seed, args.fault_rate, args.family)
    print(json.dumps(summary, sort_keys=True, default=str))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
