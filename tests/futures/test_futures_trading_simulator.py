"""KucoinFutures trading end to end against the simulator's futures desk: what the connector reports equals
what the exchange holds (orders, fills, positions, margin, balances, funding), and a lost answer never
leaves a second order."""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector import AsyncKucoinFutures, KucoinFutures
from kucoin_connector.errors import InvalidOrder, OrderNotFound

SYMBOL = "BTC/USDT:USDT"


@pytest.fixture
def sim():
    with Simulator(seed=11, symbols=12, tick_interval=0) as s:
        s.step(5)
        yield s


def _config(sim, **extra):
    return {**sim.credentials, "urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
            "options": {"numbers": "decimal"}, **extra}


@pytest.fixture
def ex(sim):
    with KucoinFutures(_config(sim)) as client:
        yield client


def _far_bid(ex):
    book = ex.fetch_order_book(SYMBOL, 20)
    return Decimal(str(book["bids"][-1][0])) * Decimal("0.95")


def _sim_order(sim, order_id):
    return next(o for o in sim.futures_orders() if o["id"] == order_id)


def test_a_resting_limit_order_is_read_listed_and_cancelled_as_the_exchange_holds_it(sim, ex):
    price = ex.price_to_precision(SYMBOL, _far_bid(ex))
    order = ex.create_order(SYMBOL, "limit", "buy", 3, price, {"leverage": 5, "marginMode": "isolated"})
    held = _sim_order(sim, order["id"])
    assert (held["clientOid"], held["size"], held["leverage"]) == (order["clientOrderId"], 3, "5")
    fetched = ex.fetch_order(order["id"], SYMBOL)
    assert (fetched["status"], fetched["amount"], fetched["price"]) == ("open", 3, Decimal(price))
    assert fetched["clientOrderId"] == order["clientOrderId"]
    assert [o["id"] for o in ex.fetch_open_orders(SYMBOL)] == [order["id"]]
    ex.cancel_order(order["id"], SYMBOL)
    assert ex.fetch_order(order["id"], SYMBOL)["status"] == "canceled"
    assert _sim_order(sim, order["id"])["isActive"] is False
    assert ex.fetch_open_orders(SYMBOL) == []


def test_a_filled_market_order_opens_the_position_the_exchange_reports_and_close_position_ends_it(sim, ex):
    order = ex.create_order(SYMBOL, "market", "buy", 4, None, {"leverage": 10, "marginMode": "isolated"})
    assert ex.fetch_order(order["id"], SYMBOL)["status"] == "closed"
    trades = ex.fetch_my_trades(SYMBOL)
    assert sum(t["amount"] for t in trades if t["order"] == order["id"]) == 4
    position = ex.fetch_position(SYMBOL)
    (truth,) = [p for p in sim.futures_positions() if p["symbol"] == "XBTUSDTM"]
    assert (position["side"], position["contracts"]) == ("long", 4) and truth["currentQty"] == 4
    assert position["entryPrice"] == Decimal(str(truth["avgEntryPrice"]))
    assert position["contractSize"] == Decimal(str(ex.market(SYMBOL)["contractSize"]))
    assert [p["symbol"] for p in ex.fetch_positions()] == [SYMBOL]
    ex.close_position(SYMBOL)
    assert [p for p in sim.futures_positions() if p["symbol"] == "XBTUSDTM"] == []
    assert ex.fetch_positions() == []


def test_reduce_only_never_flips_a_position(sim, ex):
    ex.create_order(SYMBOL, "market", "buy", 2, None, {"leverage": 5, "marginMode": "isolated"})
    ex.create_order(SYMBOL, "market", "sell", 5, None, {"reduceOnly": True, "marginMode": "isolated"})
    assert [p for p in sim.futures_positions() if p["symbol"] == "XBTUSDTM"] == []
    with pytest.raises(InvalidOrder):  # nothing left to reduce
        ex.create_order(SYMBOL, "market", "sell", 1, None, {"reduceOnly": True, "marginMode": "isolated"})


def test_margin_mode_and_cross_leverage_round_trip(sim, ex):
    assert ex.fetch_margin_mode(SYMBOL)["marginMode"] == "isolated"
    ex.set_margin_mode("cross", SYMBOL)
    assert ex.fetch_margin_mode(SYMBOL)["marginMode"] == "cross"
    ex.set_leverage(7, SYMBOL, {"marginMode": "cross"})
    leverage = ex.fetch_leverage(SYMBOL, {"marginMode": "cross"})
    assert (leverage["longLeverage"], leverage["shortLeverage"]) == (7, 7)


def test_the_futures_balance_moves_with_a_transfer_and_margin_in_use(sim, ex):
    before = ex.fetch_balance({"code": "USDT"})["USDT"]
    ex.transfer("USDT", 25, "spot", "future")
    after = ex.fetch_balance({"code": "USDT"})["USDT"]
    assert after["total"] - before["total"] == 25
    price = ex.price_to_precision(SYMBOL, _far_bid(ex))
    ex.create_order(SYMBOL, "limit", "buy", 2, price, {"leverage": 2, "marginMode": "isolated"})
    held = ex.fetch_balance({"code": "USDT"})["USDT"]
    assert held["used"] > 0 and held["free"] + held["used"] == held["total"]
    ex.cancel_all_orders(SYMBOL)
    assert ex.fetch_balance({"code": "USDT"})["USDT"]["used"] == 0


def test_funding_settled_on_an_open_position_is_in_the_funding_history(sim, ex):
    ex.create_order(SYMBOL, "market", "sell", 3, None, {"leverage": 3, "marginMode": "isolated"})
    rows = sim.settle_futures_funding()
    assert rows
    history = ex.fetch_funding_history(SYMBOL)
    assert len(history) == len([r for r in rows if r.get("symbol", "XBTUSDTM") == "XBTUSDTM"])
    assert all(h["symbol"] == SYMBOL and h["code"] == "USDT" for h in history)


def test_a_stop_order_waits_among_the_stop_orders_and_cancel_all_with_stop_removes_it(sim, ex):
    last = Decimal(str(ex.fetch_ticker(SYMBOL)["last"]))
    trigger = ex.price_to_precision(SYMBOL, last * Decimal("1.2"))
    order = ex.create_order(SYMBOL, "market", "buy", 1, None,
                            {"triggerPrice": trigger, "leverage": 3, "marginMode": "isolated"})
    assert [o["id"] for o in ex.fetch_open_orders(SYMBOL, params={"trigger": True})] == [order["id"]]
    ex.cancel_all_orders(SYMBOL, {"trigger": True})
    assert ex.fetch_open_orders(SYMBOL, params={"trigger": True}) == []


def test_a_lost_answer_is_reconciled_by_client_order_id_and_never_duplicated(sim, ex):
    sim.add_fault({"path": "/api/v1/orders", "method": "POST", "host": "futures", "kind": "lost_response"})
    price = ex.price_to_precision(SYMBOL, _far_bid(ex))
    order = ex.create_order(SYMBOL, "limit", "buy", 2, price, {"leverage": 2, "marginMode": "isolated"})
    assert sim.faults.pending() == []  # the answer really was lost
    mine = [o for o in sim.futures_orders() if o["symbol"] == "XBTUSDTM"]
    assert [o["id"] for o in mine] == [order["id"]]
    assert order["clientOrderId"] == mine[0]["clientOid"]


def test_an_unknown_order_id_is_order_not_found(sim, ex):
    with pytest.raises(OrderNotFound):
        ex.fetch_order("5c35c02703aa673ceec2a168", SYMBOL)


def test_the_asyncio_face_trades_the_same_way(sim):
    async def main():
        async with AsyncKucoinFutures(_config(sim)) as ex:
            order = await ex.create_order(SYMBOL, "market", "buy", 1, None, {"leverage": 4, "marginMode": "isolated"})
            position = await ex.fetch_position(SYMBOL)
            closed = await ex.close_position(SYMBOL)
            return order, position, closed

    order, position, closed = asyncio.run(main())
    assert position["contracts"] == 1 and position["side"] == "long"
    assert closed["id"] != order["id"]
    assert [p for p in sim.futures_positions() if p["symbol"] == "XBTUSDTM"] == []
