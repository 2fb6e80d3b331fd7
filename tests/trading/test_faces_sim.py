"""The faces against the embedded simulator: order lifecycle, balances, no duplicates on lost answers."""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector import AsyncKucoin, Kucoin
from kucoin_connector.errors import InvalidOrder, OrderNotFound


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=11, symbols=40) as s:
        s.pause()
        yield s


def config(sim, **extra):
    creds = {k: sim.credentials[k] for k in ("apiKey", "secret", "password")}
    return {"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}, **creds,
            "options": {"numbers": "str"}, **extra}


@pytest.fixture
def ex(sim):
    sim.clear_faults()
    client = Kucoin(config(sim))
    yield client
    sim.clear_faults()
    client.close()


def low_price(ex, symbol="KCS/USDT"):
    last = Decimal(ex.fetch_ticker(symbol)["last"])
    return ex.price_to_precision(symbol, last * Decimal("0.5"))


def test_has_tells_the_truth(ex):
    for name in ("createOrder", "cancelOrder", "fetchOrder", "fetchOpenOrders", "fetchMyTrades", "fetchBalance",
                 "createOrders", "editOrder", "transfer", "fetchLedger"):
        assert ex.has[name] is True, name
    assert ex.has["createTrailingAmountOrder"] is False


def test_limit_order_lifecycle(ex, sim):
    price = low_price(ex)
    before = ex.fetch_balance()["USDT"]
    order = ex.create_limit_buy_order("KCS/USDT", "2", price, {"clientOrderId": "life-1"})
    assert order["id"] and order["clientOrderId"] == "life-1"
    fetched = ex.fetch_order(order["id"], "KCS/USDT")
    assert (fetched["status"], fetched["amount"], fetched["price"], fetched["filled"]) == ("open", "2", price,
                                                                                          "0")
    held = ex.fetch_balance()["USDT"]
    assert Decimal(held["used"]) - Decimal(before["used"]) == Decimal("2") * Decimal(price)
    assert order["id"] in [o["id"] for o in ex.fetch_open_orders("KCS/USDT")]
    by_cid = ex.fetch_order(None, "KCS/USDT", {"clientOrderId": "life-1"})
    assert by_cid["id"] == order["id"]
    ex.cancel_order(order["id"], "KCS/USDT")
    assert ex.fetch_order(order["id"], "KCS/USDT")["status"] == "canceled"
    assert ex.fetch_balance()["USDT"]["used"] == before["used"]
    with pytest.raises(OrderNotFound):
        ex.cancel_order(order["id"], "KCS/USDT")


def test_fill_shows_in_closed_orders_and_my_trades(ex, sim):
    order = ex.create_limit_buy_order("KCS/USDT", "3", low_price(ex))
    sim.fill(order["id"])
    done = ex.fetch_order(order["id"], "KCS/USDT")
    assert done["status"] == "closed" and done["filled"] == "3"
    assert order["id"] in [o["id"] for o in ex.fetch_closed_orders("KCS/USDT")]
    trades = ex.fetch_order_trades(order["id"], "KCS/USDT")
    assert trades and sum(Decimal(t["amount"]) for t in trades) == Decimal("3")
    assert all(t["order"] == order["id"] and t["symbol"] == "KCS/USDT" for t in trades)


def test_lost_response_never_duplicates(ex, sim):
    sim.add_fault({"path": "/api/v1/hf/orders", "method": "POST", "kind": "lost_response", "count": 1})
    order = ex.create_limit_buy_order("KCS/USDT", "2", low_price(ex), {"clientOrderId": "lost-1"})
    assert order["clientOrderId"] == "lost-1" and order["status"] == "open"
    mine = [o for o in sim.orders() if o["clientOid"] == "lost-1"]
    assert len(mine) == 1 and mine[0]["id"] == order["id"]
    ex.cancel_order(order["id"], "KCS/USDT")


def test_market_buy_by_cost_and_invalid_order_sends_nothing(ex, sim):
    order = ex.create_market_buy_order_with_cost("KCS/USDT", "25.1234567")
    assert order["id"]
    sent = [o for o in sim.orders() if o["id"] == order["id"]]
    assert len(sent) == 1
    count = len(sim.orders())
    with pytest.raises(InvalidOrder):
        ex.create_limit_buy_order("KCS/USDT", "0.00001", "1")  # below baseMinSize and the step
    assert len(sim.orders()) == count


def test_async_face_create_and_cancel(sim):
    async def main():
        async with AsyncKucoin(config(sim)) as ex:
            await ex.load_markets()
            ticker = await ex.fetch_ticker("KCS/USDT")
            price = ex.price_to_precision("KCS/USDT", Decimal(ticker["last"]) * Decimal("0.5"))
            order = await ex.create_order("KCS/USDT", "limit", "buy", "2", price)
            fetched = await ex.fetch_order(order["id"], "KCS/USDT")
            await ex.cancel_order(order["id"], "KCS/USDT")
            again = await ex.fetch_order(order["id"], "KCS/USDT")
            balance = await ex.fetch_balance()
            return fetched["status"], again["status"], balance["USDT"]["total"]
    assert asyncio.run(main())[:2] == ("open", "canceled")
