"""Shared helpers of the trading contracts: simulator ground truth, safe prices, client order ids.

Layer: conformance. Rule: the implementation is used only through its unified interface; the truth
comes from the simulator's admin surface over HTTP (``GET /_sim/orders``, ``GET /_sim/balances``,
``POST /_sim/fill``, ``POST /_sim/cancel``, ``POST /_sim/deposit``; issue 3's shared contract), so the
same contract judges ``kucoin_connector.Kucoin`` and ``ccxt.kucoin``.

Prices of orders meant to rest are a few percent away from the true book, inside KuCoin's
``priceLimitRate`` band (https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-all-symbols),
and rounded to ``priceIncrement`` away from the market, so the paused simulator never fills them.
"""
from __future__ import annotations

import contextlib
import itertools
import uuid
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Iterable

from .check import expect, num, short
from .env import Env

__all__ = ["TRADING", "ORDER_POST_PATHS", "new_cid", "sim_orders", "sim_order", "sim_by_cid", "sim_balance",
           "fill", "exchange_cancel", "deposit", "resting_price", "best", "place_resting", "quietly_cancel", "fee_rate",
           "order_requests", "D", "is_hex24"]

# Every trading contract needs these: the simulator's trading surface and the three basic methods.
TRADING: tuple[str, ...] = ("sim:trading", "createOrder", "fetchOrder", "cancelOrder")
# HF (the connector's default) and classic (what an implementation may choose) order placement paths.
ORDER_POST_PATHS: tuple[str, ...] = ("/api/v1/hf/orders", "/api/v1/orders")

_SEQ = itertools.count(1)
_RUN = uuid.uuid4().hex[:10]


def D(value: Any) -> Decimal:
    """A number of any representation (float, Decimal, wire string) as Decimal; None -> 0."""
    out = num(value)
    return Decimal(0) if out is None else out


def is_hex24(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 24 and all(c in "0123456789abcdef" for c in value.lower())


def new_cid(tag: str) -> str:
    """A client order id unique across runs on one simulator: [A-Za-z0-9_-], at most 40 chars."""
    return f"cf{tag[:12]}{_RUN}{next(_SEQ):06d}"[:40]


# -- ground truth ---------------------------------------------------------------------------------
def _sim_call(env: Env, name: str, method: str, path: str, body: dict | None = None, *args: Any,
              **kwargs: Any) -> Any:
    """The simulator's public Python method ``name`` when it has one, else its HTTP admin route."""
    fn = getattr(env.sim, name, None)
    if callable(fn):
        return fn(*args, **kwargs)
    return env.admin(method, path, body)


def sim_orders(env: Env) -> list[dict]:
    """All simulator orders of the key the implementation signs with."""
    key = env.credentials()["apiKey"]
    return [o for o in _sim_call(env, "orders", "GET", "/_sim/orders") or [] if o.get("apiKey") in (None, key)]


def sim_order(env: Env, order_id: str) -> dict:
    for o in sim_orders(env):
        if o["id"] == order_id:
            return o
    raise AssertionError(f"the simulator has no order {order_id}")


def sim_by_cid(env: Env, cid: str) -> list[dict]:
    return [o for o in sim_orders(env) if o.get("clientOid") == cid]


def sim_balance(env: Env, account: str, currency: str) -> dict[str, Decimal]:
    """``{"balance", "available", "holds"}`` as Decimal for ``account`` (trade_hf, trade, main, margin)."""
    row = (_sim_call(env, "balances", "GET", "/_sim/balances") or {}).get(f"{account}:{currency}") or {}
    return {k: D(row.get(k, "0")) for k in ("balance", "available", "holds")}


def fill(env: Env, order_id: str, size: Any = None) -> Any:
    body: dict[str, Any] = {"orderId": order_id}
    if size is not None:
        body["size"] = format(D(size), "f")
    return _sim_call(env, "fill", "POST", "/_sim/fill", body, order_id, body.get("size"))


def exchange_cancel(env: Env, order_id: str) -> Any:
    return _sim_call(env, "cancel", "POST", "/_sim/cancel", {"orderId": order_id}, order_id)


def deposit(env: Env, currency: str, amount: str, account: str = "main") -> Any:
    body = {"currency": currency, "amount": amount, "type": account}
    return _sim_call(env, "deposit", "POST", "/_sim/deposit", body, currency, amount, type=account)


def fee_rate(env: Env, market_id: str, maker: bool = True) -> Decimal:
    """KuCoin's spot fee: 0.1% for fee category 1, times the symbol's maker/taker coefficient."""
    sym = env.raw_symbol(market_id)
    return Decimal("0.001") * D(sym.get("makerFeeCoefficient" if maker else "takerFeeCoefficient", "1"))


# -- prices and orders ----------------------------------------------------------------------------
def best(env: Env, market_id: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(best bid, bid size, best ask, ask size) of the simulator's true book."""
    book = env.book(market_id)
    (bp, bs), (ap, asz) = book["bids"][0], book["asks"][0]
    return D(bp), D(bs), D(ap), D(asz)


def resting_price(env: Env, market_id: str, side: str, away: str = "0.04") -> Decimal:
    """A price ``away`` (fraction) behind the best price on ``side``, on the tick, inside the limit band."""
    bid, _, ask, _ = best(env, market_id)
    tick = D(env.raw_symbol(market_id)["priceIncrement"])
    if side == "buy":
        raw = bid * (1 - Decimal(away))
        return (raw / tick).to_integral_value(ROUND_FLOOR) * tick
    raw = ask * (1 + Decimal(away))
    return (raw / tick).to_integral_value(ROUND_CEILING) * tick


def place_resting(env: Env, ex: Any, symbol: str, side: str, amount: Any, tag: str,
                  params: dict | None = None) -> tuple[dict, str, Decimal]:
    """Create a limit order that rests; returns (order as returned, client order id, price)."""
    market_id = symbol.replace("/", "-")
    price = resting_price(env, market_id, side)
    cid = new_cid(tag)
    order = ex.create_order(symbol, "limit", side, float(amount), float(price),
                            {"clientOrderId": cid, **(params or {})})
    expect(isinstance(order, dict) and is_hex24(order.get("id")),
           f"create_order returned {short(order)}: expected an order with KuCoin's 24-hex id")
    return order, cid, price


def quietly_cancel(ex: Any, ids: Iterable[str], symbol: str) -> None:
    """Best-effort clean-up so later contracts start without resting orders."""
    for oid in ids:
        with contextlib.suppress(Exception):
            ex.cancel_order(oid, symbol)


def order_requests(sent: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The order placement/cancel requests among ``sent`` (timestamp probes and reads aside)."""
    return [(m, p) for m, p in sent if m in ("POST", "DELETE") and "order" in p]
