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


# ---- trading admin (issue 3) -----------------------------------------------------------------------
def _body(ctx: Context) -> dict[str, Any]:
    body = ctx.json_body()
    if not isinstance(body, dict):
        raise ApiError("400100", "a JSON object is required", 400)
    return body


def deposit(ctx: Context) -> dict[str, Any]:
    body = _body(ctx)
    try:
        return ctx.sim.deposit(str(body.get("currency") or ""), str(body.get("amount")), str(body.get("type") or "main"))
    except ArithmeticError:
        raise ApiError("400100", "'amount' must be a decimal string", 400) from None


def _order_call(ctx: Context, fn: Any, *args: Any) -> dict[str, Any]:
    try:
        return fn(*args)
    except KeyError:
        raise ApiError("400100", "order not found", 400) from None
    except ArithmeticError:
        raise ApiError("400100", "'size' must be a decimal string", 400) from None


def fill(ctx: Context) -> dict[str, Any]:
    body = _body(ctx)
    size = body.get("size")
    return _order_call(ctx, ctx.sim.fill, str(body.get("orderId") or ""), None if size is None else str(size))


def cancel(ctx: Context) -> dict[str, Any]:
    return _order_call(ctx, ctx.sim.cancel, str(_body(ctx).get("orderId") or ""))


def register_trading(router: Router) -> None:
    router.add("POST", "/_sim/deposit", deposit)
    router.add("POST", "/_sim/fill", fill)
    router.add("POST", "/_sim/cancel", cancel)
    router.add("GET", "/_sim/orders", lambda ctx: ctx.sim.orders())
    router.add("GET", "/_sim/balances", lambda ctx: ctx.sim.balances())
    # settle the next futures funding period now (the funding rows written)
    router.add("POST", "/_sim/futures/funding", lambda ctx: ctx.sim.settle_futures_funding())
    # deliver a dated contract now: orders cancelled, positions settled, status Settled (futures_delivery)
    router.add("POST", "/_sim/futures/deliver",
               lambda ctx: ctx.sim.deliver_futures(str(_body(ctx).get("symbol") or "")))
    router.add("GET", "/_sim/futures/orders", lambda ctx: ctx.sim.futures_orders())
    router.add("GET", "/_sim/futures/positions", lambda ctx: ctx.sim.futures_positions())
