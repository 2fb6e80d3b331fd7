"""Futures trading operations, shared by both futures faces (faces & drivers layer).

A mixin of :class:`~kucoin_connector.clients.futures.KucoinFuturesBase`: each method is one plan of
``futures/plans/orders/`` run through ``self._run`` (blocking in ``KucoinFutures``, awaitable in
``AsyncKucoinFutures``). Sizing, client order ids and the reconciliation of unknown outcomes live in the
plans, not here. The plans load with the first trading call.
"""
from __future__ import annotations

from typing import Any

from ..errors import ArgumentsRequired
from .lazy import lazy_module

fo = lazy_module("..futures.plans.orders", __package__)

__all__ = ["FuturesTradingOperations", "FUTURES_TRADING_OPERATIONS"]

FUTURES_TRADING_OPERATIONS = (
    "create_order", "create_limit_order", "create_market_order", "create_limit_buy_order",
    "create_limit_sell_order", "create_market_buy_order", "create_market_sell_order", "create_market_order_with_cost",
    "create_market_buy_order_with_cost", "create_market_sell_order_with_cost", "create_post_only_order",
    "create_reduce_only_order", "create_stop_order", "create_trigger_order", "create_stop_limit_order",
    "create_stop_market_order", "create_stop_loss_order", "create_take_profit_order",
    "create_order_with_take_profit_and_stop_loss", "create_orders", "close_position",
    "cancel_order", "cancel_orders", "cancel_all_orders", "fetch_order", "fetch_orders", "fetch_open_orders",
    "fetch_closed_orders", "fetch_my_trades", "fetch_order_trades")


class FuturesTradingOperations:
    """Needs ``self._ctx`` (a PlanContext) and ``self._run(plan)`` from the class it is mixed into."""

    _ctx: Any
    _run: Any

    def create_order(self, symbol, type, side, amount, price=None, params=None):
        return self._run(fo.create_order(self._ctx, symbol, type, side, amount, price, params))

    def create_limit_order(self, symbol, side, amount, price, params=None):
        return self._run(fo.create_order(self._ctx, symbol, "limit", side, amount, price, params))

    def create_market_order(self, symbol, side, amount, price=None, params=None):
        return self._run(fo.create_order(self._ctx, symbol, "market", side, amount, price, params))

    def create_limit_buy_order(self, symbol, amount, price, params=None):
        return self._run(fo.create_order(self._ctx, symbol, "limit", "buy", amount, price, params))

    def create_limit_sell_order(self, symbol, amount, price, params=None):
        return self._run(fo.create_order(self._ctx, symbol, "limit", "sell", amount, price, params))

    def create_market_buy_order(self, symbol, amount, params=None):
        return self._run(fo.create_order(self._ctx, symbol, "market", "buy", amount, None, params))

    def create_market_sell_order(self, symbol, amount, params=None):
        return self._run(fo.create_order(self._ctx, symbol, "market", "sell", amount, None, params))

    def create_market_order_with_cost(self, symbol, side, cost, params=None):
        """A market order sized by its value in the quote currency (KuCoin's ``valueQty``; linear contracts)."""
        return self._run(fo.create_order(self._ctx, symbol, "market", side, None, None,
                                         {**(params or {}), "cost": cost}))

    def create_market_buy_order_with_cost(self, symbol, cost, params=None):
        return self._run(fo.create_order(self._ctx, symbol, "market", "buy", None, None,
                                         {**(params or {}), "cost": cost}))

    def create_market_sell_order_with_cost(self, symbol, cost, params=None):
        return self._run(fo.create_order(self._ctx, symbol, "market", "sell", None, None,
                                         {**(params or {}), "cost": cost}))

    def create_post_only_order(self, symbol, type, side, amount, price=None, params=None):
        return self._run(fo.create_order(self._ctx, symbol, type, side, amount, price,
                                         {**(params or {}), "postOnly": True}))

    def create_reduce_only_order(self, symbol, type, side, amount, price=None, params=None):
        return self._run(fo.create_order(self._ctx, symbol, type, side, amount, price,
                                         {**(params or {}), "reduceOnly": True}))

    def _triggered(self, symbol, type, side, amount, price, extra, params):
        if any(v is None for v in extra.values()):
            raise ArgumentsRequired(f"{', '.join(extra)} required for this order")
        return self._run(fo.create_order(self._ctx, symbol, type, side, amount, price, {**(params or {}), **extra}))

    def create_stop_order(self, symbol, type, side, amount, price=None, triggerPrice=None, params=None):
        value = triggerPrice if triggerPrice is not None else (params or {}).get("triggerPrice")
        return self._triggered(symbol, type, side, amount, price, {"triggerPrice": value}, params)

    def create_trigger_order(self, symbol, type, side, amount, price=None, triggerPrice=None, params=None):
        return self.create_stop_order(symbol, type, side, amount, price, triggerPrice, params)

    def create_stop_limit_order(self, symbol, side, amount, price, triggerPrice, params=None):
        return self._triggered(symbol, "limit", side, amount, price, {"triggerPrice": triggerPrice}, params)

    def create_stop_market_order(self, symbol, side, amount, triggerPrice, params=None):
        return self._triggered(symbol, "market", side, amount, None, {"triggerPrice": triggerPrice}, params)

    def create_stop_loss_order(self, symbol, type, side, amount, price=None, stopLossPrice=None, params=None):
        return self._triggered(symbol, type, side, amount, price, {"stopLossPrice": stopLossPrice}, params)

    def create_take_profit_order(self, symbol, type, side, amount, price=None, takeProfitPrice=None,
                                 params=None):
        return self._triggered(symbol, type, side, amount, price, {"takeProfitPrice": takeProfitPrice}, params)

    def create_order_with_take_profit_and_stop_loss(self, symbol, type, side, amount, price=None,
                                                    takeProfit=None, stopLoss=None, params=None):
        """ccxt's attached form: ``POST /api/v1/st-orders`` with both trigger prices."""
        extra = {}
        if takeProfit is not None:
            extra["takeProfit"] = {"triggerPrice": takeProfit}
        if stopLoss is not None:
            extra["stopLoss"] = {"triggerPrice": stopLoss}
        if not extra:
            raise ArgumentsRequired("a takeProfit or a stopLoss price is required")
        return self._run(fo.create_order(self._ctx, symbol, type, side, amount, price, {**(params or {}), **extra}))

    def create_orders(self, orders, params=None):
        return self._run(fo.create_orders(self._ctx, orders, params))

    def close_position(self, symbol, side=None, params=None):
        return self._run(fo.close_position(self._ctx, symbol, side, params))

    def cancel_order(self, id, symbol=None, params=None):
        return self._run(fo.cancel_order(self._ctx, id, symbol, params))

    def cancel_orders(self, ids, symbol=None, params=None):
        return self._run(fo.cancel_orders(self._ctx, ids, symbol, params))

    def cancel_all_orders(self, symbol=None, params=None):
        return self._run(fo.cancel_all_orders(self._ctx, symbol, params))

    def fetch_order(self, id, symbol=None, params=None):
        return self._run(fo.fetch_order(self._ctx, id, symbol, params))

    def fetch_orders(self, symbol=None, since=None, limit=None, params=None):
        return self._run(fo.fetch_orders(self._ctx, symbol, since, limit, params))

    def fetch_open_orders(self, symbol=None, since=None, limit=None, params=None):
        return self._run(fo.fetch_open_orders(self._ctx, symbol, since, limit, params))

    def fetch_closed_orders(self, symbol=None, since=None, limit=None, params=None):
        return self._run(fo.fetch_closed_orders(self._ctx, symbol, since, limit, params))

    def fetch_my_trades(self, symbol=None, since=None, limit=None, params=None):
        return self._run(fo.fetch_my_trades(self._ctx, symbol, since, limit, params))

    def fetch_order_trades(self, id, symbol=None, since=None, limit=None, params=None):
        return self._run(fo.fetch_order_trades(self._ctx, id, symbol, since, limit, params))
