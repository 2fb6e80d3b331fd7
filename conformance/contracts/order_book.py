"""Contracts for level-2 order books: key set, ordering, equality with the true book, limits, nonce.

Layer: conformance. Rule: public interface only; truth is ``sim.book(id)`` (the simulator's true book)
with the simulator paused. Endpoints judged: ``/api/v1/market/orderbook/level2_{20,100}`` (public) and
``/api/v3/market/orderbook/level2`` (private, full depth)
(https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-part-orderbook,
https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-full-orderbook).
"""
from __future__ import annotations

from typing import Any

from . import keysets
from .check import expect, expect_keys, num, short
from .env import Env
from .registry import contract
from .tickers import sample_symbols

__all__: list[str] = []


def _side(levels: Any, what: str) -> list[tuple]:
    expect(isinstance(levels, list), f"{what} is {type(levels).__name__}, not a list")
    out = []
    for level in levels:
        expect(isinstance(level, (list, tuple)) and len(level) >= 2,
               f"{what} level {short(level)} is not [price, amount]")
        out.append((num(level[0]), num(level[1])))
    return out


def check_shape(book: dict, symbol: str) -> None:
    """Ordering invariants every book must keep: bids descending, asks ascending, never crossed."""
    bids, asks = _side(book["bids"], f"{symbol} bids"), _side(book["asks"], f"{symbol} asks")
    expect(all(a[0] > b[0] for a, b in zip(bids, bids[1:])), f"{symbol}: bids are not strictly descending")
    expect(all(a[0] < b[0] for a, b in zip(asks, asks[1:])), f"{symbol}: asks are not strictly ascending")
    expect(all(p > 0 and q > 0 for p, q in bids + asks), f"{symbol}: a level has a non-positive price or amount")
    if bids and asks:
        expect(bids[0][0] < asks[0][0], f"{symbol}: crossed book, best bid {bids[0][0]} >= best ask {asks[0][0]}")


def check_equals_truth(env: Env, ex: Any, book: dict, symbol: str, depth: int | None) -> None:
    """The book equals the true book's top ``depth`` levels (all levels when ``None``), nonce = sequence."""
    truth = env.book(ex.market_id(symbol))
    for side in ("bids", "asks"):
        want = [(num(p), num(q)) for p, q in truth[side][:depth]]
        got = _side(book[side], f"{symbol} {side}")
        expect(len(got) == len(want), f"{symbol}: {len(got)} {side} levels, the true book has {len(want)} "
                                      f"(depth {depth})")
        for index, (g, w) in enumerate(zip(got, want)):
            expect(g == w, f"{symbol} {side}[{index}]: {g[0]} x {g[1]} != true {w[0]} x {w[1]}")
    nonce = book["nonce"]
    expect(isinstance(nonce, int) and not isinstance(nonce, bool), f"{symbol}: nonce {short(nonce)} is not an int")
    expect(nonce == int(truth["sequence"]), f"{symbol}: nonce {nonce} != the book's sequence {truth['sequence']}")


@contract("order book", "fetch_order_book() has exactly ccxt's key set, the symbol and an integer timestamp")
def check_key_set(env: Env) -> None:
    book = env.client().fetch_order_book("BTC/USDT", 20)
    expect_keys(book, keysets.ORDER_BOOK, "order book")
    expect(book["symbol"] == "BTC/USDT", f"order book symbol {book['symbol']!r}")
    ts = book["timestamp"]
    expect(ts is None or (isinstance(ts, int) and ts > 0), f"order book timestamp {short(ts)}")


@contract("order book", "bids descending, asks ascending, never crossed (several symbols, 100 levels)")
def check_ordering(env: Env) -> None:
    ex = env.client()
    for symbol in sample_symbols(ex, 6):
        check_shape(ex.fetch_order_book(symbol, 100), symbol)


@contract("order book", "while paused, limits 20 and 100 give exactly the true book's top levels, nonce = sequence")
def check_truth(env: Env) -> None:
    ex = env.client()
    for symbol in sample_symbols(ex, 3):
        for depth in (20, 100):
            check_equals_truth(env, ex, ex.fetch_order_book(symbol, depth), symbol, depth)


@contract("order book", "any other limit (5, 50) is honoured: exactly the true top-N levels")
def check_limit(env: Env) -> None:
    ex = env.client()
    for depth in (5, 50):
        check_equals_truth(env, ex, ex.fetch_order_book("BTC/USDT", depth), "BTC/USDT", depth)


@contract("order book", "with credentials and no limit, the full book equals the true book")
def check_full_depth(env: Env) -> None:
    ex = env.client(private=True)
    book = ex.fetch_order_book("ETH/USDT")
    check_shape(book, "ETH/USDT")
    check_equals_truth(env, ex, book, "ETH/USDT", None)


@contract("order book", "after the market moves, the nonce follows the book's new sequence")
def check_nonce_advances(env: Env) -> None:
    ex = env.client()
    first = ex.fetch_order_book("BTC/USDT", 20)
    env.step(5)
    second = ex.fetch_order_book("BTC/USDT", 20)
    check_equals_truth(env, ex, second, "BTC/USDT", 20)
    expect(second["nonce"] >= first["nonce"], f"nonce went backwards: {first['nonce']} -> {second['nonce']}")


@contract("order book", "fetch_l2_order_book() equals the true book like fetch_order_book()")
def check_l2(env: Env) -> None:
    ex = env.client()
    book = ex.fetch_l2_order_book("ETH/USDT", 20)
    expect_keys(book, keysets.ORDER_BOOK, "l2 order book")
    check_equals_truth(env, ex, book, "ETH/USDT", 20)
