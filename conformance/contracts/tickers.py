"""Contracts for tickers and best bid/ask: key sets, symbol subsets and equality with the true state.

Layer: conformance. Rule: public interface only. The simulator is paused for the whole run, so the
true book (``sim.book``) and the wire's latest trade are the state every ticker must show.
Endpoints judged: ``/api/v1/market/stats`` and ``/api/v1/market/allTickers``
(https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-24hr-stats,
https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-all-tickers).
"""
from __future__ import annotations

from typing import Any

from . import keysets
from .check import expect, expect_keys, num, same_number, short
from .env import Env
from .markets import spot_markets
from .registry import contract

__all__ = ["true_top", "true_last", "sample_symbols"]


def true_top(env: Env, market_id: str) -> tuple[str | None, str | None]:
    """Best bid and best ask prices of the simulator's true book."""
    book = env.book(market_id)
    bid = book["bids"][0][0] if book["bids"] else None
    ask = book["asks"][0][0] if book["asks"] else None
    return bid, ask


def true_last(env: Env, market_id: str) -> str:
    """The price of the newest trade on the wire (by time, whatever the wire's order)."""
    trades = env.raw("/api/v1/market/histories", {"symbol": market_id})
    newest = max(trades, key=lambda t: (int(t["time"]), t.get("sequence", "")))
    return newest["price"]


def sample_symbols(ex: Any, n: int = 8) -> list[str]:
    """A few active spot symbols, BTC/USDT first (deterministic: sorted ids)."""
    spot = spot_markets(ex)
    chosen = [m["symbol"] for mid, m in sorted(spot.items()) if m["active"]]
    if "BTC/USDT" in chosen:
        chosen.remove("BTC/USDT")
        chosen.insert(0, "BTC/USDT")
    return chosen[:n]


def _check_against_truth(env: Env, ex: Any, ticker: dict, symbol: str, with_last: bool = True) -> None:
    market_id = ex.market_id(symbol)
    bid, ask = true_top(env, market_id)
    expect(same_number(ticker["bid"], bid), f"{symbol}: bid {ticker['bid']!r} != true best bid {bid}")
    expect(same_number(ticker["ask"], ask), f"{symbol}: ask {ticker['ask']!r} != true best ask {ask}")
    if with_last:
        last = true_last(env, market_id)
        expect(same_number(ticker["last"], last), f"{symbol}: last {ticker['last']!r} != newest trade price {last}")
        expect(same_number(ticker["close"], ticker["last"]), f"{symbol}: close {ticker['close']!r} != last")


@contract("ticker", "fetch_ticker() has exactly ccxt's key set, the symbol, an integer timestamp and high >= low")
def check_key_set(env: Env) -> None:
    ticker = env.client().fetch_ticker("BTC/USDT")
    expect_keys(ticker, keysets.TICKER, "ticker")
    expect(ticker["symbol"] == "BTC/USDT", f"ticker symbol {ticker['symbol']!r}")
    ts = ticker["timestamp"]
    expect(isinstance(ts, int) and not isinstance(ts, bool) and ts > 0, f"ticker timestamp {short(ts)}")
    expect(isinstance(ticker["info"], dict), "ticker info is not the raw item")
    if ticker["high"] is not None and ticker["low"] is not None:
        expect(num(ticker["high"]) >= num(ticker["low"]), f"high {ticker['high']} < low {ticker['low']}")


@contract("ticker", "while paused, last/bid/ask equal the newest trade and the true book top")
def check_state(env: Env) -> None:
    ex = env.client()
    for symbol in sample_symbols(ex, 4):
        _check_against_truth(env, ex, ex.fetch_ticker(symbol), symbol)


@contract("tickers", "fetch_tickers(symbols) returns exactly those symbols; fetch_tickers() every listed one")
def check_subset(env: Env) -> None:
    ex = env.client()
    wanted = sample_symbols(ex, 3)
    some = ex.fetch_tickers(wanted)
    expect(sorted(some) == sorted(wanted), f"fetch_tickers({wanted}) returned {sorted(some)}")
    for symbol, t in some.items():
        expect_keys(t, keysets.TICKER, f"ticker {symbol}")
        expect(t["symbol"] == symbol, f"tickers[{symbol!r}]['symbol'] is {t['symbol']!r}")
    everything = ex.fetch_tickers()
    wire = env.raw("/api/v1/market/allTickers")["ticker"]
    spot = spot_markets(ex)
    listed = {spot[item["symbol"]]["symbol"] for item in wire if item["symbol"] in spot}
    expect(listed and listed <= set(everything),
           f"fetch_tickers() misses {sorted(listed - set(everything))[:5]} served by allTickers")
    expect(set(everything) <= set(ex.markets), f"fetch_tickers() has unknown symbols "
                                               f"{sorted(set(everything) - set(ex.markets))[:5]}")


@contract("tickers", "while paused, every ticker of fetch_tickers() shows the true book top and last trade")
def check_tickers_state(env: Env) -> None:
    ex = env.client()
    symbols = sample_symbols(ex, 6)
    everything = ex.fetch_tickers()
    for symbol in symbols:
        expect(symbol in everything, f"fetch_tickers() lacks {symbol}")
        _check_against_truth(env, ex, everything[symbol], symbol)


@contract("bids asks", "fetch_bids_asks(symbols) gives those symbols with the true best bid and ask")
def check_bids_asks(env: Env) -> None:
    ex = env.client()
    symbols = sample_symbols(ex, 4)
    result = ex.fetch_bids_asks(symbols)
    expect(sorted(result) == sorted(symbols), f"fetch_bids_asks({symbols}) returned {sorted(result)}")
    for symbol in symbols:
        _check_against_truth(env, ex, result[symbol], symbol, with_last=False)
