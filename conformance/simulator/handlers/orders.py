"""HF spot order endpoints (the current KuCoin spot path) and the shared order-query helpers.

Layer: simulator (exchange side). Rule: shapes follow ``openapi-spot-order.json``
(https://www.kucoin.com/docs-new/api-3470188 and neighbours); rejections are HTTP 200 with KuCoin's
code and message; an unknown order is ``400100 order_not_exist`` and a cancel of an unknown or done order
``400100 order_not_exist_or_not_allow_to_cancel`` (the shared brief's decision). Margin HF routes reuse
these helpers with another account and trade type.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from ..orders import Order
from ..routing import ApiError, Context, Router
from ..validation import parse_order, to_units

__all__ = ["register", "place", "get_order", "cancel_order", "active", "done", "fills", "cancel_symbol",
           "NOT_EXIST", "NOT_CANCEL"]

NOT_EXIST = ApiError("400100", "order_not_exist")
NOT_CANCEL = ApiError("400100", "order_not_exist_or_not_allow_to_cancel")
SPOT = ("trade_hf", "TRADE")


def _api_key(ctx: Context) -> str:
    return ctx.key.key if ctx.key is not None and hasattr(ctx.key, "key") else ""


def place(ctx: Context, body: Any, *, account: str = "trade_hf", trade_type: str = "TRADE", hf: bool = True,
          test: bool = False) -> Order:
    sim = ctx.sim
    symbol = str(body.get("symbol") or "") if isinstance(body, dict) else ""
    req = parse_order(sim.universe, body, sim.market.last_price(symbol) if symbol in sim.universe.by_symbol
                      else None)
    if account == "isolated":
        account = "isolated:" + req.spec.symbol
    return sim.engine.place(req, ctx.now_ms, account=account, trade_type=trade_type, hf=hf,
                            api_key=_api_key(ctx), test=test)


def _symbol(ctx: Context) -> str:
    symbol = ctx.params.get("symbol") or ""
    if not symbol:
        raise ApiError("400100", "Parameter [symbol] is required")
    return symbol


def _lookup(ctx: Context, trade_types: tuple[str, ...]) -> Order | None:
    engine = ctx.sim.engine
    with engine.lock:
        engine.expire(ctx.now_ms)
        if "clientOid" in ctx.path_params:
            o = engine.by_client_oid(ctx.path_params["clientOid"])
        else:
            o = engine.get(ctx.path_params["orderId"])
    if o is None or o.trade_type not in trade_types or not o.hf:
        return None
    sym = ctx.params.get("symbol")
    if sym and sym != o.spec.symbol:
        return None
    return o


def get_order(ctx: Context, trade_types: tuple[str, ...] = ("TRADE",)) -> dict[str, Any]:
    o = _lookup(ctx, trade_types)
    if o is None:
        raise NOT_EXIST
    with ctx.sim.engine.lock:
        return o.to_json()


def cancel_order(ctx: Context, trade_types: tuple[str, ...] = ("TRADE",)) -> Order:
    _symbol(ctx)
    o = ctx.sim.engine.cancel(_lookup(ctx, trade_types), ctx.now_ms)
    if o is None:
        raise NOT_CANCEL
    return o


def _window(ctx: Context, items: list[Any], stamp: Callable[[Any], int]) -> list[Any]:
    start, end = ctx.int_param("startAt"), ctx.int_param("endAt")
    return [i for i in items if (not start or stamp(i) >= start) and (not end or stamp(i) <= end)]


def _limit(ctx: Context) -> int:
    try:
        limit = int(ctx.params.get("limit") or 20)
    except ValueError:
        raise ApiError("400100", "Parameter [limit] is invalid") from None
    return max(1, min(limit, 100))


def _filtered(ctx: Context, orders: list[Order], trade_types: tuple[str, ...]) -> list[Order]:
    p = ctx.params
    symbol = _symbol(ctx)
    return [o for o in orders if o.spec.symbol == symbol and o.hf and o.trade_type in trade_types
            and (not p.get("side") or o.side == p["side"]) and (not p.get("type") or o.type == p["type"])]


def active(ctx: Context, trade_types: tuple[str, ...] = ("TRADE",)) -> list[dict[str, Any]]:
    engine = ctx.sim.engine
    with engine.lock:
        engine.expire(ctx.now_ms)
        live = [o for o in engine.orders.values() if o.active]
        return [o.to_json() for o in reversed(_filtered(ctx, live, trade_types))]


def done(ctx: Context, trade_types: tuple[str, ...] = ("TRADE",)) -> dict[str, Any]:
    """Done orders newest first; ``lastId`` cursor: items with a smaller numeric id (HF paging)."""
    engine = ctx.sim.engine
    last = ctx.int_param("lastId")
    with engine.lock:
        engine.expire(ctx.now_ms)
        rows = [o for o in engine.orders.values() if not o.active and (not last or o.seq < last)]
        rows = _window(ctx, _filtered(ctx, rows, trade_types), lambda o: o.created_at)
        rows.sort(key=lambda o: o.seq, reverse=True)
        page = rows[: _limit(ctx)]
        return {"lastId": page[-1].seq if page else 0, "items": [o.to_json() for o in page]}


def fills(ctx: Context, trade_types: tuple[str, ...] = ("TRADE",)) -> dict[str, Any]:
    engine = ctx.sim.engine
    p = ctx.params
    last = ctx.int_param("lastId")
    with engine.lock:
        rows = [f for f in engine.fills if f.order.trade_type in trade_types and f.order.hf
                and (not last or f.seq < last) and (not p.get("orderId") or f.order.id == p["orderId"])]
        keep = {id(o) for o in _filtered(ctx, [f.order for f in rows], trade_types)}
        rows = [f for f in rows if id(f.order) in keep]
        rows = _window(ctx, rows, lambda f: f.created_at)
        rows.sort(key=lambda f: f.seq, reverse=True)
        page = rows[: _limit(ctx)]
        return {"items": [f.to_json() for f in page], "lastId": page[-1].seq if page else 0}


def cancel_symbol(ctx: Context, trade_types: tuple[str, ...] = ("TRADE",)) -> str:
    symbol = _symbol(ctx)
    engine = ctx.sim.engine
    with engine.lock:
        for o in [o for o in engine.orders.values() if o.active and o.hf and o.spec.symbol == symbol
                  and o.trade_type in trade_types]:
            engine.cancel(o, ctx.now_ms)
    return "success"


# ---- HF spot handlers -----------------------------------------------------------------------------
def h_place(ctx: Context) -> dict[str, str]:
    o = place(ctx, ctx.json_body())
    return {"orderId": o.id, "clientOid": o.client_oid}


def h_place_sync(ctx: Context) -> dict[str, Any]:
    o = place(ctx, ctx.json_body())
    with ctx.sim.engine.lock:
        return o.sync_json()


def h_test(ctx: Context) -> dict[str, str]:
    o = place(ctx, ctx.json_body(), test=True)
    return {"orderId": o.id, "clientOid": o.client_oid}


def _batch(ctx: Context, sync: bool) -> list[dict[str, Any]]:
    body = ctx.json_body()
    orders = body.get("orderList") if isinstance(body, dict) else None
    if not isinstance(orders, list) or not 1 <= len(orders) <= 20:
        raise ApiError("400100", "Parameter [orderList] must hold 1 to 20 orders")
    out = []
    for item in orders:
        try:
            o = place(ctx, item)
        except ApiError as exc:
            out.append({"success": False, "failMsg": exc.msg})
            continue
        with ctx.sim.engine.lock:
            row = o.sync_json() if sync else {"orderId": o.id, "clientOid": o.client_oid}
        out.append({**row, "success": True})
    return out


def h_alter(ctx: Context) -> dict[str, str]:
    """POST /api/v1/hf/orders/alter: cancel the old order, place the new one with the same clientOid."""
    body = ctx.json_body()
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    engine = ctx.sim.engine
    with engine.lock:
        old = engine.get(str(body.get("orderId") or "")) if body.get("orderId") else \
            engine.by_client_oid(str(body.get("clientOid") or ""))
        if old is None or not old.active or old.spec.symbol != body.get("symbol"):
            raise NOT_CANCEL
        spec = old.spec
        price = body.get("newPrice") or (str(old.price_dec()) if old.price is not None else None)
        size = body.get("newSize") or format(old.lots_dec(old.remaining), "f")
        new = {"symbol": spec.symbol, "side": old.side, "type": old.type, "price": price, "size": size,
               "timeInForce": old.tif, "postOnly": old.post_only, "hidden": old.hidden, "iceberg": old.iceberg,
               "visibleSize": format(old.lots_dec(old.visible), "f") if old.visible else None,
               "cancelAfter": old.cancel_after or None, "stp": old.stp, "remark": old.remark}
        if to_units(Decimal(str(price)), spec.price_dec) is None:
            raise ApiError("400100", "Price increment invalid.")
        engine.cancel(old, ctx.now_ms)
        if old.client_oid:
            engine.by_client.pop(old.client_oid, None)
            new["clientOid"] = old.client_oid
        o = place(ctx, new)
        return {"newOrderId": o.id, "clientOid": o.client_oid}


def h_cancel(ctx: Context) -> dict[str, str]:
    o = cancel_order(ctx)
    return {"clientOid": o.client_oid} if "clientOid" in ctx.path_params else {"orderId": o.id}


def h_cancel_sync(ctx: Context) -> dict[str, Any]:
    o = cancel_order(ctx)
    with ctx.sim.engine.lock:
        return o.cancel_sync_json("clientOid" in ctx.path_params)


def h_cancel_all(ctx: Context) -> dict[str, list[str]]:
    engine = ctx.sim.engine
    symbols: list[str] = []
    with engine.lock:
        for o in [o for o in engine.orders.values() if o.active and o.hf and o.trade_type == "TRADE"]:
            engine.cancel(o, ctx.now_ms)
            if o.spec.symbol not in symbols:
                symbols.append(o.spec.symbol)
    return {"succeedSymbols": symbols, "failedSymbols": []}


def register(router: Router) -> None:
    """HF order routes; pools/weights from openapi-spot-order.json."""
    add = router.add
    add("POST", "/api/v1/hf/orders", h_place, pool="Spot", weight=1, private=True)
    add("POST", "/api/v1/hf/orders/sync", h_place_sync, pool="Spot", weight=1, private=True)
    add("POST", "/api/v1/hf/orders/test", h_test, pool="Spot", weight=1, private=True)
    add("POST", "/api/v1/hf/orders/multi", lambda c: _batch(c, False), pool="Spot", weight=1, private=True)
    add("POST", "/api/v1/hf/orders/multi/sync", lambda c: _batch(c, True), pool="Spot", weight=1, private=True)
    add("POST", "/api/v1/hf/orders/alter", h_alter, pool="Spot", weight=1, private=True)
    add("DELETE", "/api/v1/hf/orders/cancelAll", h_cancel_all, pool="Spot", weight=30, private=True)
    add("DELETE", "/api/v1/hf/orders", cancel_symbol, pool="Spot", weight=2, private=True)
    add("GET", "/api/v1/hf/orders/active", active, pool="Spot", weight=2, private=True)
    add("GET", "/api/v1/hf/orders/done", done, pool="Spot", weight=2, private=True)
    add("GET", "/api/v1/hf/fills", fills, pool="Spot", weight=2, private=True)
    add("DELETE", "/api/v1/hf/orders/sync/client-order/{clientOid}", h_cancel_sync, pool="Spot", weight=1,
        private=True)
    add("DELETE", "/api/v1/hf/orders/sync/{orderId}", h_cancel_sync, pool="Spot", weight=1, private=True)
    add("DELETE", "/api/v1/hf/orders/client-order/{clientOid}", h_cancel, pool="Spot", weight=1, private=True)
    add("DELETE", "/api/v1/hf/orders/{orderId}", h_cancel, pool="Spot", weight=1, private=True)
    add("GET", "/api/v1/hf/orders/client-order/{clientOid}", get_order, pool="Spot", weight=2, private=True)
    add("GET", "/api/v1/hf/orders/{orderId}", get_order, pool="Spot", weight=2, private=True)
