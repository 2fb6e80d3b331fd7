"""Contracts for futures orders: a resting order's lifecycle, a market order's fills, a lost answer.

Layer: conformance. Rule: the futures client through the unified interface; the truth is the simulator's
futures desk (``futures_orders()``). KuCoin Futures facts: orders are placed with POST /api/v1/orders,
sizes in whole contracts (https://www.kucoin.com/docs-new/rest/futures-trading/orders/add-order); a write
is never retried blindly, a lost answer is found by clientOid (kucoin.md).
"""
from __future__ import annotations

from .check import expect, same_number, short
from .env import Env
from .futureskit import ETH, FUTURES_TRADING, ISOLATED, LINEAR, flat, open_position, resting_price, \
    sim_futures_order, sim_futures_orders
from .registry import contract
from .tradekit import D, new_cid

__all__: list[str] = []


@contract("futures orders", "a resting limit order is read back open, listed open, cancelled and read back "
          "cancelled, as the simulator holds it",
          requires=FUTURES_TRADING + ("futures:fetchOpenOrders",))
def check_resting_lifecycle(env: Env) -> None:
    ex = env.futures_client(private=True)
    mid = ex.market(LINEAR)["id"]
    price = resting_price(env, mid, "buy")
    cid = new_cid("frest")
    flat(env, ex, LINEAR)
    created = ex.create_order(LINEAR, "limit", "buy", 2, float(price), {"clientOrderId": cid, **ISOLATED})
    try:
        oid = created["id"]
        truth = sim_futures_order(env, oid)
        expect((truth["clientOid"], truth["size"], D(truth["price"])) == (cid, 2, price),
               f"the simulator holds {short(truth)} for create_order(limit buy 2 @ {price}, {cid})")
        got = ex.fetch_order(oid, LINEAR)
        expect((got["id"], got["status"], got["symbol"], got["side"], got["type"]) ==
               (oid, "open", LINEAR, "buy", "limit"), f"fetch_order of the resting order: {short(got)}")
        expect(same_number(got["amount"], 2) and same_number(got["filled"], 0) and same_number(got["remaining"], 2)
               and same_number(got["price"], price), f"amount/filled/remaining/price: {short(got)}")
        expect(got.get("clientOrderId") == cid, f"clientOrderId {got.get('clientOrderId')!r} != {cid!r}")
        listed = [o for o in ex.fetch_open_orders(LINEAR) if o["id"] == oid]
        expect(len(listed) == 1 and listed[0]["status"] == "open", f"fetch_open_orders lists {short(listed)}")
        ex.cancel_order(oid, LINEAR)
        truth = sim_futures_order(env, oid)
        expect(truth["isActive"] is False and truth["cancelExist"] is True,
               f"after cancel_order the simulator has {short(truth)}")
        got = ex.fetch_order(oid, LINEAR)
        expect(got["status"] == "canceled" and same_number(got["filled"], 0),
               f"fetch_order after the cancel: status {got['status']!r}, filled {got['filled']}")
        expect(all(o["id"] != oid for o in ex.fetch_open_orders(LINEAR)), "the cancelled order is still listed open")
    finally:
        flat(env, ex, LINEAR)


@contract("futures orders", "a market order fills at once: fetch_order says closed and filled = amount, and "
          "the fills of the order sum to its amount, as the simulator dealt it",
          requires=FUTURES_TRADING + ("futures:fetchOrderTrades",))
def check_market_fills(env: Env) -> None:
    ex = env.futures_client(private=True)
    try:
        order = open_position(env, ex, ETH, "buy", 5)
        oid = order["id"]
        truth = sim_futures_order(env, oid)
        expect(truth["dealSize"] == 5 and truth["isActive"] is False, f"the simulator dealt {short(truth)}")
        got = ex.fetch_order(oid, ETH)
        expect(got["status"] == "closed" and same_number(got["filled"], 5) and same_number(got["remaining"], 0),
               f"fetch_order of the filled market order: {short(got)}")
        expect(same_number(got["average"], truth["avgDealPrice"]),
               f"average {got['average']} != the simulator's avgDealPrice {truth['avgDealPrice']}")
        trades = ex.fetch_order_trades(oid, ETH)
        expect(trades and all(t["order"] == oid and t["symbol"] == ETH and t["side"] == "buy" for t in trades),
               f"fetch_order_trades of {oid}: {short(trades)}")
        expect(sum(D(t["amount"]) for t in trades) == 5,
               f"the fills sum to {sum(D(t['amount']) for t in trades)} contracts, not 5")
        size = D(ex.market(ETH)["contractSize"])
        expect(sum(D(t["cost"]) for t in trades) == D(truth["dealValue"]) == sum(
            D(t["price"]) * D(t["amount"]) * size for t in trades),
            f"the fills' cost {sum(D(t['cost']) for t in trades)} != dealValue {truth['dealValue']}")
    finally:
        flat(env, ex, ETH)


@contract("futures unknown outcome", "a placement whose answer is lost (POST /api/v1/orders on the futures host) "
          "returns the order found by client order id, or raises an error carrying that id; the simulator "
          "holds exactly one such order",
          requires=FUTURES_TRADING)
def check_lost_response(env: Env) -> None:
    ex = env.futures_client(private=True)
    mid = ex.market(LINEAR)["id"]
    price = resting_price(env, mid, "buy")
    cid = new_cid("flost")
    order = None
    flat(env, ex, LINEAR)
    fault = {"path": "/api/v1/orders", "method": "POST", "host": "futures", "kind": "lost_response", "count": 1}
    try:
        with env.faults(fault):
            try:
                order = ex.create_order(LINEAR, "limit", "buy", 2, float(price), {"clientOrderId": cid, **ISOLATED})
            except Exception as exc:  # noqa: BLE001 - judged below
                carried = getattr(exc, "client_order_id", None) == cid or cid in str(exc)
                expect(carried, f"the lost placement raised {type(exc).__name__}: {short(str(exc))} without the "
                                f"client order id {cid}")
            expect(not env.admin("GET", "/_sim/faults"),
                   "the fault was never used: the placement did not reach POST /api/v1/orders")
        held = [o for o in sim_futures_orders(env) if o["clientOid"] == cid]
        expect(len(held) == 1, f"the simulator holds {len(held)} futures orders for clientOid {cid}: {short(held)}")
        if order is not None:
            expect(order.get("id") == held[0]["id"],
                   f"the returned order id {order.get('id')!r} is not the placed order {held[0]['id']}")
    finally:
        flat(env, ex, LINEAR)
