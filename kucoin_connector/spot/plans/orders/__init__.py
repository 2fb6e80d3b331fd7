"""Order plans (pure core): create, batch, edit, cancel, fetch, lists and fills; no duplicate orders.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.

One module per concept, each reading the order's route from :data:`kucoin_connector.spot.routes.ORDER_ROUTES`
instead of branching on its kind:

* :mod:`.place` -- create one order, a batch, amend one;
* :mod:`.cancel` -- cancel one, a list, every order;
* :mod:`.query` -- one order, the open/closed/canceled lists, fills;
* :mod:`.reconcile` -- what a write with an unknown outcome did (never a duplicated order);
* :mod:`.common` -- the helpers they share.
"""
from .cancel import cancel_all_orders, cancel_order, cancel_orders
from .place import create_order, create_orders, edit_order
from .query import (fetch_canceled_orders, fetch_closed_orders, fetch_my_trades, fetch_open_orders, fetch_order,
                    fetch_order_trades, fetch_orders)
from .reconcile import reconcile

__all__ = ["create_order", "create_orders", "edit_order", "cancel_order", "cancel_orders", "cancel_all_orders",
           "fetch_order", "fetch_orders", "fetch_open_orders", "fetch_closed_orders", "fetch_canceled_orders",
           "fetch_my_trades", "fetch_order_trades", "reconcile"]
