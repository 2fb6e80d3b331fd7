"""Futures host endpoints: server time, status, contracts and market data.

Layer: simulator (exchange side). Rule: answers keep the key sets of the official examples
(``reference/kucoin-openapi/rest/openapi-futures-market.json``, ``openapi-futures-fundingfees.json``) and use
JSON numbers where KuCoin Futures does; the state is :class:`~..futures_market.FuturesMarket`
(``ctx.sim.futures``). Pools and weights are the spec's.
"""
from __future__ import annotations

from typing import Any

from ..futures_market import FUNDING_MS, GRANULARITY_TYPES
from ..routing import ApiError, Context, Router

__all__ = ["register", "FUNDING_MS"]

NO_CONTRACT = ApiError("300000", "Contract does not exist", 200)


def _param_error(msg: str) -> ApiError:
    return ApiError("400100", msg, 400)


def _symbol(ctx: Context, value: str | None = None) -> str:
    symbol = value if value is not None else ctx.params.get("symbol", "")
    if not symbol:
        raise _param_error("Parameter [symbol] is required")
    if symbol not in ctx.sim.futures.by_symbol:
        raise NO_CONTRACT
    return symbol


def _int(ctx: Context, name: str, default: int) -> int:
    raw = ctx.params.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise _param_error(f"Parameter [{name}] must be an integer") from None


def timestamp(ctx: Context) -> int:
    return ctx.now_ms


def status(ctx: Context) -> dict[str, str]:
    return {"msg": "", "status": "open"}


def contracts_active(ctx: Context) -> list[dict[str, Any]]:
    """GET /api/v1/contracts/active (https://www.kucoin.com/docs-new/api-3470220)."""
    futures = ctx.sim.futures
    return [futures.contract_item(c.symbol, ctx.now_ms) for c in futures.open_contracts()]


def contract(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/contracts/{symbol} (https://www.kucoin.com/docs-new/api-3470221)."""
    return ctx.sim.futures.contract_item(_symbol(ctx, ctx.path_params["symbol"]), ctx.now_ms)


def ticker(ctx: Context) -> dict[str, Any]:
    return ctx.sim.futures.ticker(_symbol(ctx), ctx.now_ms)


def all_tickers(ctx: Context) -> list[dict[str, Any]]:
    futures = ctx.sim.futures
    return [futures.ticker(c.symbol, ctx.now_ms) for c in futures.open_contracts()]


def snapshot(ctx: Context) -> dict[str, Any]:
    return ctx.sim.futures.book(_symbol(ctx), None, ctx.now_ms)


def depth(ctx: Context) -> dict[str, Any]:
    size = ctx.path_params["size"]
    if size not in ("20", "100"):
        raise ApiError("404000", "Url Not Found", 404)
    return ctx.sim.futures.book(_symbol(ctx), int(size), ctx.now_ms)


def trade_history(ctx: Context) -> list[dict[str, Any]]:
    return ctx.sim.futures.trades(_symbol(ctx))


def klines(ctx: Context) -> list[list[Any]]:
    """GET /api/v1/kline/query: ``granularity`` minutes, ``from``/``to`` ms (default: the last 500 periods)."""
    symbol = _symbol(ctx)
    granularity = _int(ctx, "granularity", 0)
    if granularity not in GRANULARITY_TYPES:
        raise _param_error("Parameter [granularity] is invalid")
    end = _int(ctx, "to", ctx.now_ms)
    start = _int(ctx, "from", end - 500 * granularity * 60_000)
    return ctx.sim.futures.klines(symbol, granularity, start, end, ctx.now_ms)


def mark_price(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/mark-price/{symbol}/current (https://www.kucoin.com/docs-new/api-3470233)."""
    futures = ctx.sim.futures
    symbol = _symbol(ctx, ctx.path_params["symbol"])
    return {"symbol": symbol, "granularity": 1000, "timePoint": ctx.now_ms // 1000 * 1000,
            "value": float(futures.mark_price(symbol)), "indexPrice": float(futures.index_price(symbol))}


def _perpetual(ctx: Context, symbol: str) -> str:
    if ctx.sim.futures.by_symbol[symbol].expiry_ms is not None:
        raise ApiError("300000", "The contract has no funding rate", 200)
    return symbol


def funding_rate(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/funding-rate/{symbol}/current (https://www.kucoin.com/docs-new/api-3470265)."""
    symbol = _perpetual(ctx, _symbol(ctx, ctx.path_params["symbol"]))
    return ctx.sim.futures.funding_current(symbol, ctx.now_ms)


def funding_rates(ctx: Context) -> list[dict[str, Any]]:
    """GET /api/v1/contract/funding-rates (https://www.kucoin.com/docs-new/api-3470266): ``from`` and ``to``
    are required; settlements in the range, newest first, at most 100."""
    symbol = _perpetual(ctx, _symbol(ctx))
    for name in ("from", "to"):
        if ctx.params.get(name, "") == "":
            raise _param_error(f"Parameter [{name}] is required")
    return ctx.sim.futures.funding_history(symbol, _int(ctx, "from", 0), _int(ctx, "to", 0), ctx.now_ms)


def register(router: Router) -> None:
    """Futures routes; pools/weights from openapi-futures-market.json and openapi-futures-fundingfees.json."""
    router.add("GET", "/api/v1/timestamp", timestamp, pool="Public", weight=2)
    router.add("GET", "/api/v1/status", status, pool="Public", weight=4)
    router.add("GET", "/api/v1/contracts/active", contracts_active, pool="Public", weight=3)
    router.add("GET", "/api/v1/contracts/{symbol}", contract, pool="Public", weight=3)
    router.add("GET", "/api/v1/ticker", ticker, pool="Public", weight=2)
    router.add("GET", "/api/v1/allTickers", all_tickers, pool="Public", weight=5)
    router.add("GET", "/api/v1/level2/snapshot", snapshot, pool="Public", weight=3)
    router.add("GET", "/api/v1/level2/depth{size}", depth, pool="Public", weight=5)
    router.add("GET", "/api/v1/trade/history", trade_history, pool="Public", weight=5)
    router.add("GET", "/api/v1/kline/query", klines, pool="Public", weight=3)
    router.add("GET", "/api/v1/mark-price/{symbol}/current", mark_price, pool="Public", weight=3)
    router.add("GET", "/api/v1/funding-rate/{symbol}/current", funding_rate, pool="Public", weight=2)
    router.add("GET", "/api/v1/contract/funding-rates", funding_rates, pool="Public", weight=5)
