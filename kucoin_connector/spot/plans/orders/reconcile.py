"""Reconciliation of writes whose outcome is unknown (pure core): never a duplicated order.

Layer: pure core. Rule: plans yield :class:`Call` and :class:`Sleep` effects; no I/O, no clock.

Every placement carries a ``clientOid``. When its outcome is unknown (the executor raised with
``outcome_unknown``: timeout, dropped connection, 5xx, a lost or garbled answer) the plan looks the order up
by client order id (``GET /api/v1/hf/orders/client-order/{clientOid}``, https://www.kucoin.com/docs-new/api-3470182),
retrying that read a few times, and returns the order it finds, or raises a NetworkError
(``outcome_unknown=True``) carrying the client order id. It never re-sends the placement. A cancel or an
amend with an unknown outcome reads the order and reports its real state (see :func:`reconcile_amend`).
"""
from __future__ import annotations

from typing import Any, Mapping

from ....errors import BadResponse, BaseError, NetworkError, OrderNotFound
from ....rest.calls import Call
from ....rest.effects import Sleep
from ...parsers.orders import parse_order
from ...routes import ORDER_ROUTES, OrderKind, Route
from ....rest.plan import Plan, PlanContext
from .common import get_call, unknown_outcome
from .query import read_order
from ....rest.order_lookup import attempts, delay, find_by_client_id, unsure

__all__ = ["reconcile", "read_after_unknown", "reconcile_amend"]


def reconcile(ctx: PlanContext, kind: OrderKind | str, cid: str, symbol_id: str | None, cause: BaseError) -> Plan:
    """Find an order whose placement outcome is unknown; return its payload or raise ``cause`` (a
    NetworkError with ``outcome_unknown=True`` and the client order id)."""
    lookup = get_call(ORDER_ROUTES[OrderKind(kind)], None, cid, symbol_id)
    return (yield from find_by_client_id(ctx, lookup, cid, cause))


def read_after_unknown(ctx: PlanContext, route: Route, id: Any, symbol: Any, cid: Any, cause: BaseError) -> Plan:
    """The order (parsed) after a cancel or amend with an unknown outcome, read a few times; ``cause`` when
    it cannot be read."""
    for attempt in range(attempts(ctx)):
        if attempt:
            yield Sleep(delay(ctx, attempt))
        try:
            return (yield from read_order(ctx, route, id, symbol, cid))
        except (NetworkError, BadResponse):
            continue
    raise cause


def reconcile_amend(ctx: PlanContext, call: Call, old_id: str, cid: Any, m: Mapping[str, Any], type: Any,
                    side: Any, cause: BaseError) -> Plan:
    """After an amend (HF alter) with an unknown outcome: the new order, or the old order's final state, or a
    NetworkError (``outcome_unknown``, client order id) -- never a second amend of a replaced order.

    The plan reads the old order: still open -> the amend did not happen and is sent once more (alter is by
    order id, so a repeat can only replace that one order); done -> the new order is looked up by the client
    id and returned (or, when KuCoin placed none because the order had filled, the old order's final state)."""
    route = ORDER_ROUTES[OrderKind.HF]
    resent = False
    while True:
        try:
            old = yield from read_after_unknown(ctx, route, old_id, m["symbol"], None, cause)
        except BaseError as exc:
            if exc is cause:
                break  # the old order could not be read: nothing is known for sure
            raise
        cid = cid or old.get("clientOrderId")
        if old["status"] == "open":
            if resent:
                break  # sent twice, still the old order: report that nothing is known for sure
            resent = True
            try:
                data = yield call
            except OrderNotFound:
                continue  # replaced or done meanwhile: read again
            except BaseError as again:
                if not unknown_outcome(again):
                    raise
                continue
            order = parse_order(data if isinstance(data, Mapping) else {}, m, ctx.num)
            order["clientOrderId"] = order["clientOrderId"] or cid
            order["type"], order["side"] = type, side
            return order
        if cid is None:
            break  # no client id: the new order cannot be told apart
        try:
            new = yield from reconcile(ctx, OrderKind.HF, cid, m["id"], cause)
        except NetworkError:
            break
        if isinstance(new, Mapping) and str(new.get("id")) != old_id:
            return parse_order(new, m, ctx.num)
        return old  # KuCoin placed no new order (the old one had filled or was cancelled first)
    raise unsure(cause, cid)
