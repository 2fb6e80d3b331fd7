"""What the order plans share (pure core): reading the route of a request, the symbol rule, the checks on
order ids and leftover params, and the single-order calls every module builds.

Layer: pure core. Rule: no I/O, no clock.
"""
from __future__ import annotations

import re
from typing import Any

from ....errors import ArgumentsRequired, BadRequest, BadResponse, BaseError
from ....rest.calls import Call, path as id_path
from ...routes import Route
from ....rest.plan import Plan, PlanContext
from ..market_data import market
from ..order_requests import _UNIFIED

__all__ = ["unknown_outcome", "first_item", "order_id", "symbol_id", "kucoin_params", "get_call",
           "by_client_id_call"]

_ORDER_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def unknown_outcome(exc: BaseError) -> bool:
    """The write may have happened: flagged by the executor/transport, or a 200 we could not read."""
    return bool(exc.outcome_unknown) or (isinstance(exc, BadResponse) and (exc.http_status or 200) < 400)


def first_item(data: Any) -> Any:
    """A single-order answer: the object itself, or the first of a list (None for an empty list)."""
    return data[0] if isinstance(data, list) and data else (None if isinstance(data, list) else data)


def order_id(value: Any, what: str = "id") -> str:
    """An order id as KuCoin writes them (hex-like text); anything else is refused before sending."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not _ORDER_ID_RE.match(str(value)):
        raise BadRequest(f"{what} must be a KuCoin order id (1-64 of A-Z a-z 0-9 _ -), got {str(value)[:60]!r}")
    return str(value)


def symbol_id(ctx: PlanContext, symbol: Any, route: Route, what: str) -> Plan:
    """(market, symbol id) of ``symbol``; (None, None) without one, unless the route needs a symbol."""
    if symbol is None:
        if route.needs_symbol:
            raise ArgumentsRequired(f"{what} needs a symbol on KuCoin {route.name} endpoints")
        return None, None
    m = yield from market(ctx, symbol)
    return m, m["id"]


def kucoin_params(params: dict, what: str) -> dict:
    """The query params left after the selectors were read: ccxt's ``until`` becomes KuCoin's ``endAt``;
    any other ccxt parameter is refused rather than sent under its ccxt name."""
    if params.get("until") is not None:
        params["endAt"] = params.pop("until")
    wrong = sorted(k for k, v in params.items() if k in _UNIFIED and v is not None)
    if wrong:
        raise BadRequest(f"{what}: params {wrong[:5]} do not apply here (ccxt parameters KuCoin does not know)")
    return {k: v for k, v in params.items() if k not in _UNIFIED}


def by_client_id_call(method: str, template: str, cid: Any, query: dict | None, symbol_id: Any,
                      client_order_id: str | None = None) -> Call:
    """``method`` on a client-order-id endpoint: the id in the path where the template has ``{}`` (with
    ``query``), else as the ``clientOid`` query parameter next to the symbol (see
    :mod:`kucoin_connector.spot.routes`). ``client_order_id`` goes into error context only."""
    if "{}" not in template:
        return Call(method, template, {"clientOid": cid, "symbol": symbol_id}, client_order_id=client_order_id)
    return Call(method, id_path(template, cid, what="clientOrderId"), query, client_order_id=client_order_id)


def get_call(route: Route, id: Any, cid: Any, symbol_id: Any) -> Call:
    """``GET`` one order by client order id (when given) or by order id."""
    query = {"symbol": symbol_id} if route.needs_symbol else None
    if cid is not None:
        return by_client_id_call("GET", route.get_by_client_id, cid, query, symbol_id)
    return Call("GET", id_path(route.get_by_id, id), query)
