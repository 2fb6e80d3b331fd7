"""Order queries (pure core): one order by id or client order id, the open/closed/canceled lists, fills.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.
Every endpoint and per-kind fact comes from the order's :class:`~kucoin_connector.spot.routes.Route`.
"""
from __future__ import annotations

from typing import Any

from ....errors import ArgumentsRequired, BadRequest, OrderNotFound
from ....rest.order_lookup import list_items
from ...parsers.orders import parse_order, parse_orders
from ...parsers.trades import parse_trades
from ...routes import ORDER_ROUTES, OrderKind, Route
from ....rest.plan import Plan, PlanContext
from ..market_data import ensure_markets
from ..order_requests import may_be_stop_order, order_kind
from ....core.checks import check_limit, check_params, check_since
from .common import first_item, get_call, kucoin_params, symbol_id

__all__ = ["fetch_order", "read_order", "fetch_orders", "fetch_open_orders", "fetch_closed_orders",
           "fetch_canceled_orders", "fetch_my_trades", "fetch_order_trades"]


def client_order_id(params: dict) -> Any:
    """Drop ``clientOrderId`` and ``clientOid`` from ``params``; the caller's client order id (the former wins)."""
    cid = params.pop("clientOid", None)
    return params.pop("clientOrderId", cid)


def read_order(ctx: PlanContext, route: Route, id: Any, symbol: Any, cid: Any, what: str = "fetch_order") -> Plan:
    """One order of ``route`` by client order id (when given) or by id, parsed; OrderNotFound when empty."""
    m, sid = yield from symbol_id(ctx, symbol, route, what)
    if cid is None and id is None:
        raise ArgumentsRequired(f"{what} needs an order id or params clientOrderId")
    data = first_item((yield get_call(route, id, cid, sid)))
    if not data:
        raise OrderNotFound(f"order {id or cid} not found", client_order_id=cid)
    if m is None:
        m = ctx.registry.by_id(str(data.get("symbol")))
    return parse_order(data, m, ctx.num)


def fetch_order(ctx: PlanContext, id: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    """One order by id or ``clientOrderId``. Without a kind selector the id may also be a stop order's
    (KuCoin keeps them apart, hosts such as Freqtrade query them without a flag): an order the spot
    endpoints do not know is looked up once among the stop orders before OrderNotFound is raised."""
    given = check_params(params)
    kind, params = order_kind(ctx, given)
    cid = client_order_id(params)
    try:
        return (yield from read_order(ctx, ORDER_ROUTES[kind], id, symbol, cid))
    except OrderNotFound as missing:
        if not may_be_stop_order(kind, given):
            raise
        try:
            return (yield from read_order(ctx, ORDER_ROUTES[OrderKind.STOP], id, symbol, cid))
        except OrderNotFound:
            raise missing from None


def _orders(ctx: PlanContext, which: str, symbol: Any, since: Any, limit: Any, params: Any) -> Plan:
    params = check_params(params)
    since, limit = check_since(since), check_limit(limit)
    kind, params = order_kind(ctx, params)
    route = ORDER_ROUTES[kind]
    params = kucoin_params(params, f"fetch_{which}_orders")
    m, sid = yield from symbol_id(ctx, symbol, route, f"fetch_{which}_orders")
    yield from ensure_markets(ctx)
    items: list = []
    if which in ("open", "all"):
        items += (yield from list_items(route.open_orders, sid, None, None, params))
    if which in ("closed", "canceled", "all") and route.done_orders is not None:
        items += (yield from list_items(route.done_orders, sid, since, limit, params))
    orders = parse_orders(items, ctx.registry.markets_by_id, ctx.num, since, None)
    if which in ("closed", "canceled"):
        orders = [o for o in orders if o["status"] == which]
    if limit is not None:
        orders = orders[:limit] if since is not None else orders[-limit:]
    return orders


def fetch_open_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                      params: dict | None = None) -> Plan:
    return (yield from _orders(ctx, "open", symbol, since, limit, params))


def fetch_closed_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                        params: dict | None = None) -> Plan:
    return (yield from _orders(ctx, "closed", symbol, since, limit, params))


def fetch_canceled_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                          params: dict | None = None) -> Plan:
    return (yield from _orders(ctx, "canceled", symbol, since, limit, params))


def fetch_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                 params: dict | None = None) -> Plan:
    return (yield from _orders(ctx, "all", symbol, since, limit, params))


def fetch_my_trades(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                    params: dict | None = None) -> Plan:
    """``GET /api/v1/hf/fills`` (https://www.kucoin.com/docs-new/api-3470180) for HF orders, the margin
    and classic fills for those kinds: the trades are ``data.items``."""
    params = check_params(params)
    since, limit = check_since(since), check_limit(limit)
    kind, params = order_kind(ctx, params)
    route = ORDER_ROUTES[kind]
    params = kucoin_params(params, "fetch_my_trades")
    m, sid = yield from symbol_id(ctx, symbol, route, "fetch_my_trades")
    yield from ensure_markets(ctx)
    if route.fills is None:
        raise BadRequest(f"{route.name} orders have no fills of their own; fetch the triggered order's trades")
    items = yield from list_items(route.fills, sid, since, limit, params)
    by_id = ctx.registry.markets_by_id
    trades = [t for item in items or () for t in parse_trades([item], by_id.get(str(item.get("symbol"))), ctx.num)]
    trades.sort(key=lambda t: (t["timestamp"] is None, t["timestamp"] or 0, t["id"] or ""))
    if since is not None:
        trades = [t for t in trades if t["timestamp"] is not None and t["timestamp"] >= since]
    if limit is not None:
        trades = trades[:limit] if since is not None else trades[-limit:]
    return trades


def fetch_order_trades(ctx: PlanContext, id: Any, symbol: Any = None, since: Any = None, limit: Any = None,
                       params: dict | None = None) -> Plan:
    if id is None:
        raise ArgumentsRequired("fetch_order_trades needs an order id")
    return (yield from fetch_my_trades(ctx, symbol, since, limit, {**check_params(params), "orderId": id}))
