"""Fleet run: N processes trade one account against the simulator, sharing (or not) one Redis rate limiter.

Layer: conformance (a command line on the public API of kucoin_connector, the simulator and a local
``redis-server``). Rule: the simulator's pools are per UID (private) and per IP (Public) across
connections, like KuCoin's, so N processes with their own local budgets overrun the account together;
with one :class:`kucoin_connector.io.limiter_redis.RedisLimiter` they share one budget and stay under it.

Each process (``multiprocessing``, spawn) runs a ``Kucoin`` face with ``maxRetries: 0`` (so every
429000 reaches it and is counted) and two threads: one loops on the order book (Public), the other
places a far-from-market limit order with a client order id and cancels it, again and again (Spot). Counted per process: the weight the server accepted per pool,
the 429000 answers (and when), and every client order id placed, refused or of unknown outcome. At the
end the simulator's orders are the truth: no client order id twice (duplicated), none placed but absent
(lost), none refused but present.

Each worker's face gets its limiter as the faces' ``limiter=`` keyword argument.

Run: ``python -m kucoin_conformance.fleet --processes 8 --seconds 120 --stop-redis 20`` prints one figure
line (``--json`` for the whole summary); exit 0 when the checks hold.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import threading
import time
from collections import defaultdict
from typing import Any, Sequence

from .redis_server import RedisServer

__all__ = ["RedisServer", "run", "main", "figure_line"]

SYMBOL = "KCS/USDT"
# Quotas small enough that a handful of processes saturate them many times a window.
DEFAULT_QUOTAS = {"Spot": 60, "Public": 60}


class CountingLimiter:
    """Wraps a limiter and counts the weight booked per pool."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.weights: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._last = threading.local()

    def reserve(self, pool: str, weight: int, now_ms: int) -> int:
        self._last.booked = (pool, weight)
        with self._lock:
            self.weights[pool] += weight
        return self.inner.reserve(pool, weight, now_ms)

    def observe(self, pool: str, limit: int, remaining: int, reset_ms: int, now_ms: int) -> None:
        self.inner.observe(pool, limit, remaining, reset_ms, now_ms)

    def last_pool(self) -> str:
        booked = getattr(self._last, "booked", None)
        return booked[0] if booked else "?"

    def refused(self) -> None:
        """This thread's last booked request was answered 429000: the server did not count it."""
        booked = getattr(self._last, "booked", None)
        if booked:
            with self._lock:
                self.weights[booked[0]] -= booked[1]


class _WarningCounter:
    def __init__(self) -> None:
        import logging

        self.records: list[str] = []
        handler = logging.Handler(logging.WARNING)
        handler.emit = lambda record: self.records.append(record.getMessage())  # type: ignore[method-assign]
        logging.getLogger("kucoin_connector.io.limiter_redis").addHandler(handler)


def _worker(index: int, cfg: dict[str, Any], out: Any) -> None:
    from decimal import Decimal

    from kucoin_connector import Kucoin, RateLimitExceeded
    from kucoin_connector.errors import BaseError

    warnings = _WarningCounter()
    options = {"numbers": "decimal", "keyVersion": cfg["keyVersion"], "maxRetries": 0,
               "rateLimitQuotas": cfg["quotas"], "rateLimitWindowMs": cfg["window_ms"]}
    config = {"urls": {"api": dict(cfg["urls"])}, "apiKey": cfg["apiKey"], "secret": cfg["secret"],
              "password": cfg["password"], "timeout": 5000, "options": options}
    if cfg["redis_url"]:
        from kucoin_connector.io.limiter_redis import limiter_from_url

        inner: Any = limiter_from_url(cfg["redis_url"], account=cfg["account"], prefix=cfg["prefix"],
                                      quotas=cfg["quotas"], window_ms=cfg["window_ms"],
                                      fallback_share=cfg["fallback_share"])
    else:
        inner = Kucoin(config).limiter  # the control run: a local budget of its own
    counting = CountingLimiter(inner)
    ex = Kucoin(config, limiter=counting)
    pools: dict[str, int] = defaultdict(int)  # 429000 answers per pool
    limits: list[float] = []  # wall-clock seconds of the 429000 answers (list.append is atomic)

    def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RateLimitExceeded:
            counting.refused()
            limits.append(time.time())
            pools[counting.last_pool()] += 1
            raise

    def until_ok(fn: Any, *args: Any) -> Any:
        while True:
            try:
                return call(fn, *args)
            except RateLimitExceeded as exc:
                time.sleep((exc.retry_after_ms or 100) / 1000.0)

    until_ok(ex.load_markets)
    market = ex.market(cfg["symbol"])
    min_amount = Decimal(str(market["limits"]["amount"]["min"] or 1))
    min_cost = Decimal(str(market["limits"]["cost"]["min"] or 0))
    first = until_ok(ex.fetch_order_book, cfg["symbol"], 20)
    until_ok(ex.fetch_open_orders, cfg["symbol"])  # measures the clock offset before the load starts
    time.sleep(max(0.0, cfg["start_at"] - time.time()))
    counting.weights.clear()
    del limits[:]
    pools.clear()
    placed: list[str] = []
    refused: list[str] = []
    unknown: list[str] = []
    other_errors: dict[str, int] = defaultdict(int)
    open_ids: list[str] = []
    deadline = cfg["start_at"] + cfg["seconds"]
    last_bid = [Decimal(str(first["bids"][0][0])) if first["bids"] else Decimal("1")]

    def public_loop() -> None:  # the Public pool (per IP)
        while time.time() < deadline:
            try:
                book = call(ex.fetch_order_book, cfg["symbol"], 20)
                if book["bids"]:
                    last_bid[0] = Decimal(str(book["bids"][0][0]))
            except RateLimitExceeded:
                continue
            except BaseError as exc:
                other_errors[type(exc).__name__] += 1

    def private_loop() -> None:  # the Spot pool (per account): place, then cancel, and again
        seq = 0
        while time.time() < deadline:
            try:
                if open_ids:
                    call(ex.cancel_order, open_ids[0], cfg["symbol"])
                    open_ids.pop(0)
                    continue
                price = Decimal(str(ex.price_to_precision(cfg["symbol"], last_bid[0] * Decimal("0.8"))))
                amount = ex.amount_to_precision(cfg["symbol"], max(min_amount * 2, min_cost * 2 / price))
                seq += 1
                cid = f"fleet{cfg['run']}p{index}n{seq}"
                try:
                    order = call(ex.create_order, cfg["symbol"], "limit", "buy", amount, price,
                                 {"clientOrderId": cid})
                except RateLimitExceeded:
                    refused.append(cid)
                    raise
                except BaseError as exc:
                    if getattr(exc, "outcome_unknown", False):
                        unknown.append(cid)
                    raise
                placed.append(cid)
                open_ids.append(order["id"])
            except RateLimitExceeded:
                continue
            except BaseError as exc:
                other_errors[type(exc).__name__] += 1

    threads = [threading.Thread(target=public_loop), threading.Thread(target=private_loop)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for oid in open_ids:  # tidy up, waiting out any 429000
        try:
            until_ok(ex.cancel_order, oid, cfg["symbol"])
        except BaseError as exc:
            other_errors["cleanup " + type(exc).__name__] += 1
    if hasattr(inner, "close"):
        inner.close()
    ex.close()
    out.put({"index": index, "weights": dict(counting.weights), "limits": limits, "placed": placed,
             "refused": refused, "unknown": unknown, "errors": dict(other_errors),
             "limiter_warnings": warnings.records,
             "limited_pools": dict(pools)})


def run(processes: int = 8, seconds: float = 120.0, shared: bool = True, quotas: dict[str, int] | None = None,
        window_ms: int = 10_000, stop_redis_s: float = 0.0, redis_url: str | None = None, seed: int = 1,
        fallback_share: float | None = None) -> dict[str, Any]:
    """One fleet run; returns the summary (``ok`` says whether the checks for its kind of run hold)."""
    from .simulator import Simulator

    quotas = dict(quotas or DEFAULT_QUOTAS)
    share = fallback_share if fallback_share is not None else 1.0 / processes
    own_redis: RedisServer | None = None
    if shared and not redis_url:
        own_redis = RedisServer().start()
        redis_url = own_redis.url
    if stop_redis_s and own_redis is None:
        raise ValueError("--stop-redis needs the run to start its own redis-server (no --redis-url)")
    ctx = multiprocessing.get_context("spawn")
    run_id = f"{os.getpid()}x{int(time.time() * 1000) % 10**8}"
    try:
        with Simulator(seed=seed, symbols=40, quotas=quotas, window_ms=window_ms) as sim:
            creds = sim.credentials
            start_at = time.time() + 3.0 + 0.3 * processes  # spawn + load_markets before the clock starts
            cfg = {"urls": {"spot": sim.spot_url, "futures": sim.futures_url}, "apiKey": creds["apiKey"],
                   "secret": creds["secret"], "password": creds["password"],
                   "keyVersion": int(creds.get("keyVersion", 3)), "quotas": quotas, "window_ms": window_ms,
                   "redis_url": redis_url if shared else None, "account": "uid" + sim.keys.uid,
                   "prefix": "fleet" + run_id, "fallback_share": share, "symbol": SYMBOL, "start_at": start_at,
                   "seconds": seconds, "run": run_id}
            out = ctx.Queue()
            procs = [ctx.Process(target=_worker, args=(i, cfg, out), daemon=True) for i in range(processes)]
            for p in procs:
                p.start()
            outage: tuple[float, float] | None = None
            if stop_redis_s and own_redis is not None:
                stop_at = start_at + max(0.0, (seconds - stop_redis_s) / 2)
                time.sleep(max(0.0, stop_at - time.time()))
                own_redis.stop()
                down = time.time()
                time.sleep(stop_redis_s)
                own_redis.start()
                outage = (down, time.time())
            results = []
            deadline = start_at + seconds + 60
            while len(results) < processes and time.time() < deadline:
                try:
                    results.append(out.get(timeout=1.0))
                except Exception:  # noqa: BLE001 - queue.Empty: check for dead workers
                    if all(not p.is_alive() for p in procs) and out.empty():
                        break
            for p in procs:
                p.join(timeout=10)
            sim_orders = sim.orders()
    finally:
        if own_redis is not None:
            own_redis.close()
    return _summary(results, procs, sim_orders, cfg, shared, window_ms, outage)


def _summary(results: list[dict], procs: list, sim_orders: list[dict], cfg: dict, shared: bool, window_ms: int,
             outage: tuple[float, float] | None) -> dict[str, Any]:
    seconds, quotas, start_at = cfg["seconds"], cfg["quotas"], cfg["start_at"]
    crashed = len(procs) - len(results) + sum(1 for p in procs if p.exitcode not in (0, None))
    weights: dict[str, int] = defaultdict(int)
    for r in results:
        for pool, w in r["weights"].items():
            weights[pool] += w
    windows = seconds * 1000.0 / window_ms
    rate = {pool: weights.get(pool, 0) / (quota * windows) for pool, quota in quotas.items()}
    limits = sorted(t for r in results for t in r["limits"])
    limited_pools: dict[str, int] = defaultdict(int)
    for r in results:
        for pool, n in r["limited_pools"].items():
            limited_pools[pool] += n
    counts = defaultdict(int)
    for cid in (o.get("clientOid") for o in sim_orders):
        if cid and cid.startswith(f"fleet{cfg['run']}p"):
            counts[cid] += 1
    placed = [c for r in results for c in r["placed"]]
    refused = [c for r in results for c in r["refused"]]
    summary: dict[str, Any] = {
        "shared": shared, "processes": len(procs), "seconds": seconds, "window_ms": window_ms, "quotas": quotas,
        "weights": dict(weights), "rate": {p: round(v, 3) for p, v in rate.items()},
        "limited": len(limits),
        "limited_pools": dict(limited_pools), "crashed": crashed, "placed": len(placed),
        "duplicated": sorted(c for c, n in counts.items() if n > 1),
        "lost": sorted(c for c in placed if counts.get(c, 0) == 0),
        "refused_but_present": sorted(c for c in refused if counts.get(c, 0)),
        "unknown_outcome": sum(len(r["unknown"]) for r in results),
        "errors": {k: v for r in results for k, v in r["errors"].items()},
        "limiter_warnings": sum(len(r["limiter_warnings"]) for r in results),
        "limiter_warnings_max": max((len(r["limiter_warnings"]) for r in results), default=0),
    }
    if outage is not None:
        down, up = outage
        summary["outage_s"] = round(up - down, 1)
        summary["limited_before"] = sum(1 for t in limits if t < down)
        summary["limited_during"] = sum(1 for t in limits if down <= t < up + window_ms / 1000.0)
        summary["limited_after"] = sum(1 for t in limits if t >= up + window_ms / 1000.0)
    integrity = not (summary["duplicated"] or summary["lost"] or summary["refused_but_present"] or crashed)
    if not shared:
        summary["ok"] = integrity and summary["limited"] > 0
    elif outage is None:
        summary["ok"] = integrity and summary["limited"] == 0
    else:
        summary["ok"] = integrity and summary["limited_before"] == 0 and summary["limited_after"] == 0
    summary["start_at"] = start_at
    return summary


def figure_line(s: dict[str, Any]) -> str:
    rates = ", ".join(f"{p} {v * 100:.0f}% of quota" for p, v in sorted(s["rate"].items()))
    line = (f"fleet {'shared redis limiter' if s['shared'] else 'control (local limiters)'}: {s['processes']} processes"
            f" x {s['seconds']:g} s, {rates}, 429000 answers {s['limited']}, orders placed {s['placed']}"
            f" duplicated {len(s['duplicated'])} lost {len(s['lost'])}, crashed {s['crashed']}")
    if "outage_s" in s:
        line += (f", redis stopped {s['outage_s']:g} s: 429000 before/during/after "
                 f"{s['limited_before']}/{s['limited_during']}/{s['limited_after']}")
    return line + (" OK" if s["ok"] else " FAILED")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kucoin_conformance.fleet", description=__doc__.split("\n\n")[0])
    p.add_argument("--processes", type=int, default=8)
    p.add_argument("--seconds", type=float, default=120.0)
    p.add_argument("--window-ms", type=int, default=10_000, help="the simulator's (and the limiter's) window")
    p.add_argument("--quota", type=int, default=60, help="Spot and Public quota per window in the simulator")
    p.add_argument("--control", action="store_true", help="each process keeps its own local budget")
    p.add_argument("--stop-redis", type=float, default=0.0, metavar="K", help="stop redis for K seconds mid-run")
    p.add_argument("--redis-url", default=None, help="use this redis instead of starting a redis-server")
    p.add_argument("--json", action="store_true", help="print the whole summary as JSON too")
    args = p.parse_args(list(argv) if argv is not None else None)
    summary = run(processes=args.processes, seconds=args.seconds, shared=not args.control,
                  quotas={"Spot": args.quota, "Public": args.quota}, window_ms=args.window_ms,
                  stop_redis_s=args.stop_redis, redis_url=args.redis_url)
    if args.json:
        print(json.dumps(summary, default=str))
    print(figure_line(summary))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
