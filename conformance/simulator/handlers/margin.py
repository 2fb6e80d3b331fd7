"""Margin market-data endpoints of the spot host.

Layer: simulator (exchange side). Rule: shapes follow ``openapi-margin-market.json``. ccxt's
``load_markets`` asks for the cross and isolated margin symbols whenever keys are configured.
"""
from __future__ import annotations

from typing import Any

from ..routing import ApiError, Context, Router

__all__ = ["register"]

_FIELDS = ("symbol", "name", "enableTrading", "market", "baseCurrency", "quoteCurrency", "baseIncrement",
           "baseMinSize", "baseMaxSize", "quoteIncrement", "quoteMinSize", "quoteMaxSize", "priceIncrement",
           "feeCurrency", "priceLimitRate", "minFunds")


def cross_margin_symbols(ctx: Context) -> dict[str, Any]:
    """GET /api/v3/margin/symbols (https://www.kucoin.com/docs-new/api-3470189)."""
    wanted = ctx.params.get("symbol") or None
    if wanted is not None and wanted not in ctx.sim.universe.by_symbol:
        raise ApiError("400100", "This pair is not provided at present", 200)
    items = []
    for spec in ctx.sim.universe.symbols:
        if spec.margin and (wanted is None or spec.symbol == wanted):
            full = spec.to_json()
            items.append({k: full[k] for k in _FIELDS})
    return {"timestamp": ctx.now_ms, "items": items}


def isolated_margin_symbols(ctx: Context) -> list[dict[str, Any]]:
    """GET /api/v1/isolated/symbols (https://www.kucoin.com/docs-new/api-3470194)."""
    return [{"symbol": s.symbol, "symbolName": s.symbol, "baseCurrency": s.base, "quoteCurrency": s.quote,
             "maxLeverage": 10, "flDebtRatio": "0.97", "tradeEnable": s.enabled, "autoRenewMaxDebtRatio": "0.96",
             "baseBorrowEnable": True, "quoteBorrowEnable": True, "baseTransferInEnable": True,
             "quoteTransferInEnable": True, "baseBorrowCoefficient": "1", "quoteBorrowCoefficient": "1"}
            for s in ctx.sim.universe.symbols if s.margin]


def register(router: Router) -> None:
    """Margin market routes; pools/weights from openapi-margin-market.json (public, Public pool, 3)."""
    router.add("GET", "/api/v3/margin/symbols", cross_margin_symbols, pool="Public", weight=3)
    router.add("GET", "/api/v1/isolated/symbols", isolated_margin_symbols, pool="Public", weight=3)
