"""Futures order placement plans (pure core): one order, a batch, closing a position.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.
A placement with an unknown outcome (timeout, dropped connection, 5xx, an answer we could not read) is looked
up by its client order id (``GET /api/v1/orders/byClientOid``, api-3470352), never re-sent.
"""
from __future__ import annotations

from typing import Any, Mapping

from ....core.checks import check_params
from ....errors import ArgumentsRequired, BadRequest, BaseError, InvalidOrder
from ....rest.calls import Call
from ....rest.order_lookup import by_client_id_call, find_by_client_id, unknown_outcome
from ....rest.plan import Plan, PlanContext
from ...parsers.orders import parse_contract_order
from ...routes import HOST, ORDER_ROUTES, FuturesOrderKind
from ..market_data import market
from ..order_requests import build_order

__all__ = ["create_order", "create_orders", "close_position", "BATCH_MAX", "lookup_call"]

BATCH_MAX = 20  # orders per /api/v1/orders/multi request (api-3470236)


def lookup_call(cid: str) -> Call:
    """``GET`` one futures order by client order id (every kind lives behind the same endpoint)."""
    route = ORDER_ROUTES[FuturesOrderKind.REGULAR]
    return by_client_id_call("GET", route.get_by_client_id, cid, None, None, host=HOST)


def _ack(order: dict, request: Any, type: Any, side: Any) -> dict:
    """KuCoin acks with ids only: fill in what was sent, like ccxt leaves the rest None."""
    order["clientOrderId"] = order["clientOrderId"] or request.client_oid
    order["type"] = order["type"] or type
    order["side"] = order["side"] or side
    return order


def create_order(ctx: PlanContext, symbol: str, type: Any, side: Any, amount: Any, price: Any = None,
                 params: dict | None = None) -> Plan:
    """``POST /api/v1/orders`` (or ``/api/v1/st-orders``, ``/api/v1/orders/test``); see
    :mod:`kucoin_connector.futures.plans.order_requests` for how the arguments become the body."""
    m = yield from market(ctx, symbol)
    request = build_order(ctx, m, type, side, amount, price, check_params(params))
    call = Call("POST", request.path, request.body, host=HOST, client_order_id=request.client_oid)
    try:
        data = yield call
    except BaseError as exc:
        if request.test or not unknown_outcome(exc):
            raise  # the test endpoint places nothing: there is nothing to reconcile
        found = yield from find_by_client_id(ctx, lookup_call(request.client_oid), request.client_oid, exc)
        return parse_contract_order(found if isinstance(found, Mapping) else {}, m, ctx.num)
    order = parse_contract_order(data if isinstance(data, Mapping) else {}, m, ctx.num)
    return _ack(order, request, type, side)


def close_position(ctx: PlanContext, symbol: str, side: Any = None, params: dict | None = None) -> Plan:
    """A market order with ``closeOrder: True`` (KuCoin works out side and size from the position), as
    ccxt's ``close_position``; ``side`` is not used by KuCoin."""
    return (yield from create_order(ctx, symbol, "market", None, None, None,
                                    {**check_params(params), "closeOrder": True}))


def create_orders(ctx: PlanContext, orders: Any, params: dict | None = None) -> Plan:
    """``POST /api/v1/orders/multi`` (api-3470236): up to 20 limit/market orders, each answered with
    ``code``/``msg`` (a failed one -> status ``rejected``). An unknown outcome: each order is looked up
    by its client order id; one not found raises the NetworkError (``outcome_unknown``) of the batch."""
    params = check_params(params)
    if not isinstance(orders, (list, tuple)) or not orders:
        raise BadRequest("create_orders needs a non-empty list of order requests")
    if len(orders) > BATCH_MAX:
        raise BadRequest(f"KuCoin accepts at most {BATCH_MAX} orders per batch")
    built, markets = [], []
    for entry in orders:
        if not isinstance(entry, Mapping):
            raise BadRequest("each order request must be a dict with symbol, type, side, amount, price, params")
        if entry.get("symbol") is None:
            raise ArgumentsRequired("create_orders needs a symbol for each order (as ccxt)")
        m = yield from market(ctx, entry.get("symbol"))
        request = build_order(ctx, m, entry.get("type"), entry.get("side"), entry.get("amount"),
                              entry.get("price"), {**params, **check_params(entry.get("params"))})
        if ORDER_ROUTES[request.kind].place_batch is None or request.test:
            raise InvalidOrder("create_orders sends limit, market and stop orders only (no st-orders, no test)")
        built.append(request)
        markets.append(m)
    call = Call("POST", ORDER_ROUTES[FuturesOrderKind.REGULAR].place_batch, [r.body for r in built], host=HOST,
                client_order_id=",".join(r.client_oid for r in built)[:200])
    try:
        data = yield call
    except BaseError as exc:
        if not unknown_outcome(exc):
            raise
        result = []
        for request, m in zip(built, markets):
            found = yield from find_by_client_id(ctx, lookup_call(request.client_oid), request.client_oid, exc)
            result.append(parse_contract_order(found, m, ctx.num))
        return result
    answers = data if isinstance(data, list) else []
    result = []
    for index, (request, m) in enumerate(zip(built, markets)):
        item = answers[index] if index < len(answers) and isinstance(answers[index], Mapping) else {}
        order = _ack(parse_contract_order(item, m, ctx.num), request, request.body.get("type"),
                     request.body.get("side"))
        if str(item.get("code", "200000")) not in ("200000", "200"):
            order["status"] = "rejected"
        result.append(order)
    return result
