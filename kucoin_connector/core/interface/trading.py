"""The unified interface, trading: order creation, amend, cancel, query, fills (ccxt 4.5 names and signatures).

Layer: pure core (declarations only). See :mod:`kucoin_connector.core.interface` for the rules.
"""
from __future__ import annotations

import abc
from typing import Any

from .types import *  # noqa: F403  (the structure aliases the declarations name)
from .types import Num, Params  # noqa: F401

__all__ = ["TradingMethods"]


class TradingMethods(abc.ABC):
    """The trading group of :class:`~kucoin_connector.core.interface.UnifiedExchange`."""

    # --- trading: order creation --------------------------------------------------------------
    @abc.abstractmethod
    def create_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        params: Params = None,
    ) -> Order:
        """Return an order structure (KuCoin acks with an id only, so most fields are None)."""

    @abc.abstractmethod
    def create_limit_order(self, symbol: str, side: OrderSide, amount: Num, price: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_market_order(
        self, symbol: str, side: OrderSide, amount: Num, price: Num | None = None, params: Params = None
    ) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_limit_buy_order(self, symbol: str, amount: Num, price: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_limit_sell_order(self, symbol: str, amount: Num, price: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_market_buy_order(self, symbol: str, amount: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_market_sell_order(self, symbol: str, amount: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_market_buy_order_with_cost(self, symbol: str, cost: Num, params: Params = None) -> Order:
        """Return an order structure (market buy sized in quote currency)."""

    @abc.abstractmethod
    def create_market_sell_order_with_cost(self, symbol: str, cost: Num, params: Params = None) -> Order:
        """Return an order structure (market sell sized in quote currency)."""

    @abc.abstractmethod
    def create_market_order_with_cost(self, symbol: str, side: OrderSide, cost: Num, params: Params = None) -> Order:
        """Return an order structure (market order sized in quote currency)."""

    @abc.abstractmethod
    def create_post_only_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        params: Params = None,
    ) -> Order:
        """Return an order structure (maker-only)."""

    @abc.abstractmethod
    def create_reduce_only_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        params: Params = None,
    ) -> Order:
        """Return an order structure (may only shrink a position)."""

    @abc.abstractmethod
    def create_stop_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        triggerPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (triggered; triggerPrice as argument or in params)."""

    @abc.abstractmethod
    def create_trigger_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        triggerPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (same as create_stop_order)."""

    @abc.abstractmethod
    def create_stop_limit_order(
        self, symbol: str, side: OrderSide, amount: Num, price: Num, triggerPrice: Num, params: Params = None
    ) -> Order:
        """Return an order structure (limit order placed when triggerPrice is hit)."""

    @abc.abstractmethod
    def create_stop_market_order(
        self, symbol: str, side: OrderSide, amount: Num, triggerPrice: Num, params: Params = None
    ) -> Order:
        """Return an order structure (market order placed when triggerPrice is hit)."""

    @abc.abstractmethod
    def create_stop_loss_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        stopLossPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (stop-loss trigger)."""

    @abc.abstractmethod
    def create_take_profit_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        takeProfitPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (take-profit trigger)."""

    @abc.abstractmethod
    def create_order_with_take_profit_and_stop_loss(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        takeProfit: Num | None = None, stopLoss: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (order with attached TP/SL)."""

    @abc.abstractmethod
    def create_trailing_amount_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        trailingAmount: Num | None = None, trailingTriggerPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (trailing by a price distance)."""

    @abc.abstractmethod
    def create_trailing_percent_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        trailingPercent: Num | None = None, trailingTriggerPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (trailing by a percentage)."""

    @abc.abstractmethod
    def create_orders(self, orders: list[OrderRequest], params: Params = None) -> list[Order]:
        """Return a list of order structures, one per request, in request order."""

    # --- trading: amend, cancel, query --------------------------------------------------------
    @abc.abstractmethod
    def edit_order(
        self, id: str, symbol: str, type: OrderType, side: OrderSide, amount: Num | None = None,
        price: Num | None = None, params: Params = None,
    ) -> Order:
        """Return the order structure of the amended (or replacing) order."""

    @abc.abstractmethod
    def cancel_order(self, id: str, symbol: str | None = None, params: Params = None) -> Order:
        """Return an order structure for the canceled order."""

    @abc.abstractmethod
    def cancel_orders(self, ids: list[str], symbol: str | None = None, params: Params = None) -> list[Order]:
        """Return a list of order structures for the canceled orders."""

    @abc.abstractmethod
    def cancel_all_orders(self, symbol: str | None = None, params: Params = None) -> list[Order]:
        """Return a list of order structures for the canceled orders."""

    @abc.abstractmethod
    def fetch_order(self, id: str, symbol: str | None = None, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def fetch_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return a list of order structures (any status)."""

    @abc.abstractmethod
    def fetch_open_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return a list of open order structures."""

    @abc.abstractmethod
    def fetch_closed_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return a list of closed order structures."""

    @abc.abstractmethod
    def fetch_canceled_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return a list of canceled order structures."""

    @abc.abstractmethod
    def fetch_my_trades(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return a list of the account's trade structures."""

    @abc.abstractmethod
    def fetch_order_trades(
        self, id: str, symbol: str | None = None, since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[Trade]:
        """Return a list of trade structures filling one order."""
