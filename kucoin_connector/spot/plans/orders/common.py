"""What the spot order plans share (pure core): reading the route of a request, the symbol rule, the checks on
leftover params, and the single-order calls every module builds (the family-neutral helpers, re-exported here,
live in :mod:`kucoin_connector.rest.order_lookup`).

Layer: pure core. Rule: no I/O, no clock.
"""
from __future__ import annotations

from typing import Any

from ....errors import ArgumentsRequired
from ....rest.calls import Call, path as id_path
from ...routes import Route
from ....rest.plan import Plan, PlanContext
from ..market_data import market
from ..order_requests import _UNIFIED
from ....rest.order_lookup import by_client_id_call, first_item, order_id, unknown_outcome
from ....rest.order_lookup import kucoin_params as shared_kucoin_params

__all__ = ["unknown_outcome", "first_item", "order_id", "symbol_id", "kucoin_params", "get_call",
           "by_client_id_call"]


def symbol_id(ctx: PlanContext, symbol: Any, route: Route, what: str) -> Plan:
    """(market, symbol id) of ``symbol``; (None, None) without one, unless the route needs a symbol."""
    if symbol is None:
        if route.needs_symbol:
            raise ArgumentsRequired(f"{what} needs a symbol on KuCoin {route.name} endpoints")
        return None, None
    m = yield from market(ctx, symbol)
    return m, m["id"]


def kucoin_params(params: dict, what: str) -> dict:
    """The query params left after the selectors were read (spot's set of ccxt parameters refused)."""
    return shared_kucoin_params(params, what, _UNIFIED)


def get_call(route: Route, id: Any, cid: Any, symbol_id: Any) -> Call:
    """``GET`` one order by client order id (when given) or by order id."""
    query = {"symbol": symbol_id} if route.needs_symbol else None
    if cid is not None:
        return by_client_id_call("GET", route.get_by_client_id, cid, query, symbol_id)
    return Call("GET", id_path(route.get_by_id, id), query)
