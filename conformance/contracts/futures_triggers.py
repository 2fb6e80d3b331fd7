"""Contracts for futures stop orders: a stop-loss protecting a position triggers when the price crosses it.

Layer: conformance. Rule: the futures client through the unified interface; the market is moved only with
``Env.step`` (the simulator's own price process), and the truth is the futures host's ticker (the last
trade price, KuCoin's ``TP`` trigger) and the simulator's desk. ccxt: ``stopLossPrice`` on a sell places a
reduce-only stop "down" (reference/ccxt.md); ``triggerPriceType: "last"`` makes KuCoin watch the last
trade price (https://www.kucoin.com/docs-new/rest/futures-trading/orders/add-order).
"""
from __future__ import annotations

from decimal import Decimal

from .check import expect, short
from .env import Env
from .futureskit import FUTURES_TRADING, ISOLATED, LINEAR, flat, open_position, raw_contract, sim_futures_order, \
    sim_futures_orders, sim_position
from .registry import contract
from .tradekit import D, new_cid

__all__: list[str] = []

_MAX_STEPS = 300  # the simulator's random walk crosses a level one tick away within a few steps


def _last(env: Env, market_id: str) -> Decimal:
    return D(env.raw("/api/v1/ticker", {"symbol": market_id}, host="futures")["price"])


def _trigger_price(env: Env, market_id: str, kind: str) -> Decimal:
    """The price a stop of ``stopPriceType`` ``kind`` watches, as the futures host publishes it."""
    if kind == "TP":
        return _last(env, market_id)
    mark = env.raw(f"/api/v1/mark-price/{market_id}/current", host="futures")
    return D(mark["value"] if kind == "MP" else mark["indexPrice"])


@contract("futures triggers", "a stop-loss (stopLossPrice, last price) on a long waits untriggered while the "
          "last price stays above it, is listed among the trigger orders, and once the last price crosses it "
          "the position is closed by that order",
          requires=FUTURES_TRADING + ("futures:createStopLossOrder", "futures:fetchOpenOrders"))
def check_stop_loss_closes_the_position(env: Env) -> None:
    ex = env.futures_client(private=True)
    mid = ex.market(LINEAR)["id"]
    tick = D(raw_contract(env, mid)["tickSize"])
    try:
        open_position(env, ex, LINEAR, "buy", 2)
        level = _last(env, mid) - tick
        stop = ex.create_order(LINEAR, "market", "sell", 2, None,
                               {"stopLossPrice": float(level), "triggerPriceType": "last", "reduceOnly": True,
                                "clientOrderId": new_cid("fsl"), **ISOLATED})
        truth = sim_futures_order(env, stop["id"])
        expect(truth["stop"] == "down" and D(truth["stopPrice"]) == level and truth["stopPriceType"] == "TP"
               and truth["reduceOnly"] is True and truth["stopTriggered"] is False,
               f"the stop-loss is held as {short(truth)}: expected an untriggered reduce-only stop down at {level} "
               f"(TP)")
        listed = [o["id"] for o in ex.fetch_open_orders(LINEAR, None, None, {"trigger": True})]
        expect(stop["id"] in listed, f"fetch_open_orders(trigger) lists {listed}, not the stop-loss {stop['id']}")
        steps = 0
        while _last(env, mid) > level:
            expect(sim_position(env, mid) is not None, f"the position closed at last {_last(env, mid)} above the "
                                                       f"stop-loss at {level}")
            expect(steps < _MAX_STEPS, f"the simulator's last price never crossed {level} in {_MAX_STEPS} steps")
            env.step()
            steps += 1
        truth = sim_futures_order(env, stop["id"])
        expect(truth["stopTriggered"] is True and truth["dealSize"] == 2,
               f"the last price crossed {level} but the stop-loss is {short(truth)}")
        expect(sim_position(env, mid) is None, f"the triggered stop-loss left {short(sim_position(env, mid))}")
        expect(not [p for p in ex.fetch_positions([LINEAR]) if p.get("contracts")],
               "fetch_positions still reports the closed position")
        got = ex.fetch_order(stop["id"], LINEAR)
        expect(got["status"] == "closed" and D(got["filled"]) == 2,
               f"fetch_order of the triggered stop-loss: status {got['status']!r} filled {got['filled']}")
    finally:
        flat(env, ex, LINEAR)


@contract("futures triggers", "an order with an attached stop-loss and take-profit opens the position and "
          "leaves both waiting; when the price crosses the stop-loss the position closes and the take-profit is "
          "cancelled with it",
          requires=FUTURES_TRADING + ("futures:createStopLossOrder", "futures:createTakeProfitOrder"))
def check_attached_stop_loss_cancels_the_take_profit(env: Env) -> None:
    ex = env.futures_client(private=True)
    mid = ex.market(LINEAR)["id"]
    tick = D(raw_contract(env, mid)["tickSize"])
    cid = new_cid("fsltp")
    try:
        flat(env, ex, LINEAR)
        # The market buy trades at the best ask: a stop-loss one tick below it waits until a trade below.
        ask = D(env.raw("/api/v1/level2/depth20", {"symbol": mid}, host="futures")["asks"][0][0])
        loss, profit = ask - tick, ask * Decimal("1.04") // tick * tick
        attached = {"stopLoss": {"triggerPrice": float(loss), "triggerPriceType": "last"},
                    "takeProfit": {"triggerPrice": float(profit), "triggerPriceType": "last"}}
        ex.create_order(LINEAR, "market", "buy", 2, None, {"clientOrderId": cid, **attached, **ISOLATED})
        pos = sim_position(env, mid)
        expect(pos is not None and pos["currentQty"] == 2, f"the order opened {short(pos)}, not a long of 2")
        legs = {o["stop"]: o for o in sim_futures_orders(env) if o["symbol"] == mid and o["stop"] and o["isActive"]}
        expect(set(legs) == {"up", "down"} and D(legs["down"]["stopPrice"]) == loss
               and D(legs["up"]["stopPrice"]) == profit,
               f"the simulator holds the stops {short(legs)}: expected down at {loss} and up at {profit}")
        kind = legs["down"]["stopPriceType"]
        expect(kind == legs["up"]["stopPriceType"] == "TP", f"the stops watch {kind}, not the last price (TP)")
        steps = 0
        while _trigger_price(env, mid, kind) > loss:
            expect(sim_position(env, mid) is not None, f"the position closed above the stop-loss at {loss}")
            expect(steps < _MAX_STEPS, f"the simulator's {kind} price never crossed {loss} in {_MAX_STEPS} steps")
            env.step()
            steps += 1
        expect(sim_position(env, mid) is None, f"the stop-loss was crossed but the simulator holds "
                                               f"{short(sim_position(env, mid))}")
        sl, tp = sim_futures_order(env, legs["down"]["id"]), sim_futures_order(env, legs["up"]["id"])
        expect(sl["stopTriggered"] is True and sl["dealSize"] == 2, f"the stop-loss leg is {short(sl)}")
        expect(tp["isActive"] is False and tp["stopTriggered"] is False, f"the take-profit leg is {short(tp)}")
        waiting = [o["id"] for o in ex.fetch_open_orders(LINEAR, None, None, {"trigger": True})]
        expect(tp["id"] not in waiting and sl["id"] not in waiting,
               f"fetch_open_orders(trigger) still lists {waiting} after the stop-loss closed the position")
    finally:
        flat(env, ex, LINEAR)
