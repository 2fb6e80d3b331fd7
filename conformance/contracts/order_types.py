"""Contracts for order kinds and bulk operations: market buy by cost, post-only, IOC, FOK, batch
create, edit and cancel-all.

Layer: conformance. Rule: unified interface only; truth from the simulator (see :mod:`tradekit`).
KuCoin facts (https://www.kucoin.com/docs-new/rest/spot-trading/orders/add-order): a market buy may
give ``funds`` (quote amount); post-only orders that would take are cancelled by the exchange; IOC
cancels the unfilled rest; FOK fills completely or not at all. The HF modify endpoint
(POST /api/v1/hf/orders/alter) replaces the order by a new one with a new id.
"""
from __future__ import annotations

from .check import expect, same_number, short
from .env import Env
from .orders import SYMBOL, expect_order
from .registry import contract
from .tradekit import TRADING, D, best, is_hex24, new_cid, place_resting, quietly_cancel, resting_price, \
    sim_by_cid, sim_order, sim_orders

__all__: list[str] = []


@contract("order types", "a market buy by cost spends at most the cost and is closed; filled and cost "
          "equal the simulator's dealSize and dealFunds", requires=TRADING + ("createMarketBuyOrderWithCost",))
def check_market_buy_cost(env: Env) -> None:
    ex = env.client(private=True)
    cost = 25
    order = ex.create_market_buy_order_with_cost(SYMBOL, cost)
    oid = order["id"]
    truth = sim_order(env, oid)
    got = ex.fetch_order(oid, SYMBOL)
    _, _, ask, _ = best(env, "KCS-USDT")
    expect_order(got, "market buy by cost", type="market", side="buy", status="closed")
    expect(same_number(got["filled"], D(truth["dealSize"])) and same_number(got["cost"], D(truth["dealFunds"])),
           f"filled/cost {got['filled']}/{got['cost']} != simulator {truth['dealSize']}/{truth['dealFunds']}")
    expect(0 < D(truth["dealFunds"]) <= cost, f"the simulator spent {truth['dealFunds']} for a cost of {cost}")
    expect(D(got["filled"]) > 0, "nothing was bought")


@contract("order types", "a post-only order that would cross is cancelled by the exchange with nothing "
          "filled; one that does not cross rests with postOnly true", requires=TRADING + ("createPostOnlyOrder",))
def check_post_only(env: Env) -> None:
    ex = env.client(private=True)
    _, _, ask, _ = best(env, "KCS-USDT")
    cid = new_cid("pocross")
    try:
        order = ex.create_order(SYMBOL, "limit", "buy", 2, float(ask), {"postOnly": True, "clientOrderId": cid})
    except Exception as exc:  # noqa: BLE001 - a rejection is acceptable if nothing is left behind
        order = None
        expect(type(exc).__name__ in ("OrderImmediatelyFillable", "InvalidOrder"),
               f"a crossing post-only order raised {type(exc).__name__}: {exc}")
    on_sim = sim_by_cid(env, cid)
    expect(all(o["status"] == "done" and D(o["dealSize"]) == 0 for o in on_sim),
           f"a crossing post-only order traded or rests on the simulator: {short(on_sim)}")
    if order is not None:
        expect_order(ex.fetch_order(order["id"], SYMBOL), "crossing post-only", status="canceled", filled=0)
    resting, _, _ = place_resting(env, ex, SYMBOL, "buy", 2, "porest", {"postOnly": True})
    try:
        expect_order(ex.fetch_order(resting["id"], SYMBOL), "non-crossing post-only", status="open",
                     postOnly=True)
    finally:
        quietly_cancel(ex, [resting["id"]], SYMBOL)


@contract("order types", "IOC takes what the best level offers and cancels the rest; FOK beyond the best "
          "level fills nothing and is cancelled, FOK within it fills completely", requires=TRADING)
def check_ioc_fok(env: Env) -> None:
    ex = env.client(private=True)
    _, _, ask, ask_size = best(env, "KCS-USDT")
    amount = ask_size + 3
    ioc = ex.create_order(SYMBOL, "limit", "buy", float(amount), float(ask), {"timeInForce": "IOC"})
    got = ex.fetch_order(ioc["id"], SYMBOL)
    expect_order(got, "IOC beyond the best level", status="canceled", filled=ask_size, remaining=3,
                 timeInForce="IOC")
    expect(sim_order(env, ioc["id"])["status"] == "done", "the IOC order still rests on the simulator")

    _, _, ask, ask_size = best(env, "KCS-USDT")
    fok = ex.create_order(SYMBOL, "limit", "buy", float(ask_size + 3), float(ask), {"timeInForce": "FOK"})
    expect_order(ex.fetch_order(fok["id"], SYMBOL), "FOK beyond the best level", status="canceled", filled=0)
    small = min(ask_size, D(2))
    fok = ex.create_order(SYMBOL, "limit", "buy", float(small), float(ask), {"timeInForce": "FOK"})
    expect_order(ex.fetch_order(fok["id"], SYMBOL), "FOK within the best level", status="closed", filled=small,
                 remaining=0)


@contract("order types", "create_orders places a batch: one result per order, in order, each on the "
          "simulator with its clientOrderId", requires=TRADING + ("createOrders",))
def check_batch(env: Env) -> None:
    ex = env.client(private=True)
    buy_p, sell_p = resting_price(env, "KCS-USDT", "buy"), resting_price(env, "KCS-USDT", "sell")
    cids = [new_cid("batch1"), new_cid("batch2")]
    orders = ex.create_orders([
        {"symbol": SYMBOL, "type": "limit", "side": "buy", "amount": 2, "price": float(buy_p),
         "params": {"clientOrderId": cids[0]}},
        {"symbol": SYMBOL, "type": "limit", "side": "sell", "amount": 3, "price": float(sell_p),
         "params": {"clientOrderId": cids[1]}},
    ])
    ids = [o.get("id") for o in orders]
    try:
        expect(len(orders) == 2 and all(is_hex24(i) for i in ids), f"create_orders returned {short(orders)}")
        for oid, cid, side, size, price in zip(ids, cids, ("buy", "sell"), (2, 3), (buy_p, sell_p)):
            truth = sim_order(env, oid)
            expect(truth["clientOid"] == cid and truth["side"] == side and D(truth["size"]) == size
                   and D(truth["price"]) == price and truth["status"] == "open",
                   f"batch order {oid} on the simulator is {truth}")
    finally:
        # Clean up by clientOid too: a batch placed on the exchange but misread by the client (an empty
        # or short answer) must not leave resting orders holding funds for the following contracts.
        placed = {o["id"] for cid in cids for o in sim_by_cid(env, cid) if o["status"] == "open"}
        quietly_cancel(ex, sorted(placed | {i for i in ids if i}), SYMBOL)


@contract("order types", "edit_order changes price and amount: the simulator then holds exactly one open "
          "order with the new values and the old one is done", requires=TRADING + ("editOrder",))
def check_edit(env: Env) -> None:
    ex = env.client(private=True)
    created, _, price = place_resting(env, ex, SYMBOL, "sell", 2, "edit")
    tick = D(env.raw_symbol("KCS-USDT")["priceIncrement"])
    new_price = price + 5 * tick
    edited = ex.edit_order(created["id"], SYMBOL, "limit", "sell", 4, float(new_price))
    new_id = edited.get("id")
    try:
        expect(is_hex24(new_id), f"edit_order returned {short(edited)}")
        truth = sim_order(env, new_id)
        expect(truth["status"] == "open" and D(truth["price"]) == new_price and D(truth["size"]) == 4,
               f"after edit_order the simulator has {truth}")
        if new_id != created["id"]:
            expect(sim_order(env, created["id"])["status"] == "done", "the replaced order is still open")
        expect_order(ex.fetch_order(new_id, SYMBOL), "the edited order", status="open", price=new_price, amount=4)
    finally:
        quietly_cancel(ex, [created["id"], new_id or ""], SYMBOL)


@contract("order types", "cancel_all_orders(symbol) cancels every open order of that symbol and no other",
          requires=TRADING + ("cancelAllOrders",))
def check_cancel_all(env: Env) -> None:
    ex = env.client(private=True)
    a, _, _ = place_resting(env, ex, SYMBOL, "buy", 2, "call1")
    b, _, _ = place_resting(env, ex, SYMBOL, "sell", 2, "call2")
    other, _, _ = place_resting(env, ex, "ETH/BTC", "sell", 1, "callx")
    try:
        ex.cancel_all_orders(SYMBOL)
        left = [o for o in sim_orders(env) if o["symbol"] == "KCS-USDT" and o["status"] == "open"]
        expect(not left, f"open KCS-USDT orders left after cancel_all_orders: {short(left)}")
        for oid in (a["id"], b["id"]):
            expect(sim_order(env, oid)["cancelExist"], f"{oid} is not cancelled on the simulator")
        expect(sim_order(env, other["id"])["status"] == "open", "cancel_all_orders(KCS/USDT) cancelled ETH/BTC")
    finally:
        quietly_cancel(ex, [other["id"]], "ETH/BTC")
