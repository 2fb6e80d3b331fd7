"""Order cancellation plans (pure core): one order by id or client order id, a list of ids, every order.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.
A cancel with an unknown outcome reads the order and reports its real state; when the order is still open
the cancel (harmless to repeat) is sent once more.
"""
from __future__ import annotations

from typing import Any, Mapping

from ....errors import ArgumentsRequired, BadRequest, BaseError, InvalidOrder, OrderNotFound
from ....rest.calls import Call, path as id_path
from ...parsers.orders import parse_order
from ...routes import ORDER_ROUTES, OrderKind, Route
from ....rest.plan import Plan, PlanContext
from ..market_data import market
from ..order_requests import may_be_stop_order, order_kind
from ....core.checks import check_params
from .common import by_client_id_call, kucoin_params, symbol_id, unknown_outcome
from .query import client_order_id
from .reconcile import read_after_unknown

__all__ = ["cancel_order", "cancel_orders", "cancel_all_orders"]


def _cancel_call(route: Route, id: Any, cid: Any, sid: Any, sync: bool) -> Call:
    """DELETE one order; ``sync`` (api-3470185, api-3470186): the answer carries the order's state."""
    query = {"symbol": sid} if sid is not None else None
    by_id, by_client_id = route.cancel_by_id, route.cancel_by_client_id
    if sync and route.sync is not None:
        by_id, by_client_id = route.sync.cancel_by_id, route.sync.cancel_by_client_id
    if cid is not None:
        return by_client_id_call("DELETE", by_client_id, cid, query, sid, client_order_id=cid)
    return Call("DELETE", id_path(by_id, id), query)


def cancel_order(ctx: PlanContext, id: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    """Cancel by id or by ``clientOrderId``; on an unknown outcome, report the order's real state."""
    given = dict(check_params(params))
    sync = bool(given.pop("sync", False))
    kind, params = order_kind(ctx, given)
    route = ORDER_ROUTES[kind]
    cid = client_order_id(params)
    if id is None and cid is None:
        raise ArgumentsRequired("cancel_order needs an order id or params clientOrderId")
    if sync and route.sync is None:
        raise InvalidOrder("cancel_order: sync applies to HF spot orders only")
    m, sid = yield from symbol_id(ctx, symbol, route, "cancel_order")
    call = _cancel_call(route, id, cid, sid, sync)
    try:
        data = yield call
    except OrderNotFound as missing:
        if sync or not may_be_stop_order(kind, given):
            raise
        # An id the spot endpoints do not know may be a stop order's (hosts cancel them without a flag):
        # one more DELETE on the stop route, which can never cancel anything else.
        try:
            data = yield _cancel_call(ORDER_ROUTES[OrderKind.STOP], id, cid, sid, False)
        except OrderNotFound:
            raise missing from None
    except BaseError as exc:
        if not unknown_outcome(exc):
            raise
        order = yield from read_after_unknown(ctx, route, id, symbol, cid, exc)
        if order["status"] != "open":
            return order
        # Still open: the cancel did not happen (or is in flight). A second cancel can never duplicate
        # anything, so send it once more and report what KuCoin says.
        try:
            data = yield call
        except OrderNotFound:
            order = yield from read_after_unknown(ctx, route, id, symbol, cid, exc)
            if order["status"] != "open":
                return order
            raise exc
        except BaseError as again:
            if unknown_outcome(again):
                raise exc
            raise
    order = parse_order(data if isinstance(data, Mapping) else {}, m, ctx.num)
    order["id"] = order["id"] or (None if id is None else str(id))
    if isinstance(data, Mapping) and data.get("cancelledOrderIds"):
        order["id"] = str(data["cancelledOrderIds"][0])
    order["clientOrderId"] = order["clientOrderId"] or cid
    return order


def cancel_orders(ctx: PlanContext, ids: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    """One cancel per id (KuCoin HF has no batch cancel by id list); stops at the first error."""
    if not isinstance(ids, (list, tuple)):
        raise BadRequest("cancel_orders needs a list of order ids")
    result = []
    for order_id in ids:
        result.append((yield from cancel_order(ctx, order_id, symbol, params)))
    return result


def cancel_all_orders(ctx: PlanContext, symbol: Any = None, params: dict | None = None) -> Plan:
    """``DELETE`` the route's cancel-all for one symbol (HF ``/api/v1/hf/orders?symbol=``; stop orders
    ``/api/v1/stop-order/cancel``; margin ``/api/v3/hf/margin/orders?symbol=&tradeType=``), or its
    every-symbol variant without one (HF ``/api/v1/hf/orders/cancelAll``; margin has none)."""
    kind, params = order_kind(ctx, check_params(params))
    route = ORDER_ROUTES[kind]
    params = kucoin_params(params, "cancel_all_orders")
    if symbol is None:
        if route.cancel_all_symbols is None:
            raise ArgumentsRequired(f"cancel_all_orders needs a symbol for {route.name} orders")
        data = yield Call("DELETE", route.cancel_all_symbols, params or None)
    else:
        m = yield from market(ctx, symbol)
        data = yield Call("DELETE", route.cancel_all, {"symbol": m["id"], **params})
    return [{"info": data}]
