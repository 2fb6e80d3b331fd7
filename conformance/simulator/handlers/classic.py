"""Classic (pre-HF) spot order endpoints, minimal: place, list, get, cancel, cancel all, fills.

Layer: simulator (exchange side). Rule: classic orders spend the ``trade`` account and use the classic
shapes of ``openapi-spot-order.json`` (https://www.kucoin.com/docs-new/api-3470293 and neighbours);
lists use page paging.
"""
from __future__ import annotations

from typing import Any

from ..accounts import text
from ..orders import Fill, Order
from ..routing import ApiError, Context, Router
from . import orders as hf
from .account import page

__all__ = ["register"]


def order_json(o: Order) -> dict[str, Any]:
    d = o.to_json()
    return {"id": d["id"], "symbol": d["symbol"], "opType": "DEAL", "type": d["type"], "side": d["side"],
            "price": d["price"], "size": d["size"],
            "funds": text(o.funds) if o.funds is not None else "0",  # classic: only market-by-funds (example)
            "dealFunds": d["dealFunds"], "dealSize": d["dealSize"], "fee": d["fee"], "feeCurrency": d["feeCurrency"], "stp": o.stp or "",
            "stop": "", "stopTriggered": False, "stopPrice": "0", "timeInForce": o.tif, "postOnly": o.post_only,
            "hidden": o.hidden, "iceberg": o.iceberg, "visibleSize": d["visibleSize"],
            "cancelAfter": o.cancel_after, "channel": "API", "clientOid": o.client_oid, "remark": o.remark,
            "tags": o.tags, "isActive": o.active, "cancelExist": o.cancel_exist, "createdAt": o.created_at,
            "tradeType": o.trade_type}


def fill_json(f: Fill) -> dict[str, Any]:
    d = f.to_json()
    return {"symbol": d["symbol"], "tradeId": str(f.trade_id), "orderId": d["orderId"],
            "counterOrderId": d["counterOrderId"], "side": d["side"], "liquidity": d["liquidity"],
            "forceTaker": False, "price": d["price"], "size": d["size"], "funds": d["funds"], "fee": d["fee"],
            "feeRate": d["feeRate"], "feeCurrency": d["feeCurrency"], "stop": "", "tradeType": d["tradeType"],
            "type": d["type"], "createdAt": d["createdAt"]}


def place(ctx: Context) -> dict[str, str]:
    o = hf.place(ctx, ctx.json_body(), account="trade", hf=False)
    return {"orderId": o.id}


def _classic(ctx: Context) -> list[Order]:
    p = ctx.params
    status = p.get("status")
    return [o for o in ctx.sim.engine.orders.values() if not o.hf
            and (not p.get("symbol") or o.spec.symbol == p["symbol"]) and (not p.get("side") or o.side == p["side"])
            and (not status or (status == "active") == o.active)]


def listing(ctx: Context) -> dict[str, Any]:
    with ctx.sim.engine.lock:
        return page(ctx, [order_json(o) for o in reversed(_classic(ctx))])


def detail(ctx: Context) -> dict[str, Any]:
    o = ctx.sim.engine.get(ctx.path_params["orderId"])
    if o is None or o.hf:
        raise ApiError("400100", "order_not_exist")
    with ctx.sim.engine.lock:
        return order_json(o)


def cancel(ctx: Context) -> dict[str, list[str]]:
    o = ctx.sim.engine.get(ctx.path_params["orderId"])
    if o is None or o.hf or ctx.sim.engine.cancel(o, ctx.now_ms) is None:
        raise hf.NOT_CANCEL
    return {"cancelledOrderIds": [o.id]}


def cancel_all(ctx: Context) -> dict[str, list[str]]:
    out = []
    with ctx.sim.engine.lock:
        for o in [o for o in _classic(ctx) if o.active]:
            ctx.sim.engine.cancel(o, ctx.now_ms)
            out.append(o.id)
    return {"cancelledOrderIds": out}


def fills(ctx: Context) -> dict[str, Any]:
    p = ctx.params
    with ctx.sim.engine.lock:
        rows = [f for f in reversed(ctx.sim.engine.fills) if not f.order.hf
                and (not p.get("symbol") or f.order.spec.symbol == p["symbol"])
                and (not p.get("orderId") or f.order.id == p["orderId"])]
        return page(ctx, [fill_json(f) for f in rows])


def register(router: Router) -> None:
    """Pools/weights from openapi-spot-order.json."""
    router.add("POST", "/api/v1/orders", place, pool="Spot", weight=2, private=True)
    router.add("GET", "/api/v1/orders", listing, pool="Spot", weight=2, private=True)
    router.add("DELETE", "/api/v1/orders", cancel_all, pool="Spot", weight=20, private=True)
    router.add("GET", "/api/v1/orders/{orderId}", detail, pool="Spot", weight=2, private=True)
    router.add("DELETE", "/api/v1/orders/{orderId}", cancel, pool="Spot", weight=3, private=True)
    router.add("GET", "/api/v1/fills", fills, pool="Spot", weight=10, private=True)
