"""Order placement plans (pure core): create one order, a batch, or amend one; never a duplicated order.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.
A placement with an unknown outcome is reconciled by client order id (:mod:`.reconcile`), never re-sent.
"""
from __future__ import annotations

from typing import Any, Mapping

from ....core.numbers import plain
from ....errors import ArgumentsRequired, BadRequest, BaseError, InvalidOrder, OrderNotFound
from ....rest.calls import Call
from ...order_rules import check_amount, check_price
from ....core.fields import dec, out
from ...parsers.orders import parse_order
from ...routes import ORDER_ROUTES, OrderKind
from ....rest.plan import Plan, PlanContext
from ..market_data import ensure_markets, market
from ..order_requests import _CID_RE, build_order
from ....core.checks import check_params
from .common import first_item, get_call, order_id, unknown_outcome
from .reconcile import reconcile, reconcile_amend

__all__ = ["create_order", "create_orders", "edit_order", "BATCH_MAX"]

BATCH_MAX = 20  # orders per batch request (api-3470187)


def _place(ctx: PlanContext, call: Call, kind: OrderKind, cid: str, symbol_id: str | None) -> Plan:
    try:
        return (yield call), False
    except BaseError as exc:
        if not unknown_outcome(exc):
            raise
        return (yield from reconcile(ctx, kind, cid, symbol_id, exc)), True


def create_order(ctx: PlanContext, symbol: str, type: Any, side: Any, amount: Any, price: Any = None,
                 params: dict | None = None) -> Plan:
    m = yield from market(ctx, symbol)
    request = build_order(ctx, m, type, side, amount, price, check_params(params))
    call = Call("POST", request.path, request.body, client_order_id=request.client_oid)
    if request.test:
        data = yield call  # nothing is placed by the test endpoint: no reconciliation needed
        reconciled = False
    else:
        data, reconciled = yield from _place(ctx, call, request.kind, request.client_oid, m["id"])
    order = parse_order(data if isinstance(data, Mapping) else {}, m, ctx.num)
    if not reconciled:
        # KuCoin acks with ids only (the sync answer adds sizes and status): fill in what we sent, like
        # ccxt leaves the rest None.
        order["clientOrderId"] = order["clientOrderId"] or request.client_oid
        order["type"], order["side"] = type, side
        if request.sync and order["price"] is None and request.body.get("price") is not None:
            order["price"] = out(ctx.num, dec(request.body["price"]))
    return order


def create_orders(ctx: PlanContext, orders: Any, params: dict | None = None) -> Plan:
    """Batch placement, ``POST /api/v1/hf/orders/multi`` (https://www.kucoin.com/docs-new/api-3470187),
    up to 20 orders of a kind with a batch route. KuCoin answers per order: ``success`` or ``failMsg``
    (-> rejected)."""
    params = check_params(params)
    if not isinstance(orders, (list, tuple)) or not orders:
        raise BadRequest("create_orders needs a non-empty list of order requests")
    if len(orders) > BATCH_MAX:
        raise BadRequest(f"KuCoin accepts at most {BATCH_MAX} orders per batch")
    yield from ensure_markets(ctx)
    built, markets = [], []
    for entry in orders:
        if not isinstance(entry, Mapping):
            raise BadRequest("each order request must be a dict with symbol, type, side, amount, price, params")
        m = yield from market(ctx, entry.get("symbol"))
        request = build_order(ctx, m, entry.get("type"), entry.get("side"), entry.get("amount"),
                              entry.get("price"), {**params, **check_params(entry.get("params"))})
        if ORDER_ROUTES[request.kind].place_batch is None or request.test:
            raise InvalidOrder("create_orders sends HF spot orders only (no trigger, margin, test or classic)")
        built.append(request)
        markets.append(m)
    if len({r.sync for r in built}) > 1:
        raise InvalidOrder("create_orders: sync must be the same for every order of a batch")
    kind, route = built[0].kind, ORDER_ROUTES[built[0].kind]
    path = route.sync.place_batch if built[0].sync and route.sync else route.place_batch
    call = Call("POST", path, {"orderList": [r.body for r in built]},
                client_order_id=",".join(r.client_oid for r in built)[:200])
    try:
        data = yield call
    except BaseError as exc:
        if not unknown_outcome(exc):
            raise
        found = []
        for request, m in zip(built, markets):
            item = yield from reconcile(ctx, kind, request.client_oid, m["id"], exc)
            found.append(parse_order(item, m, ctx.num))
        return found
    result = []
    for i, item in enumerate(data or ()):
        m = markets[i] if i < len(markets) else None
        order = parse_order(item, m, ctx.num)
        if i < len(built):
            order["clientOrderId"] = order["clientOrderId"] or built[i].client_oid
            order["type"], order["side"] = built[i].body["type"], built[i].body["side"]
        if item.get("success") is False:
            order["status"] = "rejected"
        result.append(order)
    return result


def edit_order(ctx: PlanContext, id: Any, symbol: str, type: Any, side: Any, amount: Any = None,
               price: Any = None, params: dict | None = None) -> Plan:
    """``POST /api/v1/hf/orders/alter`` (https://www.kucoin.com/docs-new/api-3470190): KuCoin cancels the
    HF spot order and places a new one (``newOrderId``) that keeps the original ``clientOid`` -- the spec
    has no field for another one, so the old order's client id is the new order's client id.

    As safe as a placement: the amend is sent by order id (a client id given instead is first resolved to
    the order id, one GET), so a repeat can only ever replace that one order. When the outcome is unknown
    the plan reads the old order (:func:`~.reconcile.reconcile_amend`). It never ends unsure: otherwise it
    raises a NetworkError with ``outcome_unknown=True`` and the client order id."""
    params = dict(check_params(params))
    m = yield from market(ctx, symbol)
    cid = params.pop("clientOrderId", None)
    cid = params.pop("clientOid", cid)
    # Only HF spot orders can be amended: a selector of another kind is refused (options["hf"] is not read:
    # the amend endpoint is HF whatever the default kind is).
    other_kind = [params.pop(k, None) for k in ("trigger", "stop", "marginMode")]
    if any(other_kind) or params.pop("hf", True) is False:
        raise InvalidOrder("edit_order amends HF spot orders only (KuCoin has no amend for stop, margin or "
                           "classic orders): cancel and create instead")
    route = ORDER_ROUTES[OrderKind.HF]
    leftover = sorted(k for k, v in params.items() if v is not None)
    if leftover:
        raise BadRequest(f"edit_order params {str(leftover)[:80]} do not apply to POST {route.amend}")
    if id is None and cid is None:
        raise ArgumentsRequired("edit_order needs an order id or params clientOrderId")
    if amount is None and price is None:
        raise BadRequest("edit_order needs a new amount or a new price")
    body: dict[str, Any] = {"symbol": m["id"]}
    if price is not None:
        body["newPrice"] = plain(check_price(m, price))
    if amount is not None:
        body["newSize"] = plain(check_amount(m, amount))
    if id is None:
        if not isinstance(cid, str) or not _CID_RE.match(cid):
            raise BadRequest(f"clientOrderId must be 1-40 characters of A-Z a-z 0-9 _ -, got {str(cid)[:60]!r}")
        old = first_item((yield get_call(route, None, cid, m["id"])))
        if not isinstance(old, Mapping) or old.get("id") is None:
            raise OrderNotFound(f"order with clientOrderId {cid} not found", client_order_id=cid)
        old_id = order_id(old.get("id"))
    else:
        old_id = order_id(id)
    call = Call("POST", route.amend, {"symbol": m["id"], "orderId": old_id, **body}, client_order_id=cid)
    try:
        data = yield call
    except BaseError as exc:
        if not unknown_outcome(exc):
            raise
        return (yield from reconcile_amend(ctx, call, old_id, cid, m, type, side, exc))
    order = parse_order(data if isinstance(data, Mapping) else {}, m, ctx.num)
    order["clientOrderId"] = order["clientOrderId"] or cid
    order["type"], order["side"] = type, side
    return order
