"""Futures host: order endpoints (place, test, batch, TP/SL, cancel, query, fills).

Layer: simulator (exchange side). Rule: the state is ``ctx.sim.futures_desk`` (``futures_trading``);
shapes follow ``openapi-futures-order.json`` (https://www.kucoin.com/docs-new/api-3470235 and neighbours);
an unknown order (read or cancel) is ``300000`` "order does not exist", like KuCoin Futures. Lists page
with ``currentPage``/``pageSize`` (default 50, at most 1000). ``recentDoneOrders`` and ``recentFills``
cover the last 24 hours, at most 1000, newest first. The TP/SL endpoint (POST /api/v1/st-orders) places
the order and two reduce-only close stop orders (``triggerStopUpPrice`` up, ``triggerStopDownPrice``
down, on ``stopPriceType``); when one triggers the other is cancelled.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from ..accounts import text
from ..futures_orders import FuturesOrder, fill_json
from ..routing import ApiError, Context, Router
from .account import page

__all__ = ["register"]

NOT_EXIST = ApiError("300000", "order does not exist")
DAY_MS = 86_400_000


def _key(ctx: Context) -> str:
    return ctx.key.key if ctx.key is not None and hasattr(ctx.key, "key") else ""


def _body(ctx: Context) -> dict[str, Any]:
    body = ctx.json_body()
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    return body


def h_place(ctx: Context) -> dict[str, str]:
    o = ctx.sim.futures_desk.place(_body(ctx), ctx.now_ms, _key(ctx))
    return {"orderId": o.id, "clientOid": o.client_oid}


def h_test(ctx: Context) -> dict[str, str]:
    o = ctx.sim.futures_desk.place(_body(ctx), ctx.now_ms, _key(ctx), test=True)
    return {"orderId": o.id, "clientOid": o.client_oid}


def h_multi(ctx: Context) -> list[dict[str, Any]]:
    """POST /api/v1/orders/multi: a JSON array of up to 20 orders; each answers for itself."""
    items = ctx.json_body()
    if not isinstance(items, list) or not 1 <= len(items) <= 20:
        raise ApiError("400100", "The body must be a list of 1 to 20 orders")
    out = []
    for item in items:
        row = {"orderId": None, "clientOid": item.get("clientOid") if isinstance(item, dict) else None,
               "symbol": item.get("symbol") if isinstance(item, dict) else None}
        try:
            o = ctx.sim.futures_desk.place(item, ctx.now_ms, _key(ctx))
        except ApiError as exc:
            out.append({**row, "code": exc.code, "msg": exc.msg})
            continue
        out.append({**row, "orderId": o.id, "code": "200000", "msg": "success"})
    return out


def h_st_orders(ctx: Context) -> dict[str, str]:
    """POST /api/v1/st-orders: the order plus its take-profit (up) and stop-loss (down) close orders."""
    body = _body(ctx)
    up, down = body.get("triggerStopUpPrice"), body.get("triggerStopDownPrice")
    if up in (None, "") and down in (None, ""):
        raise ApiError("400100", "Parameter [triggerStopUpPrice] or [triggerStopDownPrice] is required")
    desk = ctx.sim.futures_desk
    kind = body.get("stopPriceType") or "TP"
    plain = {k: v for k, v in body.items() if k not in ("triggerStopUpPrice", "triggerStopDownPrice",
                                                         "stopPriceType")}
    base = str(plain.get("clientOid") or "")[:34]
    legs = [{"symbol": plain.get("symbol"), "clientOid": f"{base}-{name}", "type": "market",
             "side": "sell" if plain.get("side") == "buy" else "buy", "size": plain.get("size"),
             "reduceOnly": True, "closeOrder": True, "stop": name, "stopPrice": price, "stopPriceType": kind,
             "marginMode": plain.get("marginMode")}
            for name, price in (("up", up), ("down", down)) if price not in (None, "")]
    with desk.lock:
        for leg in legs:  # every part is checked before anything is placed
            desk.place(leg, ctx.now_ms, test=True)
        o = desk.place(plain, ctx.now_ms, _key(ctx))
        placed = [desk.place(leg, ctx.now_ms, _key(ctx)) for leg in legs]
        if len(placed) == 2:
            desk.oco[placed[0].id], desk.oco[placed[1].id] = placed[1].id, placed[0].id
    return {"orderId": o.id, "clientOid": o.client_oid}


def _lookup(ctx: Context) -> FuturesOrder | None:
    desk = ctx.sim.futures_desk
    with desk.lock:
        if "clientOid" in ctx.path_params:
            return desk.by_client_oid(ctx.path_params["clientOid"])
        if "orderId" in ctx.path_params:
            return desk.get(ctx.path_params["orderId"])
        return desk.by_client_oid(ctx.params.get("clientOid") or "")


def h_cancel(ctx: Context) -> dict[str, Any]:
    o = _lookup(ctx)
    sym = ctx.params.get("symbol")
    if o is None or (sym and sym != o.spec.symbol) or ctx.sim.futures_desk.cancel(o, ctx.now_ms) is None:
        raise NOT_EXIST
    return {"clientOid": o.client_oid} if "clientOid" in ctx.path_params else {"cancelledOrderIds": [o.id]}


def _symbol(ctx: Context, required: bool = True) -> str:
    symbol = ctx.params.get("symbol") or ""
    if not symbol and required:
        raise ApiError("400100", "Parameter [symbol] is required")
    if symbol and symbol not in ctx.sim.futures.by_symbol:
        raise ApiError("300000", "Contract does not exist")
    return symbol


def _cancel_where(ctx: Context, orders: Callable[[], list[FuturesOrder]]) -> dict[str, list[str]]:
    symbol = _symbol(ctx, required=False)
    desk = ctx.sim.futures_desk
    ids = []
    with desk.lock:
        for o in [o for o in orders() if o.active and (not symbol or o.spec.symbol == symbol)]:
            if desk.cancel(o, ctx.now_ms) is not None:
                ids.append(o.id)
    return {"cancelledOrderIds": ids}


def h_cancel_all(ctx: Context) -> dict[str, list[str]]:
    """DELETE /api/v1/orders and /api/v3/orders: every active (not stop) order, of ``symbol`` if given."""
    return _cancel_where(ctx, ctx.sim.futures_desk.orders)


def h_cancel_stops(ctx: Context) -> dict[str, list[str]]:
    return _cancel_where(ctx, lambda: list(ctx.sim.futures_desk.stops.values()))


def h_multi_cancel(ctx: Context) -> list[dict[str, Any]]:
    """DELETE /api/v1/orders/multi-cancel: ``orderIdsList`` and/or ``clientOidsList`` [{symbol, clientOid}]."""
    body = _body(ctx)
    ids, cids = body.get("orderIdsList") or [], body.get("clientOidsList") or []
    if not isinstance(ids, list) or not isinstance(cids, list) or not ids and not cids:
        raise ApiError("400100", "Parameter [orderIdsList] or [clientOidsList] is required")
    desk = ctx.sim.futures_desk
    out = []
    with desk.lock:
        wanted = [(desk.get(str(i)), str(i), None) for i in ids]
        for item in cids:
            cid = str(item.get("clientOid") or "") if isinstance(item, dict) else ""
            o = desk.by_client_oid(cid)
            wanted.append((o if o is not None and o.spec.symbol == item.get("symbol") else None, None, cid))
        for o, oid, cid in wanted:
            done = desk.cancel(o, ctx.now_ms) is not None
            out.append({"orderId": o.id if o is not None else oid, "clientOid": cid,
                        "code": "200" if done else NOT_EXIST.code, "msg": "success" if done else NOT_EXIST.msg})
    return out


def h_statistics(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/openOrderStatistics: the remaining size and value of active (not stop) orders."""
    symbol = _symbol(ctx)
    desk = ctx.sim.futures_desk
    sizes, costs = {"buy": 0, "sell": 0}, {"buy": Decimal(0), "sell": Decimal(0)}
    with desk.lock:
        for o in desk.orders():
            if o.active and o.spec.symbol == symbol:
                sizes[o.side] += o.remaining
                if o.price is not None:
                    costs[o.side] += o.value_at(o.price, o.remaining)
    return {"openOrderBuySize": sizes["buy"], "openOrderSellSize": sizes["sell"],
            "openOrderBuyCost": text(costs["buy"]), "openOrderSellCost": text(costs["sell"]),
            "settleCurrency": ctx.sim.futures.by_symbol[symbol].settle}


def h_get(ctx: Context) -> dict[str, Any]:
    o = _lookup(ctx)
    if o is None:
        raise NOT_EXIST
    with ctx.sim.futures_desk.lock:
        return o.to_json()


def _filter(ctx: Context, orders: list[FuturesOrder]) -> list[FuturesOrder]:
    p = ctx.params
    symbol = _symbol(ctx, required=False)
    start, end = ctx.int_param("startAt"), ctx.int_param("endAt")
    rows = [o for o in orders if (not symbol or o.spec.symbol == symbol) and (not p.get("side") or
            o.side == p["side"]) and (not p.get("type") or o.type == p["type"])
            and (not start or o.created_at >= start) and (not end or o.created_at <= end)]
    return sorted(rows, key=lambda o: o.seq, reverse=True)


def _page(ctx: Context, rows: list[Any]) -> dict[str, Any]:
    return page(ctx, rows, max_size=1000)


def h_list(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/orders?status=active|done (default: both)."""
    status = ctx.params.get("status") or ""
    if status not in ("", "active", "done"):
        raise ApiError("400100", "Parameter [status] must be active or done")
    desk = ctx.sim.futures_desk
    with desk.lock:
        rows = [o for o in desk.orders() if not status or o.active == (status == "active")]
        return _page(ctx, [o.to_json() for o in _filter(ctx, rows)])


def h_stop_list(ctx: Context) -> dict[str, Any]:
    desk = ctx.sim.futures_desk
    with desk.lock:
        return _page(ctx, [o.to_json() for o in _filter(ctx, list(desk.stops.values()))])


def h_recent_done(ctx: Context) -> list[dict[str, Any]]:
    desk = ctx.sim.futures_desk
    with desk.lock:
        rows = [o for o in desk.orders() if not o.active and o.updated_at >= ctx.now_ms - DAY_MS]
        return [o.to_json() for o in _filter(ctx, rows)[:1000]]


def _fills(ctx: Context) -> list[Any]:
    p = ctx.params
    symbol = _symbol(ctx, required=False)
    start, end = ctx.int_param("startAt"), ctx.int_param("endAt")
    rows = [f for f in ctx.sim.futures_desk.engine.fills if (not symbol or f.order.spec.symbol == symbol)
            and (not p.get("orderId") or f.order.id == p["orderId"])
            and (not p.get("side") or f.order.side == p["side"]) and (not p.get("type") or f.order.type == p["type"])
            and (not start or f.created_at >= start) and (not end or f.created_at <= end)]
    return sorted(rows, key=lambda f: f.seq, reverse=True)


def h_fills(ctx: Context) -> dict[str, Any]:
    with ctx.sim.futures_desk.lock:
        return _page(ctx, [fill_json(f) for f in _fills(ctx)])


def h_recent_fills(ctx: Context) -> list[dict[str, Any]]:
    with ctx.sim.futures_desk.lock:
        return [fill_json(f, recent=True) for f in _fills(ctx) if f.created_at >= ctx.now_ms - DAY_MS][:1000]


def register(router: Router) -> None:
    """Pools/weights from openapi-futures-order.json (recentFills has none in the spec: 3 assumed)."""
    add = router.add
    add("POST", "/api/v1/orders", h_place, pool="Futures", weight=2, private=True)
    add("POST", "/api/v1/orders/test", h_test, pool="Futures", weight=2, private=True)
    add("POST", "/api/v1/orders/multi", h_multi, pool="Futures", weight=20, private=True)
    add("POST", "/api/v1/st-orders", h_st_orders, pool="Futures", weight=2, private=True)
    add("DELETE", "/api/v1/orders/client-order/{clientOid}", h_cancel, pool="Futures", weight=1, private=True)
    add("DELETE", "/api/v1/orders/{orderId}", h_cancel, pool="Futures", weight=1, private=True)
    add("DELETE", "/api/v1/orders", h_cancel_all, pool="Futures", weight=800, private=True)
    add("DELETE", "/api/v3/orders", h_cancel_all, pool="Futures", weight=10, private=True)
    add("DELETE", "/api/v1/stopOrders", h_cancel_stops, pool="Futures", weight=15, private=True)
    add("DELETE", "/api/v1/orders/multi-cancel", h_multi_cancel, pool="Futures", weight=20, private=True)
    add("GET", "/api/v1/openOrderStatistics", h_statistics, pool="Futures", weight=10, private=True)
    add("GET", "/api/v1/orders/byClientOid", h_get, pool="Futures", weight=5, private=True)
    add("GET", "/api/v1/orders/{orderId}", h_get, pool="Futures", weight=5, private=True)
    add("GET", "/api/v1/orders", h_list, pool="Futures", weight=2, private=True)
    add("GET", "/api/v1/stopOrders", h_stop_list, pool="Futures", weight=6, private=True)
    add("GET", "/api/v1/recentDoneOrders", h_recent_done, pool="Futures", weight=5, private=True)
    add("GET", "/api/v1/fills", h_fills, pool="Futures", weight=5, private=True)
    add("GET", "/api/v1/recentFills", h_recent_fills, pool="Futures", weight=3, private=True)
