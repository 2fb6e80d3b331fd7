"""Futures order cancellation and queries (pure core): one order by id or client order id, several, all
(regular or stop orders), one order, the open/closed lists, fills.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.
``params={"trigger": True}`` (or ``stop``) selects the stop orders' list and bulk cancel, as ccxt. A cancel
whose outcome is unknown reads the order: done -> its state is the answer; still open -> the cancel (harmless
to repeat) is sent once more.
"""
from __future__ import annotations

from typing import Any, Mapping

from ....core.checks import check_limit, check_params, check_since
from ....errors import ArgumentsRequired, BadRequest, BadResponse, BaseError, NetworkError, OrderNotFound
from ....rest.calls import Call, path as id_path
from ....rest.effects import Sleep
from ....rest.order_lookup import (attempts, by_client_id_call, delay, first_item, kucoin_params, list_items,
                                   unknown_outcome)
from ....rest.order_routes import Route
from ....rest.plan import Plan, PlanContext
from ...parsers.orders import parse_contract_order, parse_contract_orders, parse_my_trade
from ...routes import HOST, ORDER_ROUTES, FuturesOrderKind
from ..market_data import load_markets, market
from ..order_requests import UNIFIED

__all__ = ["cancel_order", "cancel_orders", "cancel_all_orders", "fetch_order", "fetch_orders",
           "fetch_open_orders", "fetch_closed_orders", "fetch_my_trades", "fetch_order_trades"]

_SELECTORS = ("trigger", "stop")


def _kind(params: dict) -> tuple[Route, dict]:
    """The route the ``trigger``/``stop`` selector (a bool, as ccxt) names, and the params left (a new dict)."""
    for key in _SELECTORS:
        if params.get(key) is not None and not isinstance(params[key], bool):
            raise BadRequest(f"params {key!r} selects stop orders: True or False, got {str(params[key])[:40]!r}")
    stop = any(params.get(k) for k in _SELECTORS)
    rest = {k: v for k, v in params.items() if k not in _SELECTORS}
    return ORDER_ROUTES[FuturesOrderKind.STOP if stop else FuturesOrderKind.REGULAR], rest


def _client_id(params: dict) -> Any:
    cid = params.pop("clientOid", None)
    return params.pop("clientOrderId", cid)


def _kucoin(params: dict, what: str) -> dict:
    return kucoin_params(params, what, UNIFIED)


def _symbol(ctx: PlanContext, symbol: Any) -> Plan:
    if symbol is None:
        if not ctx.registry.loaded:
            yield from load_markets(ctx)
        return None, None
    m = yield from market(ctx, symbol)
    return m, m["id"]


def _get_call(id: Any, cid: Any, extra: dict | None = None) -> Call:
    route = ORDER_ROUTES[FuturesOrderKind.REGULAR]
    if cid is not None:
        call = by_client_id_call("GET", route.get_by_client_id, cid, None, None, host=HOST)
        return Call("GET", call.path, {**(call.params or {}), **(extra or {})}, host=HOST)
    return Call("GET", id_path(route.get_by_id, id), extra or None, host=HOST)


def _read(ctx: PlanContext, id: Any, cid: Any, m: Any, extra: dict | None = None) -> Plan:
    data = first_item((yield _get_call(id, cid, extra)))
    if not data:
        raise OrderNotFound(f"order {id or cid} not found", client_order_id=cid)
    m = m or ctx.registry.by_id(str(data.get("symbol")))
    return parse_contract_order(data, m, ctx.num)


def fetch_order(ctx: PlanContext, id: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    """``GET /api/v1/orders/{orderId}`` (api-3470245), or ``/api/v1/orders/byClientOid?clientOid=``
    (api-3470352) with ``params["clientOrderId"]``; stop orders are read by the same endpoints."""
    params = dict(check_params(params))
    _, params = _kind(params)
    cid = _client_id(params)
    if id is None and cid is None:
        raise ArgumentsRequired("fetch_order needs an order id or params clientOrderId")
    params = _kucoin(params, "fetch_order")
    m, _ = yield from _symbol(ctx, symbol)
    return (yield from _read(ctx, id, cid, m, params))


def _cancel_call(route: Route, id: Any, cid: Any, sid: Any, extra: dict) -> Call:
    if cid is not None:
        return by_client_id_call("DELETE", route.cancel_by_client_id, cid, {"symbol": sid, **extra}, sid,
                                 client_order_id=cid, host=HOST)
    return Call("DELETE", id_path(route.cancel_by_id, id), extra or None, host=HOST)


def _after_unknown(ctx: PlanContext, id: Any, cid: Any, m: Any, cause: BaseError) -> Plan:
    """The order after a cancel with an unknown outcome, read a few times; ``cause`` when it cannot be."""
    for attempt in range(attempts(ctx)):
        if attempt:
            yield Sleep(delay(ctx, attempt))
        try:
            return (yield from _read(ctx, id, cid, m))
        except (NetworkError, BadResponse, OrderNotFound):
            continue  # not readable (yet): read again, then report the cause
    raise cause


def cancel_order(ctx: PlanContext, id: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    """``DELETE /api/v1/orders/{orderId}`` (api-3470239), or by client order id
    ``DELETE /api/v1/orders/client-order/{clientOid}?symbol=`` (api-3470240, the symbol required, as ccxt)."""
    params = dict(check_params(params))
    route, params = _kind(params)
    cid = _client_id(params)
    if id is None and cid is None:
        raise ArgumentsRequired("cancel_order needs an order id or params clientOrderId")
    if cid is not None and symbol is None:
        raise ArgumentsRequired("cancel_order by clientOrderId needs a symbol (KuCoin Futures requires it)")
    params = _kucoin(params, "cancel_order")
    m, sid = yield from _symbol(ctx, symbol)
    call = _cancel_call(route, id, cid, sid, params)
    try:
        data = yield call
    except BaseError as exc:
        if not unknown_outcome(exc):
            raise
        order = yield from _after_unknown(ctx, id, cid, m, exc)
        if order["status"] != "open":
            return order
        try:
            data = yield call  # still open: a second cancel can never duplicate anything
        except BaseError as again:
            raise exc if unknown_outcome(again) else again
    data = data if isinstance(data, Mapping) else {}
    order = parse_contract_order(data, m, ctx.num)
    ids = data.get("cancelledOrderIds")
    order["id"] = str(ids[0]) if isinstance(ids, list) and ids else (None if id is None else str(id))
    order["clientOrderId"] = order["clientOrderId"] or cid
    order["symbol"] = order["symbol"] or (m["symbol"] if m else None)
    return order


def cancel_orders(ctx: PlanContext, ids: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    """One cancel per id, in order; stops at the first error."""
    if not isinstance(ids, (list, tuple)):
        raise BadRequest("cancel_orders needs a list of order ids")
    result = []
    for order_id in ids:
        result.append((yield from cancel_order(ctx, order_id, symbol, params)))
    return result


def cancel_all_orders(ctx: PlanContext, symbol: Any = None, params: dict | None = None) -> Plan:
    """``DELETE /api/v3/orders?symbol=`` (api-3470242), every symbol ``DELETE /api/v1/orders`` (api-3470362);
    stop orders (``trigger``/``stop``) ``DELETE /api/v1/stopOrders`` (api-3470243)."""
    route, params = _kind(dict(check_params(params)))
    params = _kucoin(params, "cancel_all_orders")
    m, sid = yield from _symbol(ctx, symbol)
    path = route.cancel_all if sid is not None else route.cancel_all_symbols
    data = yield Call("DELETE", path, {"symbol": sid, **params} if sid is not None else (params or None), host=HOST)
    return [{"info": data}]


def _orders(ctx: PlanContext, which: str, symbol: Any, since: Any, limit: Any, params: Any) -> Plan:
    params = dict(check_params(params))
    since, limit = check_since(since), check_limit(limit)
    route, params = _kind(params)
    params = _kucoin(params, f"fetch_{which}_orders")
    _, sid = yield from _symbol(ctx, symbol)
    items: list = []
    if which in ("open", "all"):
        items += (yield from list_items(route.open_orders, sid, since, limit, params, HOST))
    if which in ("closed", "all"):
        if route is ORDER_ROUTES[FuturesOrderKind.STOP] and which == "closed":
            raise BadRequest("KuCoin lists untriggered stop orders only: fetch_open_orders with trigger")
        items += (yield from list_items(ORDER_ROUTES[FuturesOrderKind.REGULAR].done_orders, sid, since, limit, params,
                                    HOST))
    return parse_contract_orders(items, ctx.registry.markets_by_id, ctx.num, since, limit)


def fetch_open_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                      params: dict | None = None) -> Plan:
    """``GET /api/v1/orders?status=active`` (api-3470244), untriggered stop orders ``GET /api/v1/stopOrders``."""
    return (yield from _orders(ctx, "open", symbol, since, limit, params))


def fetch_closed_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                        params: dict | None = None) -> Plan:
    """``GET /api/v1/orders?status=done`` (filled and canceled orders)."""
    return (yield from _orders(ctx, "closed", symbol, since, limit, params))


def fetch_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                 params: dict | None = None) -> Plan:
    """The open orders, then the done ones, as one ascending list."""
    return (yield from _orders(ctx, "all", symbol, since, limit, params))


def fetch_my_trades(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                    params: dict | None = None) -> Plan:
    """``GET /api/v1/fills`` (api-3470248): one page of ``pageSize`` <= 1000 (ccxt's ``min(1000, limit)``)."""
    params = dict(check_params(params))
    since, limit = check_since(since), check_limit(limit)
    params = _kucoin(params, "fetch_my_trades")
    _, sid = yield from _symbol(ctx, symbol)
    listing = ORDER_ROUTES[FuturesOrderKind.REGULAR].fills
    items = yield from list_items(listing, sid, since, limit, params, HOST)
    by_id = ctx.registry.markets_by_id
    trades = [parse_my_trade(item, by_id.get(str(item.get("symbol"))), ctx.num)
              for item in items if isinstance(item, Mapping)]
    trades.sort(key=lambda t: (t["timestamp"] is None, t["timestamp"] or 0, t["id"] or ""))
    if since is not None:
        trades = [t for t in trades if t["timestamp"] is not None and t["timestamp"] >= since]
    if limit is not None:
        trades = trades[:limit] if since is not None else trades[-limit:]
    return trades


def fetch_order_trades(ctx: PlanContext, id: Any, symbol: Any = None, since: Any = None, limit: Any = None,
                       params: dict | None = None) -> Plan:
    """The fills of one order (``/api/v1/fills?orderId=``)."""
    if id is None:
        raise ArgumentsRequired("fetch_order_trades needs an order id")
    return (yield from fetch_my_trades(ctx, symbol, since, limit, {**check_params(params), "orderId": id}))
