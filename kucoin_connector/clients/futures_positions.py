"""Futures positions, leverage, margin, funding payments, balance and transfers, shared by both futures faces
(faces & drivers layer): each method is one plan of ``futures/plans/positions.py`` run through ``self._run``.
"""
from __future__ import annotations

from typing import Any

from .lazy import lazy_module

fp = lazy_module("..futures.plans.positions", __package__)

__all__ = ["FuturesPositionOperations", "FUTURES_POSITION_OPERATIONS"]

FUTURES_POSITION_OPERATIONS = (
    "fetch_position", "fetch_positions", "fetch_positions_history", "set_leverage", "fetch_leverage",
    "set_margin_mode", "fetch_margin_mode", "add_margin", "reduce_margin", "fetch_market_leverage_tiers",
    "fetch_funding_history", "fetch_balance", "transfer")


class FuturesPositionOperations:
    """Needs ``self._ctx`` (a PlanContext) and ``self._run(plan)`` from the class it is mixed into."""

    _ctx: Any
    _run: Any

    def fetch_position(self, symbol, params=None):
        return self._run(fp.fetch_position(self._ctx, symbol, params))

    def fetch_positions(self, symbols=None, params=None):
        return self._run(fp.fetch_positions(self._ctx, symbols, params))

    def fetch_positions_history(self, symbols=None, since=None, limit=None, params=None):
        return self._run(fp.fetch_positions_history(self._ctx, symbols, since, limit, params))

    def set_leverage(self, leverage, symbol=None, params=None):
        return self._run(fp.set_leverage(self._ctx, leverage, symbol, params))

    def fetch_leverage(self, symbol, params=None):
        return self._run(fp.fetch_leverage(self._ctx, symbol, params))

    def set_margin_mode(self, marginMode, symbol=None, params=None):
        return self._run(fp.set_margin_mode(self._ctx, marginMode, symbol, params))

    def fetch_margin_mode(self, symbol, params=None):
        return self._run(fp.fetch_margin_mode(self._ctx, symbol, params))

    def add_margin(self, symbol, amount, params=None):
        return self._run(fp.add_margin(self._ctx, symbol, amount, params))

    def reduce_margin(self, symbol, amount, params=None):
        return self._run(fp.reduce_margin(self._ctx, symbol, amount, params))

    def fetch_market_leverage_tiers(self, symbol, params=None):
        return self._run(fp.fetch_market_leverage_tiers(self._ctx, symbol, params))

    def fetch_funding_history(self, symbol=None, since=None, limit=None, params=None):
        return self._run(fp.fetch_funding_history(self._ctx, symbol, since, limit, params))

    def fetch_balance(self, params=None):
        return self._run(fp.fetch_balance(self._ctx, params))

    def transfer(self, code, amount, fromAccount, toAccount, params=None):
        return self._run(fp.transfer(self._ctx, code, amount, fromAccount, toAccount, params))
