"""Futures order plans (pure core): place, cancel, query; never a duplicated order.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.
Every endpoint comes from :data:`kucoin_connector.futures.routes.ORDER_ROUTES`:

* :mod:`.place` -- create one order, a batch, close a position (unknown outcomes reconciled by client
  order id through :func:`kucoin_connector.rest.order_lookup.find_by_client_id`);
* :mod:`.query` -- cancel one, several, all; one order; the open/closed lists; fills.
"""
from .place import close_position, create_order, create_orders
from .query import (cancel_all_orders, cancel_order, cancel_orders, fetch_closed_orders, fetch_my_trades,
                    fetch_open_orders, fetch_order, fetch_order_trades, fetch_orders)

__all__ = ["create_order", "create_orders", "close_position", "cancel_order", "cancel_orders", "cancel_all_orders",
           "fetch_order", "fetch_orders", "fetch_open_orders", "fetch_closed_orders", "fetch_my_trades",
           "fetch_order_trades"]
