"""Endpoint handlers of the simulator, one module per area (market, margin, account, futures,
admin).

Layer: simulator (exchange side). Rule: each module exposes ``register(router)`` that adds its routes
with their rate-limit pool and weight; new areas (orders, WebSocket tokens) follow the same pattern.
"""
from __future__ import annotations

from ..routing import Router
from . import (account, admin, bullet, classic, funding, futures, futures_account, futures_indexes, futures_orders,
               futures_positions, margin, margin_trade, market, orders, stoporders)

__all__ = ["spot_router", "futures_router", "admin_router"]


def spot_router() -> Router:
    router = Router()
    market.register(router)
    margin.register(router)
    account.register(router)
    account.register_trading(router)
    orders.register(router)
    stoporders.register(router)
    classic.register(router)
    funding.register(router)
    margin_trade.register(router)
    bullet.register(router, "Spot")
    return router


def futures_router() -> Router:
    router = Router()
    futures.register(router)
    futures_indexes.register(router)
    futures_account.register(router)
    futures_orders.register(router)
    futures_positions.register(router)
    bullet.register(router, "Futures")
    return router


def admin_router() -> Router:
    router = Router()
    admin.register(router)
    admin.register_trading(router)
    return router
