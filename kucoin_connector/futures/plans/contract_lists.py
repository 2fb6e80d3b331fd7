"""Every contract at once: mark prices, funding rates, open interest, and the risk-limit tiers of several
contracts (pure core). Every call goes to the futures host.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.

KuCoin's classic futures spec has no "all mark prices", "all funding rates" or "all open interest" endpoint
(ccxt 4.5 reads the UTA host or spot's margin mark prices for these); ``/api/v1/contracts/active``
(api-3470220, weight 3, Public pool) carries all three in each contract item (``markPrice indexPrice
fundingFeeRate predictedFundingFeeRate nextFundingRateTime fundingRateGranularity openInterest``), so each
of these is one request for every contract. ``symbols`` are checked before anything is sent and filter the
answer. ``fetch_leverage_tiers`` reads ``/api/v1/contracts/risk-limit/{symbol}`` once per symbol (symbols
required, as ccxt: one request per contract).
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from ...core.checks import check_params, check_symbols_list
from ...errors import ArgumentsRequired
from ...rest.calls import Call
from ...rest.order_lookup import kucoin_params
from ...rest.plan import Plan, PlanContext
from ..parsers.contracts import parse_open_interest
from ..parsers.funding_rates import parse_contract_funding_rate
from ..parsers.tickers import parse_contract_ticker
from .market_data import load_markets, market
from .order_requests import UNIFIED
from .positions import fetch_market_leverage_tiers

__all__ = ["fetch_mark_prices", "fetch_funding_rates", "fetch_open_interests", "fetch_leverage_tiers"]

MAX_TIER_SYMBOLS = 50  # risk-limit requests per fetch_leverage_tiers call


def _every_contract(ctx: PlanContext, symbols: Any, params: Any, what: str,
                    parse: Callable[[Mapping[str, Any], Mapping[str, Any]], Any],
                    keep: Callable[[Mapping[str, Any]], bool] = lambda m: True) -> Plan:
    params = kucoin_params(dict(check_params(params)), what, UNIFIED)
    wanted = check_symbols_list(symbols) or None  # an empty list asks for every contract, as ccxt
    for s in wanted or ():
        yield from market(ctx, s)  # every symbol validated before the request
    if not ctx.registry.loaded:
        yield from load_markets(ctx)
    data = yield Call("GET", "/api/v1/contracts/active", params or None, host="futures", private=False)
    result = {}
    for item in data if isinstance(data, list) else ():
        m = ctx.registry.by_id(item.get("symbol")) if isinstance(item, dict) else None
        if m is None or not keep(m) or (wanted is not None and m["symbol"] not in wanted):
            continue  # a contract listed after ours were loaded, or one not asked for
        result[m["symbol"]] = parse(item, m)
    return result


def fetch_mark_prices(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    """Tickers by symbol with ``markPrice`` and ``indexPrice`` (and the 24h figures of the same item)."""
    return (yield from _every_contract(ctx, symbols, params, "fetch_mark_prices",
                                       lambda i, m: parse_contract_ticker(i, m, ctx.num)))


def fetch_funding_rates(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    """Funding rates of the perpetual contracts by symbol (dated futures pay no funding)."""
    now = ctx.now_ms()
    return (yield from _every_contract(ctx, symbols, params, "fetch_funding_rates",
                                       lambda i, m: parse_contract_funding_rate(i, m, ctx.num, now),
                                       keep=lambda m: bool(m.get("swap"))))


def fetch_open_interests(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    """Open interest by symbol (contracts, and their value; timestamp = when read)."""
    now = ctx.now_ms()
    return (yield from _every_contract(ctx, symbols, params, "fetch_open_interests",
                                       lambda i, m: parse_open_interest(i, m, ctx.num, now)))


def fetch_leverage_tiers(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    """Tiers by symbol, one risk-limit request per symbol."""
    wanted = check_symbols_list(symbols)
    if not wanted:
        raise ArgumentsRequired("fetch_leverage_tiers() requires a list of symbols (one request each)")
    if len(wanted) > MAX_TIER_SYMBOLS:
        raise ArgumentsRequired(f"fetch_leverage_tiers() reads at most {MAX_TIER_SYMBOLS} symbols per call")
    kucoin_params(dict(check_params(params)), "fetch_leverage_tiers", UNIFIED)
    for s in wanted:
        yield from market(ctx, s)  # every symbol validated before the first request
    result = {}
    for s in dict.fromkeys(wanted):
        result[s] = yield from fetch_market_leverage_tiers(ctx, s, params)
    return result
