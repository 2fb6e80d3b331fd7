"""Spot order routes as data: one row per kind of order with every endpoint and per-kind fact the plans use.

Layer: pure core. Rule: data only (stdlib), no I/O.

The order plans (:mod:`kucoin_connector.spot.plans.orders`) never branch on the kind of order: they read the
:class:`Route` of :data:`ORDER_ROUTES`. Every path comes from KuCoin's spec
(``reference/kucoin-openapi/rest/openapi-spot-order.json``, ``openapi-margin-order.json``) and is checked
against the endpoint table by ``tests/trading/test_order_routes.py``.

Conventions a reader needs:

* ``{}`` in a path is where the order id (or client order id) goes, through ``rest.calls.path``;
* a client-order-id path *without* ``{}`` takes the id as the ``clientOid`` query parameter (KuCoin's stop
  orders: ``/api/v1/stop-order/queryOrderByClientOid?clientOid=``). Where the client order id goes is
  therefore a fact of each endpoint, not of the kind (futures mixes both styles in one kind);
* ``None`` means "this kind has no such endpoint": the plan refuses the request before sending anything.

The shapes (:class:`Paging`, :class:`Listing`, :class:`SyncRoutes`, :class:`Route`) are product-neutral and
live in :mod:`kucoin_connector.rest.order_routes`; the futures family has a table of its own.
"""
from __future__ import annotations

from enum import Enum
from types import MappingProxyType
from typing import Mapping

from ..rest.order_routes import Listing, Paging, Route, SyncRoutes

__all__ = ["OrderKind", "Paging", "Listing", "SyncRoutes", "Route", "ORDER_ROUTES"]


class OrderKind(str, Enum):
    """Which family of spot order endpoints an order lives on (values are the strings the plans used to
    pass around, so ``OrderKind.HF == "hf"``)."""

    HF = "hf"  # high-frequency spot orders, the default
    CLASSIC = "classic"  # the classic spot endpoints ({"hf": False})
    STOP = "stop"  # spot trigger orders
    MARGIN = "margin"  # HF margin orders, cross or isolated


ORDER_ROUTES: Mapping[OrderKind, Route] = MappingProxyType({
    OrderKind.HF: Route(
        name="HF spot",
        place="/api/v1/hf/orders",  # api-3470188
        test="/api/v1/hf/orders/test",
        place_batch="/api/v1/hf/orders/multi",  # api-3470187
        amend="/api/v1/hf/orders/alter",  # api-3470190
        get_by_id="/api/v1/hf/orders/{}",
        get_by_client_id="/api/v1/hf/orders/client-order/{}",  # api-3470182
        cancel_by_id="/api/v1/hf/orders/{}",
        cancel_by_client_id="/api/v1/hf/orders/client-order/{}",
        cancel_all="/api/v1/hf/orders",
        cancel_all_symbols="/api/v1/hf/orders/cancelAll",
        open_orders=Listing("/api/v1/hf/orders/active", None, Paging.SERVER_DEFAULT),
        done_orders=Listing("/api/v1/hf/orders/done", "items", Paging.CURSOR),
        fills=Listing("/api/v1/hf/fills", "items", Paging.CURSOR),  # api-3470180
        needs_symbol=True,
        sync=SyncRoutes(place="/api/v1/hf/orders/sync", place_batch="/api/v1/hf/orders/multi/sync",
                        cancel_by_id="/api/v1/hf/orders/sync/{}",  # api-3470185
                        cancel_by_client_id="/api/v1/hf/orders/sync/client-order/{}"),  # api-3470186
    ),
    OrderKind.CLASSIC: Route(
        name="classic spot",
        place="/api/v1/orders",
        test="/api/v1/orders/test",
        place_batch=None,
        amend=None,
        get_by_id="/api/v1/orders/{}",
        get_by_client_id="/api/v1/order/client-order/{}",
        cancel_by_id="/api/v1/orders/{}",
        cancel_by_client_id="/api/v1/order/client-order/{}",
        cancel_all="/api/v1/orders",
        cancel_all_symbols="/api/v1/orders",
        open_orders=Listing("/api/v1/orders", "items", Paging.SERVER_DEFAULT, MappingProxyType({"status": "active"})),
        done_orders=Listing("/api/v1/orders", "items", Paging.SERVER_DEFAULT, MappingProxyType({"status": "done"})),
        fills=Listing("/api/v1/fills", "items", Paging.NUMBERED),
        needs_symbol=False,
    ),
    OrderKind.STOP: Route(
        name="stop",
        place="/api/v1/stop-order",
        test=None,
        place_batch=None,
        amend=None,
        get_by_id="/api/v1/stop-order/{}",
        get_by_client_id="/api/v1/stop-order/queryOrderByClientOid",
        cancel_by_id="/api/v1/stop-order/{}",
        cancel_by_client_id="/api/v1/stop-order/cancelOrderByClientOid",
        cancel_all="/api/v1/stop-order/cancel",
        cancel_all_symbols="/api/v1/stop-order/cancel",
        open_orders=Listing("/api/v1/stop-order", "items", Paging.SERVER_DEFAULT),
        done_orders=None,
        fills=None,
        needs_symbol=False,
    ),
    OrderKind.MARGIN: Route(
        name="margin",
        place="/api/v3/hf/margin/order",
        test="/api/v3/hf/margin/order/test",
        place_batch=None,
        amend=None,
        get_by_id="/api/v3/hf/margin/orders/{}",
        get_by_client_id="/api/v3/hf/margin/orders/client-order/{}",
        cancel_by_id="/api/v3/hf/margin/orders/{}",
        cancel_by_client_id="/api/v3/hf/margin/orders/client-order/{}",
        cancel_all="/api/v3/hf/margin/orders",
        cancel_all_symbols=None,
        open_orders=Listing("/api/v3/hf/margin/orders/active", None, Paging.SERVER_DEFAULT),
        done_orders=Listing("/api/v3/hf/margin/orders/done", "items", Paging.CURSOR),
        fills=Listing("/api/v3/hf/margin/fills", "items", Paging.CURSOR),
        needs_symbol=True,
    ),
})

