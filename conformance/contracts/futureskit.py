"""Shared helpers of the futures contracts: the simulator's futures truth, resting prices, clean-up.

Layer: conformance. Rule: the implementation is the futures client of ``Env.futures_client`` (a
``KucoinFutures`` or ``ccxt.kucoinfutures``) used only through the unified interface; the truth is the
futures host's public wire answers (``Env.raw(..., host="futures")``) and the simulator's futures admin
surface (``futures_orders()`` / ``GET /_sim/futures/orders``, ``futures_positions()`` /
``GET /_sim/futures/positions``, ``settle_futures_funding()`` / ``POST /_sim/futures/funding``,
``fill()`` / ``POST /_sim/fill`` take futures ids, sizes in lots).

The futures desk is one account shared by every contract of a run, so each trading contract starts and
ends flat on the contract it uses (:func:`flat`).
"""
from __future__ import annotations

import contextlib
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from .check import expect, short
from .env import Env
from .tradekit import D, new_cid

__all__ = ["FUTURES", "FUTURES_TRADING", "LINEAR", "ETH", "INVERSE", "COMMON_CODES", "raw_contracts",
           "raw_contract", "sim_futures_orders", "sim_futures_order", "sim_position", "settle_funding",
           "resting_price", "market_id", "flat", "open_position", "ISOLATED"]

# Every futures contract needs the implementation's futures client; trading ones the three basic methods.
FUTURES: tuple[str, ...] = ("futures:fetchMarkets",)
FUTURES_TRADING: tuple[str, ...] = ("sim:futures", "futures:createOrder", "futures:fetchOrder",
                                    "futures:cancelOrder")
LINEAR, ETH, INVERSE = "BTC/USDT:USDT", "ETH/USDT:USDT", "BTC/USD:BTC"
# KuCoin's currency codes that ccxt renames (reference/ccxt.md, commonCurrencies).
COMMON_CODES = {"XBT": "BTC"}
# Orders of the trading contracts say their margin mode (the desk's default), so no contract depends on
# another one having switched it.
ISOLATED: dict[str, Any] = {"marginMode": "isolated", "leverage": 3}


# -- ground truth ---------------------------------------------------------------------------------
def _sim(env: Env, name: str, method: str, path: str) -> Any:
    fn = getattr(env.sim, name, None)
    return fn() if callable(fn) else env.admin(method, path)


def raw_contracts(env: Env) -> list[dict]:
    """GET /api/v1/contracts/active as the futures host serves it."""
    return list(env.raw("/api/v1/contracts/active", host="futures"))


def raw_contract(env: Env, market_id: str) -> dict:
    for item in raw_contracts(env):
        if item["symbol"] == market_id:
            return item
    raise KeyError(market_id)


def sim_futures_orders(env: Env) -> list[dict]:
    """Every futures order of the desk (untriggered stops included), oldest first."""
    return list(_sim(env, "futures_orders", "GET", "/_sim/futures/orders") or [])


def sim_futures_order(env: Env, order_id: str) -> dict:
    for o in sim_futures_orders(env):
        if o["id"] == order_id:
            return o
    raise AssertionError(f"the simulator has no futures order {order_id}")


def sim_position(env: Env, market_id: str) -> dict | None:
    """The simulator's open position on ``market_id`` (GET /api/v1/position shape), or None when flat."""
    rows = [p for p in _sim(env, "futures_positions", "GET", "/_sim/futures/positions") or []
            if p["symbol"] == market_id and p.get("currentQty")]
    return rows[0] if rows else None


def settle_funding(env: Env) -> list[dict]:
    """Settle the next funding period now; the funding rows the simulator wrote."""
    return list(_sim(env, "settle_futures_funding", "POST", "/_sim/futures/funding") or [])


# -- prices and positions -------------------------------------------------------------------------
def resting_price(env: Env, market_id: str, side: str, away: str = "0.03") -> Decimal:
    """A price ``away`` behind the best price of the wire's book on ``side``, on the tick, inside the
    contract's 5% price band, so the paused simulator never fills it."""
    book = env.raw("/api/v1/level2/depth20", {"symbol": market_id}, host="futures")
    tick = D(raw_contract(env, market_id)["tickSize"])
    if side == "buy":
        return (D(book["bids"][0][0]) * (1 - Decimal(away)) / tick).to_integral_value(ROUND_FLOOR) * tick
    return (D(book["asks"][0][0]) * (1 + Decimal(away)) / tick).to_integral_value(ROUND_CEILING) * tick


def market_id(ex: Any, symbol: str) -> str:
    return ex.market(symbol)["id"]


def flat(env: Env, ex: Any, symbol: str) -> None:
    """Best effort: no open order and no position left on ``symbol`` (clean-up between contracts)."""
    mid = market_id(ex, symbol)
    for o in sim_futures_orders(env):
        if o["symbol"] == mid and o["isActive"]:
            with contextlib.suppress(Exception):
                ex.cancel_order(o["id"], symbol, {"trigger": True} if o.get("stop") else {})
    pos = sim_position(env, mid)
    if pos is not None:
        side = "sell" if pos["currentQty"] > 0 else "buy"
        with contextlib.suppress(Exception):
            ex.create_order(symbol, "market", side, abs(pos["currentQty"]), None,
                            {"reduceOnly": True, "marginMode": pos["marginMode"].lower()})
    expect(sim_position(env, mid) is None, f"could not flatten the position on {mid}: {short(sim_position(env, mid))}")


def open_position(env: Env, ex: Any, symbol: str, side: str, amount: int) -> dict:
    """Open ``amount`` contracts with a market order (isolated); returns the order as created."""
    flat(env, ex, symbol)
    order = ex.create_order(symbol, "market", side, amount, None, {"clientOrderId": new_cid("fpos"), **ISOLATED})
    expect(isinstance(order, dict) and order.get("id"), f"create_order returned {short(order)}")
    pos = sim_position(env, market_id(ex, symbol))
    expect(pos is not None and abs(pos["currentQty"]) == amount,
           f"a market {side} of {amount} left the simulator's position {short(pos)}")
    return order
