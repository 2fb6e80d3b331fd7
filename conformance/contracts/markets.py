"""Contracts for markets: key sets, symbols, precision, limits, flags, lookups and lazy loading.

Layer: conformance. Rule: public interface only; truth is the simulator's ``GET /api/v2/symbols``
(https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-all-symbols).
"""
from __future__ import annotations

from typing import Any

from . import keysets
from .check import expect, expect_keys, num, same_number, short
from .env import Env
from .registry import contract

__all__: list[str] = []


def spot_markets(ex: Any) -> dict[str, dict]:
    """Spot markets by KuCoin id (an implementation may also list futures contracts)."""
    return {m["id"]: m for m in (ex.markets or {}).values() if m.get("spot")}


@contract("markets", "load_markets() returns markets keyed by symbol, each with exactly ccxt's key set")
def check_key_set(env: Env) -> None:
    markets = env.fresh().load_markets()
    expect(isinstance(markets, dict) and markets, f"load_markets() returned {short(markets)}")
    for symbol, m in markets.items():
        expect_keys(m, keysets.MARKET, f"market {symbol}")
        expect(m["symbol"] == symbol, f"markets[{symbol!r}]['symbol'] is {m['symbol']!r}")
        expect_keys(m["precision"], keysets.MARKET_PRECISION, f"market {symbol} precision")
        expect_keys(m["limits"], keysets.MARKET_LIMITS, f"market {symbol} limits")
        for name, pair in m["limits"].items():
            expect_keys(pair, keysets.MIN_MAX, f"market {symbol} limits.{name}")
        expect_keys(m["marginModes"], keysets.MARKET_MARGIN_MODES, f"market {symbol} marginModes")
        expect(isinstance(m["info"], dict), f"market {symbol} info is not the raw item")


@contract("markets", "every simulator symbol is a spot market BASE/QUOTE with the wire's ids; symbols lists them")
def check_symbols(env: Env) -> None:
    ex = env.client()
    spot = spot_markets(ex)
    wire = {item["symbol"]: item for item in env.raw_symbols()}
    expect(set(spot) == set(wire), f"spot market ids differ from the simulator's: missing "
                                   f"{sorted(set(wire) - set(spot))[:5]}, extra {sorted(set(spot) - set(wire))[:5]}")
    for market_id, m in spot.items():
        item = wire[market_id]
        expect(m["baseId"] == item["baseCurrency"] and m["quoteId"] == item["quoteCurrency"],
               f"{market_id}: baseId/quoteId {m['baseId']}/{m['quoteId']} differ from the wire")
        expect(m["symbol"] == f"{m['base']}/{m['quote']}", f"{market_id}: symbol {m['symbol']!r} is not BASE/QUOTE")
        expect(m["type"] == "spot" and m["spot"] is True and m["contract"] is False and m["swap"] is False,
               f"{market_id}: type flags {m['type']!r} spot={m['spot']} contract={m['contract']}")
    expect(sorted(ex.symbols) == sorted(ex.markets), "exchange.symbols does not list exactly the market symbols")


@contract("markets", "precision amount/price are step sizes equal to the wire's baseIncrement/priceIncrement")
def check_precision(env: Env) -> None:
    spot = spot_markets(env.client())
    for item in env.raw_symbols():
        m = spot[item["symbol"]]
        expect(same_number(m["precision"]["amount"], item["baseIncrement"]),
               f"{m['symbol']}: precision.amount {m['precision']['amount']!r} != baseIncrement {item['baseIncrement']}")
        expect(same_number(m["precision"]["price"], item["priceIncrement"]),
               f"{m['symbol']}: precision.price {m['precision']['price']!r} != priceIncrement {item['priceIncrement']}")


@contract("markets", "limits.amount is baseMinSize..baseMaxSize and limits.cost quoteMinSize..quoteMaxSize")
def check_limits(env: Env) -> None:
    spot = spot_markets(env.client())
    for item in env.raw_symbols():
        m = spot[item["symbol"]]
        limits = m["limits"]
        for got, field in ((limits["amount"]["min"], "baseMinSize"), (limits["amount"]["max"], "baseMaxSize"),
                           (limits["cost"]["min"], "quoteMinSize"), (limits["cost"]["max"], "quoteMaxSize")):
            expect(same_number(got, item[field]), f"{m['symbol']}: limit {got!r} != wire {field} {item[field]}")
        amount_min = num(limits["amount"]["min"])
        expect(amount_min is not None and amount_min > 0, f"{m['symbol']}: limits.amount.min {amount_min}")


@contract("markets", "active follows enableTrading (false for the disabled symbol), margin isMarginEnabled")
def check_flags(env: Env) -> None:
    spot = spot_markets(env.client())
    disabled = [item["symbol"] for item in env.raw_symbols() if not item["enableTrading"]]
    expect(disabled, "the simulator lists no disabled symbol: the contract cannot judge `active`")
    for item in env.raw_symbols():
        m = spot[item["symbol"]]
        expect(m["active"] is bool(item["enableTrading"]),
               f"{m['symbol']}: active {m['active']!r} but enableTrading {item['enableTrading']!r}")
        if item.get("isMarginEnabled"):
            expect(m["margin"] is True, f"{m['symbol']}: margin {m['margin']!r} but isMarginEnabled is true")


@contract("markets", "market(symbol) and market_id(symbol) round-trip for every symbol")
def check_lookup(env: Env) -> None:
    ex = env.client()
    for symbol, m in ex.markets.items():
        found = ex.market(symbol)
        expect(found["symbol"] == symbol and found["id"] == m["id"], f"market({symbol!r}) returned {found['symbol']!r}")
        expect(ex.market_id(symbol) == m["id"], f"market_id({symbol!r}) is {ex.market_id(symbol)!r}, not {m['id']!r}")


@contract("markets", "a fresh client's fetch_ticker works without an explicit load_markets (lazy loading)")
def check_lazy_loading(env: Env) -> None:
    ex = env.fresh()
    ticker = ex.fetch_ticker("BTC/USDT")
    expect(ticker["symbol"] == "BTC/USDT", f"fetch_ticker on a fresh client returned symbol {ticker['symbol']!r}")
    expect(ex.markets and "BTC/USDT" in ex.markets, "markets were not loaded by the first call")
