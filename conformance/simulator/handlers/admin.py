"""The ``/_sim/`` admin surface (both hosts; no auth, no rate limit, never faulted).

Layer: simulator (exchange side). Rule: answers use KuCoin's envelope so any KuCoin client can read
them; invalid input is HTTP 400 with code 400100.
"""
from __future__ import annotations

from typing import Any

from ..routing import ApiError, Context, Router

__all__ = ["register", "MAX_STEPS_PER_CALL"]

MAX_STEPS_PER_CALL = 100_000


def add_fault(ctx: Context) -> dict[str, str]:
    try:
        fault = ctx.sim.faults.add(ctx.json_body())
    except ValueError as exc:
        raise ApiError("400100", str(exc), 400) from None
    return {"id": fault.id}


def list_faults(ctx: Context) -> list[dict[str, Any]]:
    return ctx.sim.faults.pending()


def clear_faults(ctx: Context) -> dict[str, int]:
    return {"cleared": ctx.sim.faults.clear()}


def pause(ctx: Context) -> dict[str, bool]:
    ctx.sim.pause()
    return {"paused": True}


def resume(ctx: Context) -> dict[str, bool]:
    ctx.sim.resume()
    return {"paused": False}


def step(ctx: Context) -> dict[str, int]:
    body = ctx.json_body()
    count = body.get("count", 1) if isinstance(body, dict) else None
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_STEPS_PER_CALL:
        raise ApiError("400100", f"'count' must be an integer between 1 and {MAX_STEPS_PER_CALL}", 400)
    return {"steps": ctx.sim.market.step(count)}


def book(ctx: Context) -> dict[str, Any]:
    symbol = ctx.params.get("symbol", "")
    if symbol not in ctx.sim.universe.by_symbol:
        raise ApiError("400100", "This pair is not provided at present", 400)
    return ctx.sim.book(symbol)


def state(ctx: Context) -> dict[str, Any]:
    market = ctx.sim.market
    return {"paused": ctx.sim.paused, "steps": market.steps, "seed": ctx.sim.seed,
            "symbols": len(ctx.sim.universe.symbols), "time": ctx.now_ms}


def register(router: Router) -> None:
    router.add("POST", "/_sim/faults", add_fault)
    router.add("GET", "/_sim/faults", list_faults)
    router.add("DELETE", "/_sim/faults", clear_faults)
    router.add("POST", "/_sim/pause", pause)
    router.add("POST", "/_sim/resume", resume)
    router.add("POST", "/_sim/step", step)
    router.add("GET", "/_sim/book", book)
    router.add("GET", "/_sim/state", state)
