"""Futures order routes as data: one row per kind of futures order (pure core).

Layer: pure core. Rule: data only (stdlib), no I/O.

The futures order plans (:mod:`kucoin_connector.futures.plans.orders`) read the :class:`Route` of
:data:`ORDER_ROUTES` instead of branching on the kind. Paths come from KuCoin's spec
(``reference/kucoin-openapi/rest/openapi-futures-order.json``) and are checked against the endpoint table by
``tests/futures/test_futures_orders.py``. KuCoin Futures keeps every order, stop orders included, behind the
same single-order endpoints (``GET /api/v1/orders/{orderId}``, ``GET /api/v1/orders/byClientOid?clientOid=``,
``DELETE /api/v1/orders/{orderId}``); the kinds differ in where they are placed, listed and cancelled in bulk.
Cancelling by client order id needs the symbol (``DELETE /api/v1/orders/client-order/{clientOid}?symbol=``).
"""
from __future__ import annotations

from enum import Enum
from types import MappingProxyType
from typing import Mapping

from ..rest.order_routes import Listing, Paging, Route

__all__ = ["FuturesOrderKind", "ORDER_ROUTES", "HOST"]

HOST = "futures"


class FuturesOrderKind(str, Enum):
    """Which futures endpoints an order is placed, listed and bulk-cancelled on."""

    REGULAR = "regular"  # limit and market orders (api-3470235)
    STOP = "stop"  # an order with ``stop``/``stopPrice`` (same placement endpoint; listed by /api/v1/stopOrders)
    TPSL = "tpsl"  # an order with attached take-profit and stop-loss triggers (api-3470237)


_SINGLE = dict(
    amend=None,
    get_by_id="/api/v1/orders/{}",  # api-3470245
    get_by_client_id="/api/v1/orders/byClientOid",  # api-3470352 (clientOid in the query)
    cancel_by_id="/api/v1/orders/{}",  # api-3470239
    cancel_by_client_id="/api/v1/orders/client-order/{}",  # api-3470240 (symbol required)
    needs_symbol=False,
)
_ORDERS = "/api/v1/orders"  # api-3470244: the list, status active or done
_OPEN = Listing(_ORDERS, "items", Paging.NUMBERED_1000, MappingProxyType({"status": "active"}))
_DONE = Listing(_ORDERS, "items", Paging.NUMBERED_1000, MappingProxyType({"status": "done"}))
_FILLS = Listing("/api/v1/fills", "items", Paging.NUMBERED_1000)  # api-3470248

ORDER_ROUTES: Mapping[FuturesOrderKind, Route] = MappingProxyType({
    FuturesOrderKind.REGULAR: Route(
        name="futures", place=_ORDERS, test="/api/v1/orders/test",  # api-3470238
        place_batch="/api/v1/orders/multi",  # api-3470236
        cancel_all="/api/v3/orders",  # api-3470242 (symbol required)
        cancel_all_symbols="/api/v1/orders",  # api-3470362: every symbol (deprecated, weight 800; as ccxt)
        open_orders=_OPEN, done_orders=_DONE, fills=_FILLS, **_SINGLE),
    FuturesOrderKind.STOP: Route(
        name="futures stop", place=_ORDERS, test="/api/v1/orders/test", place_batch="/api/v1/orders/multi",
        cancel_all="/api/v1/stopOrders", cancel_all_symbols="/api/v1/stopOrders",  # api-3470243
        open_orders=Listing("/api/v1/stopOrders", "items", Paging.NUMBERED_1000),  # api-3470247 (untriggered)
        done_orders=_DONE, fills=_FILLS, **_SINGLE),
    FuturesOrderKind.TPSL: Route(
        name="futures take-profit/stop-loss", place="/api/v1/st-orders", test=None, place_batch=None,
        cancel_all="/api/v3/orders", cancel_all_symbols="/api/v1/orders",
        open_orders=_OPEN, done_orders=_DONE, fills=_FILLS, **_SINGLE),
})
