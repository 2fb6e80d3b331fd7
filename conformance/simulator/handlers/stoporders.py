"""Stop (trigger) order endpoints: /api/v1/stop-order*.

Layer: simulator (exchange side). Rule: shapes follow ``openapi-spot-order.json``
(https://www.kucoin.com/docs-new/api-3470334 and neighbours); the trigger logic is in ``stops``.
"""
from __future__ import annotations

from typing import Any

from ..routing import ApiError, Context, Router
from .account import page

__all__ = ["register"]


def add(ctx: Context) -> dict[str, str]:
    so = ctx.sim.stops.add(ctx.json_body(), ctx.now_ms)
    return {"orderId": so.id}


def listing(ctx: Context) -> dict[str, Any]:
    p = ctx.params
    start, end = ctx.int_param("startAt"), ctx.int_param("endAt")
    with ctx.sim.engine.lock:
        rows = [s for s in reversed(ctx.sim.stops.active())
                if (not p.get("symbol") or s.req.spec.symbol == p["symbol"])
                and (not p.get("side") or s.req.side == p["side"]) and (not p.get("type") or s.req.type == p["type"])
                and (not start or s.created_at >= start) and (not end or s.created_at <= end)]
        return page(ctx, [s.to_json(True) for s in rows])


def detail(ctx: Context) -> dict[str, Any]:
    so = ctx.sim.stops.orders.get(ctx.path_params["orderId"])
    if so is None:
        raise ApiError("400100", "order_not_exist")
    return so.to_json(False)


def by_client(ctx: Context) -> list[dict[str, Any]]:
    return [s.to_json(False) for s in ctx.sim.stops.by_client(ctx.params.get("clientOid") or "")]


def cancel(ctx: Context) -> dict[str, list[str]]:
    so = ctx.sim.stops.cancel(ctx.sim.stops.orders.get(ctx.path_params["orderId"]))
    return {"cancelledOrderIds": [so.id]}


def cancel_client(ctx: Context) -> dict[str, str]:
    cid = ctx.params.get("clientOid") or ""
    found = ctx.sim.stops.by_client(cid)
    so = ctx.sim.stops.cancel(found[0] if found else None)
    return {"cancelledOrderId": so.id, "clientOid": cid}


def cancel_batch(ctx: Context) -> dict[str, list[str]]:
    p = ctx.params
    ids = set((p.get("orderIds") or "").split(",")) - {""}
    out = []
    with ctx.sim.engine.lock:
        for s in ctx.sim.stops.active():
            if (not p.get("symbol") or s.req.spec.symbol == p["symbol"]) and (not ids or s.id in ids):
                ctx.sim.stops.cancel(s)
                out.append(s.id)
    return {"cancelledOrderIds": out}


def register(router: Router) -> None:
    """Pools/weights from openapi-spot-order.json."""
    router.add("POST", "/api/v1/stop-order", add, pool="Spot", weight=1, private=True)
    router.add("GET", "/api/v1/stop-order", listing, pool="Spot", weight=8, private=True)
    router.add("GET", "/api/v1/stop-order/queryOrderByClientOid", by_client, pool="Spot", weight=3, private=True)
    router.add("DELETE", "/api/v1/stop-order/cancelOrderByClientOid", cancel_client, pool="Spot", weight=5,
               private=True)
    router.add("DELETE", "/api/v1/stop-order/cancel", cancel_batch, pool="Spot", weight=3, private=True)
    router.add("GET", "/api/v1/stop-order/{orderId}", detail, pool="Spot", weight=3, private=True)
    router.add("DELETE", "/api/v1/stop-order/{orderId}", cancel, pool="Spot", weight=3, private=True)
