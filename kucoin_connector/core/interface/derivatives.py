"""The unified interface, derivatives: positions, leverage, margin mode, funding (ccxt 4.5 names and signatures).

Layer: pure core (declarations only). See :mod:`kucoin_connector.core.interface` for the rules.
"""
from __future__ import annotations

import abc
from typing import Any

from .types import *  # noqa: F403  (the structure aliases the declarations name)
from .types import Num, Params  # noqa: F401

__all__ = ["DerivativesMethods"]


class DerivativesMethods(abc.ABC):
    """The derivatives group of :class:`~kucoin_connector.core.interface.UnifiedExchange`."""

    # --- derivatives --------------------------------------------------------------------------
    @abc.abstractmethod
    def fetch_positions(self, symbols: list[str] | None = None, params: Params = None) -> list[Position]:
        """Return a list of position structures."""

    @abc.abstractmethod
    def fetch_position(self, symbol: str, params: Params = None) -> Position:
        """Return a position structure."""

    @abc.abstractmethod
    def set_leverage(self, leverage: Num, symbol: str | None = None, params: Params = None) -> Structure:
        """Return the exchange's response (ccxt returns the raw reply here)."""

    @abc.abstractmethod
    def fetch_leverage(self, symbol: str, params: Params = None) -> Leverage:
        """Return a leverage structure."""

    @abc.abstractmethod
    def set_margin_mode(self, marginMode: str, symbol: str | None = None, params: Params = None) -> Structure:
        """Return the exchange's response (ccxt returns the raw reply here)."""

    @abc.abstractmethod
    def add_margin(self, symbol: str, amount: Num, params: Params = None) -> MarginModification:
        """Return a margin modification structure."""

    @abc.abstractmethod
    def reduce_margin(self, symbol: str, amount: Num, params: Params = None) -> MarginModification:
        """Return a margin modification structure."""

    @abc.abstractmethod
    def close_position(self, symbol: str, side: OrderSide | None = None, params: Params = None) -> Order:
        """Return an order structure for the closing order."""

    @abc.abstractmethod
    def fetch_funding_history(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[FundingHistory]:
        """Return a list of funding history structures (payments made or received)."""

    @abc.abstractmethod
    def fetch_leverage_tiers(
        self, symbols: list[str] | None = None, params: Params = None
    ) -> dict[str, list[LeverageTier]]:
        """Return leverage tier lists keyed by symbol."""

    @abc.abstractmethod
    def fetch_open_interest(self, symbol: str, params: Params = None) -> OpenInterest:
        """Return an open interest structure."""

    @abc.abstractmethod
    def set_position_mode(self, hedged: bool, symbol: str | None = None, params: Params = None) -> Structure:
        """Return the exchange's response (ccxt returns the raw reply here)."""

    @abc.abstractmethod
    def fetch_position_mode(self, symbol: str | None = None, params: Params = None) -> Structure:
        """Return ``{"info": ..., "hedged": bool}`` (ccxt's position mode structure)."""

    @abc.abstractmethod
    def fetch_open_interest_history(
        self, symbol: str, timeframe: str = "5m", since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[OpenInterest]:
        """Return open interest structures over time."""
