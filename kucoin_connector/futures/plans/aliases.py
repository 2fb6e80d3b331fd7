"""ccxt's other names for futures operations that exist under one name here (pure core).

Layer: pure core. Each is the plan of the operation it names, with ccxt 4.5's argument mapping:

* ``fetch_orders_by_status(status, ...)``: ``open``/``active`` -> ``fetch_open_orders``, ``closed``/``done``
  -> ``fetch_closed_orders`` (kucoinfutures maps open -> active, closed -> done on ``GET /api/v1/orders``);
  any other status is refused before anything is sent;
* ``fetch_position_history(symbol, ...)``: ``fetch_positions_history([symbol], ...)`` (ccxt's base rule);
* ``fetch_funding_interval(symbol)``: ``fetch_funding_rate(symbol)``, whose ``interval`` is the answer
  (kucoinfutures does the same).
"""
from __future__ import annotations

from typing import Any

from ...core.checks import check_params
from ...errors import ArgumentsRequired, BadRequest
from ...rest.order_lookup import kucoin_params
from ...rest.plan import Plan, PlanContext
from . import market_data, positions
from .order_requests import UNIFIED
from .orders import fetch_closed_orders, fetch_open_orders

__all__ = ["fetch_orders_by_status", "fetch_position_history", "fetch_funding_interval"]

_BY_STATUS = {"open": fetch_open_orders, "active": fetch_open_orders, "closed": fetch_closed_orders,
              "done": fetch_closed_orders}


def fetch_orders_by_status(ctx: PlanContext, status: Any, symbol: Any = None, since: Any = None, limit: Any = None,
                           params: dict | None = None) -> Plan:
    plan = _BY_STATUS.get(status) if isinstance(status, str) else None
    if plan is None:
        raise BadRequest(f"fetch_orders_by_status(): status must be one of {', '.join(_BY_STATUS)}, "
                         f"got {str(status)[:40]!r}")
    return (yield from plan(ctx, symbol, since, limit, params))


def fetch_position_history(ctx: PlanContext, symbol: Any, since: Any = None, limit: Any = None,
                           params: dict | None = None) -> Plan:
    if symbol is None:
        raise ArgumentsRequired("fetch_position_history() requires a symbol")
    return (yield from positions.fetch_positions_history(ctx, [symbol], since, limit, params))


def fetch_funding_interval(ctx: PlanContext, symbol: Any, params: dict | None = None) -> Plan:
    params = kucoin_params(dict(check_params(params)), "fetch_funding_interval", UNIFIED)
    return (yield from market_data.fetch_funding_rate(ctx, symbol, params))
