"""Contracts for the order lifecycle: create, fetch, fill, cancel, and the order lists.

Layer: conformance. Rule: unified interface only; truth is the simulator's admin surface (see
:mod:`tradekit`). KuCoin facts: HF orders (https://www.kucoin.com/docs-new/rest/spot-trading/orders/add-order)
have 24-hex ids; status comes from ``active``/``cancelExist``; a cancel of a done or unknown order
answers ``order_not_exist_or_not_allow_to_cancel`` (ccxt: OrderNotFound).
"""
from __future__ import annotations

from typing import Any

from .check import expect, expect_error, same_number, short
from .env import Env
from .registry import contract
from .tradekit import TRADING, D, exchange_cancel, fill, is_hex24, place_resting, quietly_cancel, sim_by_cid, \
    sim_order

__all__ = ["expect_order"]

SYMBOL = "KCS/USDT"
LISTS = "ETH/BTC"  # a quiet market for the open/closed/canceled lists


def expect_order(order: Any, what: str, **want: Any) -> None:
    """``order`` has the wanted fields; numbers compared as numbers."""
    expect(isinstance(order, dict), f"{what}: expected an order dict, got {short(order)}")
    for key, value in want.items():
        have = order.get(key)
        numeric = not isinstance(value, bool) and (isinstance(value, (int, float)) or type(value).__name__ == "Decimal")
        ok = same_number(have, value) if numeric else have == value
        expect(ok, f"{what}: {key} is {have!r}, expected {value!r}")


@contract("orders", "limit order lifecycle: open -> partially filled -> canceled -> cancel again raises "
          "OrderNotFound; status/filled/remaining/average right at each step", requires=TRADING)
def check_lifecycle(env: Env) -> None:
    ex = env.client(private=True)
    created, cid, price = place_resting(env, ex, SYMBOL, "sell", 5, "life")
    oid = created["id"]
    try:
        on_sim = sim_by_cid(env, cid)
        expect(len(on_sim) == 1 and on_sim[0]["id"] == oid,
               f"the simulator holds {short(on_sim)} for clientOid {cid}, expected exactly order {oid}")
        got = ex.fetch_order(oid, SYMBOL)
        expect_order(got, "fetch_order after create", id=oid, clientOrderId=cid, symbol=SYMBOL, type="limit",
                     side="sell", status="open", amount=5, price=price, filled=0, remaining=5)
        fill(env, oid, 2)
        got = ex.fetch_order(oid, SYMBOL)
        expect_order(got, "after a fill of 2", status="open", filled=2, remaining=3, average=price,
                     cost=price * 2)
        ex.cancel_order(oid, SYMBOL)
        truth = sim_order(env, oid)
        expect(truth["status"] == "done" and truth["cancelExist"], f"after cancel_order the simulator has {truth}")
        got = ex.fetch_order(oid, SYMBOL)
        expect_order(got, "after cancel", status="canceled", filled=2, remaining=3, average=price)
        expect_error(lambda: ex.cancel_order(oid, SYMBOL), "OrderNotFound", what="cancelling a canceled order")
    finally:
        quietly_cancel(ex, [oid], SYMBOL)


@contract("orders", "a fully filled order is closed (filled == amount, remaining 0, average == price) and "
          "cancelling it raises OrderNotFound", requires=TRADING)
def check_filled(env: Env) -> None:
    ex = env.client(private=True)
    created, _, price = place_resting(env, ex, SYMBOL, "buy", 3, "filled")
    oid = created["id"]
    fill(env, oid)
    got = ex.fetch_order(oid, SYMBOL)
    expect_order(got, "fetch_order after the full fill", status="closed", filled=3, remaining=0, average=price,
                 cost=price * 3)
    expect_error(lambda: ex.cancel_order(oid, SYMBOL), "OrderNotFound", what="cancelling a filled order")


@contract("orders", "fetch_order and cancel_order of an unknown order id raise OrderNotFound", requires=TRADING)
def check_unknown_order(env: Env) -> None:
    ex = env.client(private=True)
    ghost = "6f" * 12
    expect_error(lambda: ex.fetch_order(ghost, SYMBOL), "OrderNotFound", what="fetch_order of an unknown id")
    expect_error(lambda: ex.cancel_order(ghost, SYMBOL), "OrderNotFound", what="cancel_order of an unknown id")


@contract("orders", "an order the exchange cancels (POST /_sim/cancel) is reported canceled",
          requires=TRADING)
def check_exchange_cancel(env: Env) -> None:
    ex = env.client(private=True)
    created, _, _ = place_resting(env, ex, SYMBOL, "sell", 2, "xcancel")
    exchange_cancel(env, created["id"])
    expect_order(ex.fetch_order(created["id"], SYMBOL), "after the exchange cancelled it", status="canceled",
                 filled=0)


@contract("orders", "fetch_open/closed/canceled_orders agree with the simulator's order states",
          requires=TRADING + ("fetchOpenOrders", "fetchClosedOrders", "fetchCanceledOrders"))
def check_lists(env: Env) -> None:
    ex = env.client(private=True)
    opened, _, _ = place_resting(env, ex, LISTS, "sell", 1, "lopen")
    canceled, _, _ = place_resting(env, ex, LISTS, "sell", 1, "lcancel")
    closed, _, _ = place_resting(env, ex, LISTS, "buy", 1, "lclosed")
    try:
        ex.cancel_order(canceled["id"], LISTS)
        fill(env, closed["id"])
        open_ids = {o["id"]: o for o in ex.fetch_open_orders(LISTS)}
        closed_ids = {o["id"]: o for o in ex.fetch_closed_orders(LISTS)}
        canceled_ids = {o["id"]: o for o in ex.fetch_canceled_orders(LISTS)}
        expect(opened["id"] in open_ids and open_ids[opened["id"]]["status"] == "open",
               f"the open order is missing from fetch_open_orders ({len(open_ids)} orders)")
        expect(closed["id"] not in open_ids and canceled["id"] not in open_ids,
               "a done order is listed by fetch_open_orders")
        expect(closed["id"] in closed_ids and closed_ids[closed["id"]]["status"] == "closed",
               f"the filled order is missing from fetch_closed_orders or not closed: "
               f"{short(closed_ids.get(closed['id']))}")
        expect(opened["id"] not in closed_ids, "the open order is listed by fetch_closed_orders")
        expect(canceled["id"] in canceled_ids and canceled_ids[canceled["id"]]["status"] == "canceled",
               "the canceled order is missing from fetch_canceled_orders or not canceled")
        expect(all(o["status"] == "canceled" for o in canceled_ids.values()),
               "fetch_canceled_orders lists an order that is not canceled")
        for oid, o in open_ids.items():
            truth = sim_order(env, oid)
            expect(truth["status"] == "open", f"fetch_open_orders lists {oid}, which the simulator has {truth}")
            expect(same_number(o["filled"], D(truth["dealSize"])), f"{oid}: filled {o['filled']} != {truth}")
    finally:
        quietly_cancel(ex, [opened["id"]], LISTS)


@contract("orders", "fetch_order_trades and fetch_my_trades agree with the fills (amount, price, fee in "
          "the quote currency at the maker rate)",
          requires=TRADING + ("fetchOrderTrades", "fetchMyTrades"))
def check_order_trades(env: Env) -> None:
    from .tradekit import fee_rate

    ex = env.client(private=True)
    created, _, price = place_resting(env, ex, LISTS, "sell", 4, "trades")
    oid = created["id"]
    fill(env, oid, 1)
    fill(env, oid, 3)
    trades = ex.fetch_order_trades(oid, LISTS)
    expect(sorted(D(t["amount"]) for t in trades) == [1, 3],
           f"fetch_order_trades amounts {[t.get('amount') for t in trades]}, expected fills of 1 and 3")
    rate = fee_rate(env, "ETH-BTC", maker=True)
    for t in trades:
        expect(t["order"] == oid and t["symbol"] == LISTS and t["side"] == "sell",
               f"trade {short(t)} does not belong to order {oid}")
        expect(same_number(t["price"], price), f"trade price {t['price']} != order price {price}")
        expect(same_number(t["cost"], D(t["amount"]) * price), f"trade cost {t['cost']} != amount x price")
        expect(t.get("takerOrMaker") == "maker", f"a resting order's fill is a maker trade, got {t.get('takerOrMaker')}")
        fee = t.get("fee") or {}
        expect(fee.get("currency") == "BTC", f"fee currency {fee.get('currency')!r}, expected the quote BTC")
        expect(same_number(fee.get("cost"), D(t["amount"]) * price * rate),
               f"fee {fee.get('cost')} != amount x price x {rate}")
    mine = {t["id"] for t in ex.fetch_my_trades(LISTS)}
    expect({t["id"] for t in trades} <= mine, "fetch_my_trades misses fills of the order")
    expect(all(is_hex24(t["order"]) for t in trades), "trade order ids are not KuCoin ids")
