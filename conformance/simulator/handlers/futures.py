"""Futures host endpoints (server time, status, active contracts).

Layer: simulator (exchange side). Rule: the futures API sends numbers, not strings
(https://www.kucoin.com/docs-new/api-3470220); values are chosen so JSON never needs an exponent
(every rate is 0 or >= 0.0001). Contract prices follow the spot BTC-USDT / ETH-USDT last price.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..routing import Context, Router

__all__ = ["register", "CONTRACTS"]

# symbol, base, quote, settle, spot reference, tickSize, multiplier, inverse, maxLeverage
CONTRACTS: tuple[tuple[str, str, str, str, str, float, float, bool, int], ...] = (
    ("XBTUSDTM", "XBT", "USDT", "USDT", "BTC-USDT", 0.1, 0.001, False, 125),
    ("ETHUSDTM", "ETH", "USDT", "USDT", "ETH-USDT", 0.01, 0.01, False, 100),
    ("XBTUSDM", "XBT", "USD", "XBT", "BTC-USDT", 0.1, -1.0, True, 75),
)
FALLBACK = {"BTC-USDT": Decimal("65000"), "ETH-USDT": Decimal("3200")}
FUNDING_MS = 8 * 3600 * 1000


def timestamp(ctx: Context) -> int:
    return ctx.now_ms


def status(ctx: Context) -> dict[str, str]:
    return {"msg": "", "status": "open"}


def _contract(ctx: Context, row: tuple[str, str, str, str, str, float, float, bool, int]) -> dict[str, Any]:
    symbol, base, quote, settle, ref, tick, multiplier, inverse, max_lev = row
    spot = ctx.sim.market.last_price(ref) if ref in ctx.sim.universe.by_symbol else None
    price = spot if spot is not None else FALLBACK[ref]
    q = Decimal(str(tick))
    last = float(price.quantize(q))
    mark = float((price * Decimal("1.0001")).quantize(q))
    index = float((price * Decimal("0.9999")).quantize(Decimal("0.01")))
    root = "XBT" if inverse else quote
    return {
        "symbol": symbol, "rootSymbol": root, "type": "FFWCSX", "firstOpenDate": 1585555200000,
        "expireDate": None, "settleDate": None, "baseCurrency": base, "quoteCurrency": quote,
        "settleCurrency": settle, "maxOrderQty": 1000000, "maxPrice": 1000000.0, "lotSize": 1,
        "tickSize": tick, "indexPriceTickSize": 0.01, "multiplier": multiplier, "initialMargin": 0.008,
        "maintainMargin": 0.004, "maxRiskLimit": 100000, "minRiskLimit": 100000, "riskStep": 50000,
        "makerFeeRate": 0.0002, "takerFeeRate": 0.0006, "takerFixFee": 0.0, "makerFixFee": 0.0,
        "settlementFee": None, "isDeleverage": True, "isQuanto": not inverse, "isInverse": inverse,
        "markMethod": "FairPrice", "fairMethod": "FundingRate",
        "fundingBaseSymbol": f".{base}INT8H", "fundingQuoteSymbol": f".{quote}INT8H",
        "fundingRateSymbol": f".{symbol}FPI8H", "indexSymbol": f".K{base}{quote}",
        "settlementSymbol": "", "status": "Open", "fundingFeeRate": 0.0001,
        "predictedFundingFeeRate": 0.0001, "fundingRateGranularity": FUNDING_MS,
        "openInterest": "6748176", "turnoverOf24h": 1034643198.33, "volumeOf24h": 12069.225,
        "markPrice": mark, "indexPrice": index, "lastTradePrice": last,
        "nextFundingRateTime": FUNDING_MS - ctx.now_ms % FUNDING_MS, "maxLeverage": max_lev,
        "sourceExchanges": ["okex", "binance", "kucoin", "bybit", "bitmart", "gateio"],
        "premiumsSymbol1M": f".{symbol}PI", "premiumsSymbol8H": f".{symbol}PI8H",
        "fundingBaseSymbol1M": f".{base}INT", "fundingQuoteSymbol1M": f".{quote}INT",
        "lowPrice": float((price * Decimal("0.97")).quantize(q)),
        "highPrice": float((price * Decimal("1.03")).quantize(q)),
        "priceChgPct": -0.028, "priceChg": float((price * Decimal("-0.028")).quantize(q)),
        "k": 490.0, "m": 300.0, "f": 1.3, "mmrLimit": 0.3, "mmrLevConstant": float(max_lev),
        "supportCross": True, "buyLimit": float((price * Decimal("1.05")).quantize(q)),
        "sellLimit": float((price * Decimal("0.95")).quantize(q)),
    }


def contracts_active(ctx: Context) -> list[dict[str, Any]]:
    """GET /api/v1/contracts/active (https://www.kucoin.com/docs-new/api-3470220)."""
    return [_contract(ctx, row) for row in CONTRACTS]


def register(router: Router) -> None:
    """Futures routes; pools/weights from openapi-futures-market.json."""
    router.add("GET", "/api/v1/timestamp", timestamp, pool="Public", weight=2)
    router.add("GET", "/api/v1/status", status, pool="Public", weight=4)
    router.add("GET", "/api/v1/contracts/active", contracts_active, pool="Public", weight=3)
