"""Contracts for public trades: key set, ascending order, equality with the wire, since/limit, and the
order of trades that share a millisecond.

Layer: conformance. Rule: public interface only; truth is the simulator's
``GET /api/v1/market/histories`` (the last 100 trades, newest first, ``time`` in nanoseconds,
``sequence`` increasing; https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-trade-history),
simulator paused. Several trades of one match share a timestamp, so "ascending" alone does not fix
their order: the exchange's order (``sequence``) does, and the last trade must be the newest.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import keysets
from .check import expect, expect_keys, num, short
from .env import Env
from .registry import ContractFailure, contract

__all__ = ["true_trades"]

SYMBOL = "BTC/USDT"


def true_trades(env: Env, market_id: str) -> list[dict]:
    """Wire trades oldest first (by time, then sequence) as ``{id, timestamp, side, price, amount}``."""
    rows = env.raw("/api/v1/market/histories", {"symbol": market_id})
    rows = sorted(rows, key=lambda r: (int(r["time"]), int(r["sequence"])))
    return [{"id": str(r["sequence"]), "timestamp": int(r["time"]) // 1_000_000, "side": r["side"],
             "price": num(r["price"]), "amount": num(r["size"])} for r in rows]


def _essence(trade: dict) -> dict:
    return {"id": None if trade["id"] is None else str(trade["id"]), "timestamp": trade["timestamp"],
            "side": trade["side"], "price": num(trade["price"]), "amount": num(trade["amount"])}


def _bare(trade: dict) -> tuple:
    """What identifies a trade without its id (a unified trade or a :func:`true_trades` row)."""
    return (trade["timestamp"], trade["side"], num(trade["price"]), num(trade["amount"]))


def _fetch(env: Env, since: Any = None, limit: Any = None) -> list[dict]:
    trades = env.client().fetch_trades(SYMBOL, since, limit)
    expect(isinstance(trades, list), f"fetch_trades returned {type(trades).__name__}, not a list")
    return trades


def _with_ties(env: Env) -> list[dict]:
    """Step the market until the wire has trades sharing a millisecond (deterministic for a seed)."""
    market_id = env.client().market_id(SYMBOL)
    for _ in range(10):
        want = true_trades(env, market_id)
        stamps = [t["timestamp"] for t in want]
        if len(set(stamps)) < len(stamps):
            return want
        env.step(1)
    raise AssertionError("the simulator made no trades sharing a millisecond in 10 steps")


@contract("trades", "fetch_trades() items have exactly ccxt's key set, symbol, side, cost = price x amount")
def check_key_set(env: Env) -> None:
    trades = _fetch(env)
    expect(trades, "fetch_trades returned no trades although the simulator has some")
    for t in trades:
        expect_keys(t, keysets.TRADE, "trade")
        expect(t["symbol"] == SYMBOL, f"trade symbol {t['symbol']!r}")
        expect(t["side"] in ("buy", "sell"), f"trade side {t['side']!r}")
        ts = t["timestamp"]
        expect(isinstance(ts, int) and not isinstance(ts, bool), f"trade timestamp {short(ts)} is not an int")
        expect(isinstance(t["datetime"], str) and t["datetime"].endswith("Z"), f"trade datetime {t['datetime']!r}")
        cost, product = num(t["cost"]), num(t["price"]) * num(t["amount"])
        expect(cost is not None and abs(cost - product) <= abs(product) * Decimal("1e-9"),
               f"trade cost {t['cost']!r} != price x amount {product}")
        expect(isinstance(t["fees"], list), f"trade fees {short(t['fees'])} is not a list")


@contract("trades", "fetch_trades() is ascending by timestamp")
def check_ascending(env: Env) -> None:
    stamps = [t["timestamp"] for t in _fetch(env)]
    expect(stamps == sorted(stamps), f"trades are not ascending: {stamps[:6]}...")


@contract("trades", "while paused, fetch_trades() equals the wire's trades (ids = sequence, ms times, sides, "
                    "prices, sizes)")
def check_truth(env: Env) -> None:
    want = _with_ties(env)
    got = [_essence(t) for t in _fetch(env)]
    expect(len(got) == len(want), f"{len(got)} trades, the wire has {len(want)}")
    # Compared as sets of trades here; the order of same-millisecond trades is trades.tie_order's job.
    key = lambda t: (t["timestamp"], str(t["id"]))  # noqa: E731
    for index, (g, w) in enumerate(zip(sorted(got, key=key), sorted(want, key=key))):
        expect(g == w, f"trade {index}: {short(g)} != wire {short(w)}")


@contract("trades", "trades sharing a millisecond keep the exchange's order (sequence): the last is the newest")
def check_tie_order(env: Env) -> None:
    want = [_bare(t) for t in _with_ties(env)]
    got = [_bare(t) for t in _fetch(env)]
    expect(sorted(got) == sorted(want), "fetch_trades does not return the wire's trades (see trades.truth)")
    first = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), None)
    if first is not None:
        raise ContractFailure(f"same-millisecond trades out of order: trade {first} is {got[first]} but the "
                              f"exchange's order (time, then sequence) puts {want[first]} there")


@contract("trades", "since keeps trades at/after since; limit keeps that many consecutive trades")
def check_since_limit(env: Env) -> None:
    want = [_bare(t) for t in true_trades(env, env.client().market_id(SYMBOL))]
    expect(len(want) >= 20, f"the simulator has only {len(want)} trades: the contract needs 20")
    since = want[len(want) // 2][0]
    after = [t for t in want if t[0] >= since]
    got = [_bare(t) for t in _fetch(env, since=since)]
    expect(sorted(got) == sorted(after), f"since={since}: {len(got)} trades, expected the {len(after)} at or "
                                         f"after it")
    # Judged on timestamps and membership, so the order of same-millisecond trades does not matter here.
    got = [_bare(t) for t in _fetch(env, since=since, limit=5)]
    expect(len(got) == 5 and all(t in after for t in got) and [t[0] for t in got] == [t[0] for t in after[:5]],
           f"since={since}, limit=5: got {got}, expected the first five at or after since {after[:5]}")
    got = [_bare(t) for t in _fetch(env, limit=5)]
    expect(len(got) == 5 and all(t in want for t in got), f"limit=5 returned {got}")
    stamps = [t[0] for t in got]
    runs = [[t[0] for t in want[i:i + 5]] for i in range(len(want) - 4)]
    expect(stamps in runs, f"limit=5 returned trades that are not 5 consecutive wire trades: {got}")
