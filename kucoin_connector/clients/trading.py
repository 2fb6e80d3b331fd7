"""Trading, account, funding and margin operations, shared by both faces (faces & drivers layer).

A mixin of :class:`~kucoin_connector.clients.base.KucoinBase`: each method is one plan run through
``self._run`` (blocking in ``Kucoin``, awaitable in ``AsyncKucoin``). Order sizing, client order ids and
the reconciliation of unknown outcomes live in the plans (``spot/plans/orders/``), not here.
"""
from __future__ import annotations

from typing import Any

from ..errors import ArgumentsRequired
from .lazy import lazy_module

# The plans load with the first trading call: constructing a client (or only reading market data) does not.
ac = lazy_module("..spot.plans.account", __package__)
fd = lazy_module("..spot.plans.funding", __package__)
od = lazy_module("..spot.plans.orders", __package__)

__all__ = ["TradingOperations", "TRADING_OPERATIONS"]

TRADING_OPERATIONS = (
    # trading (spot/plans/orders/)
    "create_order", "create_limit_order", "create_market_order", "create_limit_buy_order",
    "create_limit_sell_order", "create_market_buy_order", "create_market_sell_order",
    "create_market_buy_order_with_cost", "create_market_sell_order_with_cost",
    "create_market_order_with_cost", "create_post_only_order", "create_stop_order",
    "create_trigger_order", "create_stop_limit_order", "create_stop_market_order",
    "create_stop_loss_order", "create_take_profit_order", "create_orders", "edit_order",
    "cancel_order", "cancel_orders", "cancel_all_orders", "fetch_order", "fetch_orders",
    "fetch_open_orders", "fetch_closed_orders", "fetch_canceled_orders", "fetch_my_trades",
    "fetch_order_trades",
    # account (plans/account.py)
    "fetch_balance", "fetch_accounts", "fetch_ledger", "transfer", "fetch_trading_fee",
    # funding and margin loans (plans/funding.py)
    "fetch_deposits", "fetch_withdrawals", "fetch_deposit_address", "create_deposit_address",
    "withdraw", "borrow_cross_margin", "repay_cross_margin", "borrow_isolated_margin",
    "repay_isolated_margin", "fetch_borrow_interest")


class TradingOperations:
    """Needs ``self._ctx`` (a PlanContext) and ``self._run(plan)`` from the class it is mixed into."""

    _ctx: Any
    _run: Any

    # -- trading ----------------------------------------------------------------------------------
    def create_order(self, symbol, type, side, amount, price=None, params=None):
        return self._run(od.create_order(self._ctx, symbol, type, side, amount, price, params))

    def create_limit_order(self, symbol, side, amount, price, params=None):
        return self._run(od.create_order(self._ctx, symbol, "limit", side, amount, price, params))

    def create_market_order(self, symbol, side, amount, price=None, params=None):
        return self._run(od.create_order(self._ctx, symbol, "market", side, amount, price, params))

    def create_limit_buy_order(self, symbol, amount, price, params=None):
        return self._run(od.create_order(self._ctx, symbol, "limit", "buy", amount, price, params))

    def create_limit_sell_order(self, symbol, amount, price, params=None):
        return self._run(od.create_order(self._ctx, symbol, "limit", "sell", amount, price, params))

    def create_market_buy_order(self, symbol, amount, params=None):
        return self._run(od.create_order(self._ctx, symbol, "market", "buy", amount, None, params))

    def create_market_sell_order(self, symbol, amount, params=None):
        return self._run(od.create_order(self._ctx, symbol, "market", "sell", amount, None, params))

    def create_market_order_with_cost(self, symbol, side, cost, params=None):
        return self._run(od.create_order(self._ctx, symbol, "market", side, None, None,
                                         {**(params or {}), "cost": cost}))

    def create_market_buy_order_with_cost(self, symbol, cost, params=None):
        return self.create_market_order_with_cost(symbol, "buy", cost, params)

    def create_market_sell_order_with_cost(self, symbol, cost, params=None):
        return self.create_market_order_with_cost(symbol, "sell", cost, params)

    def create_post_only_order(self, symbol, type, side, amount, price=None, params=None):
        return self._run(od.create_order(self._ctx, symbol, type, side, amount, price,
                                         {**(params or {}), "postOnly": True}))

    def _triggered(self, symbol, type, side, amount, price, key, value, params):
        if value is None:
            raise ArgumentsRequired(f"a {key} is required for this order")
        return self._run(od.create_order(self._ctx, symbol, type, side, amount, price,
                                         {**(params or {}), key: value}))

    def create_stop_order(self, symbol, type, side, amount, price=None, triggerPrice=None, params=None):
        value = triggerPrice if triggerPrice is not None else (params or {}).get("triggerPrice")
        return self._triggered(symbol, type, side, amount, price, "triggerPrice", value, params)

    def create_trigger_order(self, symbol, type, side, amount, price=None, triggerPrice=None, params=None):
        return self.create_stop_order(symbol, type, side, amount, price, triggerPrice, params)

    def create_stop_limit_order(self, symbol, side, amount, price, triggerPrice, params=None):
        return self._triggered(symbol, "limit", side, amount, price, "triggerPrice", triggerPrice, params)

    def create_stop_market_order(self, symbol, side, amount, triggerPrice, params=None):
        return self._triggered(symbol, "market", side, amount, None, "triggerPrice", triggerPrice, params)

    def create_stop_loss_order(self, symbol, type, side, amount, price=None, stopLossPrice=None, params=None):
        return self._triggered(symbol, type, side, amount, price, "stopLossPrice", stopLossPrice, params)

    def create_take_profit_order(self, symbol, type, side, amount, price=None, takeProfitPrice=None,
                                 params=None):
        return self._triggered(symbol, type, side, amount, price, "takeProfitPrice", takeProfitPrice, params)

    def create_orders(self, orders, params=None):
        return self._run(od.create_orders(self._ctx, orders, params))

    def edit_order(self, id, symbol, type, side, amount=None, price=None, params=None):
        return self._run(od.edit_order(self._ctx, id, symbol, type, side, amount, price, params))

    def cancel_order(self, id, symbol=None, params=None):
        return self._run(od.cancel_order(self._ctx, id, symbol, params))

    def cancel_orders(self, ids, symbol=None, params=None):
        return self._run(od.cancel_orders(self._ctx, ids, symbol, params))

    def cancel_all_orders(self, symbol=None, params=None):
        return self._run(od.cancel_all_orders(self._ctx, symbol, params))

    def fetch_order(self, id, symbol=None, params=None):
        return self._run(od.fetch_order(self._ctx, id, symbol, params))

    def fetch_orders(self, symbol=None, since=None, limit=None, params=None):
        return self._run(od.fetch_orders(self._ctx, symbol, since, limit, params))

    def fetch_open_orders(self, symbol=None, since=None, limit=None, params=None):
        return self._run(od.fetch_open_orders(self._ctx, symbol, since, limit, params))

    def fetch_closed_orders(self, symbol=None, since=None, limit=None, params=None):
        return self._run(od.fetch_closed_orders(self._ctx, symbol, since, limit, params))

    def fetch_canceled_orders(self, symbol=None, since=None, limit=None, params=None):
        return self._run(od.fetch_canceled_orders(self._ctx, symbol, since, limit, params))

    def fetch_my_trades(self, symbol=None, since=None, limit=None, params=None):
        return self._run(od.fetch_my_trades(self._ctx, symbol, since, limit, params))

    def fetch_order_trades(self, id, symbol=None, since=None, limit=None, params=None):
        return self._run(od.fetch_order_trades(self._ctx, id, symbol, since, limit, params))

    # -- account --------------------------------------------------------------------------------
    def fetch_balance(self, params=None):
        return self._run(ac.fetch_balance(self._ctx, params))

    def fetch_accounts(self, params=None):
        return self._run(ac.fetch_accounts(self._ctx, params))

    def fetch_ledger(self, code=None, since=None, limit=None, params=None):
        return self._run(ac.fetch_ledger(self._ctx, code, since, limit, params))

    def transfer(self, code, amount, fromAccount, toAccount, params=None):
        return self._run(ac.transfer(self._ctx, code, amount, fromAccount, toAccount, params))

    def fetch_trading_fee(self, symbol, params=None):
        return self._run(ac.fetch_trading_fee(self._ctx, symbol, params))

    # -- funding and margin loans -------------------------------------------------------------------
    def fetch_deposits(self, code=None, since=None, limit=None, params=None):
        return self._run(fd.fetch_deposits(self._ctx, code, since, limit, params))

    def fetch_withdrawals(self, code=None, since=None, limit=None, params=None):
        return self._run(fd.fetch_withdrawals(self._ctx, code, since, limit, params))

    def fetch_deposit_address(self, code, params=None):
        return self._run(fd.fetch_deposit_address(self._ctx, code, params))

    def create_deposit_address(self, code, params=None):
        return self._run(fd.create_deposit_address(self._ctx, code, params))

    def withdraw(self, code, amount, address, tag=None, params=None):
        return self._run(fd.withdraw(self._ctx, code, amount, address, tag, params))

    def borrow_cross_margin(self, code, amount, params=None):
        return self._run(fd.borrow_margin(self._ctx, code, amount, None, params))

    def repay_cross_margin(self, code, amount, params=None):
        return self._run(fd.repay_margin(self._ctx, code, amount, None, params))

    def borrow_isolated_margin(self, symbol, code, amount, params=None):
        if symbol is None:
            raise ArgumentsRequired("borrow_isolated_margin needs a symbol")
        return self._run(fd.borrow_margin(self._ctx, code, amount, symbol, params))

    def repay_isolated_margin(self, symbol, code, amount, params=None):
        if symbol is None:
            raise ArgumentsRequired("repay_isolated_margin needs a symbol")
        return self._run(fd.repay_margin(self._ctx, code, amount, symbol, params))

    def fetch_borrow_interest(self, code=None, symbol=None, since=None, limit=None, params=None):
        return self._run(fd.fetch_borrow_interest(self._ctx, code, symbol, since, limit, params))
