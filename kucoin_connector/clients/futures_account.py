"""Futures ledger, transfers, fee rates, every-contract market lists and ccxt's alias names, shared by both
futures faces (faces & drivers layer): each method is one plan of ``futures/plans/{account,contract_lists,
aliases}.py`` run through ``self._run``. The plans load with the first call.
"""
from __future__ import annotations

from typing import Any

from .lazy import lazy_module

fa = lazy_module("..futures.plans.account", __package__)
fl = lazy_module("..futures.plans.contract_lists", __package__)
fx = lazy_module("..futures.plans.aliases", __package__)
fs = lazy_module("..futures.plans.series", __package__)

__all__ = ["FuturesAccountOperations", "FUTURES_ACCOUNT_OPERATIONS", "FUTURES_IMPLICIT_OPERATIONS"]

FUTURES_ACCOUNT_OPERATIONS = (
    "fetch_ledger", "fetch_transfers", "fetch_trading_fee", "fetch_mark_prices", "fetch_funding_rates",
    "fetch_funding_interval", "fetch_open_interests", "fetch_leverage_tiers", "fetch_orders_by_status",
    "fetch_position_history", "fetch_positions_adl_rank", "fetch_position_adl_rank")
# ccxt's implicit API names of the point series (futures/plans/series.py), snake_case and camelCase: no `has` key
FUTURES_IMPLICIT_OPERATIONS = (
    "futurespublic_get_index_query", "futuresPublicGetIndexQuery", "futurespublic_get_premium_query",
    "futuresPublicGetPremiumQuery", "futurespublic_get_interest_query", "futuresPublicGetInterestQuery")


class FuturesAccountOperations:
    """Needs ``self._ctx`` (a PlanContext) and ``self._run(plan)`` from the class it is mixed into."""

    _ctx: Any
    _run: Any

    def fetch_ledger(self, code=None, since=None, limit=None, params=None):
        return self._run(fa.fetch_ledger(self._ctx, code, since, limit, params))

    def fetch_transfers(self, code=None, since=None, limit=None, params=None):
        return self._run(fa.fetch_transfers(self._ctx, code, since, limit, params))

    def fetch_trading_fee(self, symbol, params=None):
        return self._run(fa.fetch_trading_fee(self._ctx, symbol, params))

    def fetch_mark_prices(self, symbols=None, params=None):
        return self._run(fl.fetch_mark_prices(self._ctx, symbols, params))

    def fetch_funding_rates(self, symbols=None, params=None):
        return self._run(fl.fetch_funding_rates(self._ctx, symbols, params))

    def fetch_funding_interval(self, symbol, params=None):
        return self._run(fx.fetch_funding_interval(self._ctx, symbol, params))

    def fetch_open_interests(self, symbols=None, params=None):
        return self._run(fl.fetch_open_interests(self._ctx, symbols, params))

    def fetch_leverage_tiers(self, symbols=None, params=None):
        return self._run(fl.fetch_leverage_tiers(self._ctx, symbols, params))

    def fetch_orders_by_status(self, status, symbol=None, since=None, limit=None, params=None):
        return self._run(fx.fetch_orders_by_status(self._ctx, status, symbol, since, limit, params))

    def fetch_position_history(self, symbol, since=None, limit=None, params=None):
        return self._run(fx.fetch_position_history(self._ctx, symbol, since, limit, params))

    def fetch_positions_adl_rank(self, symbols=None, params=None):
        return self._run(fa.fetch_positions_adl_rank(self._ctx, symbols, params))

    def fetch_position_adl_rank(self, symbol, params=None):
        return self._run(fa.fetch_position_adl_rank(self._ctx, symbol, params))

    # ccxt's implicit API for KuCoin's index, premium-index and interest-rate point series: the whole answer
    def futurespublic_get_index_query(self, params=None):
        return self._run(fs.series_query(self._ctx, "futurespublic_get_index_query", params))

    def futurespublic_get_premium_query(self, params=None):
        return self._run(fs.series_query(self._ctx, "futurespublic_get_premium_query", params))

    def futurespublic_get_interest_query(self, params=None):
        return self._run(fs.series_query(self._ctx, "futurespublic_get_interest_query", params))

    futuresPublicGetIndexQuery = futurespublic_get_index_query
    futuresPublicGetPremiumQuery = futurespublic_get_premium_query
    futuresPublicGetInterestQuery = futurespublic_get_interest_query
