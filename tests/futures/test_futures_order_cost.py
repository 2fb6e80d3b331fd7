"""Market orders sized by cost (ccxt's create_market_order_with_cost family): KuCoin's ``valueQty`` on the wire,
refused before sending where the spec does not allow it, and filled by the simulator as the value buys."""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from futures_support import payload, trading_ctx

from kucoin_conformance.simulator import Simulator
from kucoin_connector import AsyncKucoinFutures, KucoinFutures
from kucoin_connector.errors import InvalidOrder
from kucoin_connector.futures.plans import orders as fo
from kucoin_connector.testing import step

BTC = "BTC/USDT:USDT"


def test_cost_goes_out_as_value_qty_and_never_with_a_size():
    run = step(fo.create_order(trading_ctx(), BTC, "market", "buy", None, None, {"cost": "250.5"}),
               payload("futures_order_add.json"))
    (call,) = run.calls
    assert call.params == {"clientOid": "cid1", "side": "buy", "symbol": "XBTUSDTM", "type": "market",
                           "leverage": 1, "valueQty": "250.5"}


@pytest.mark.parametrize("symbol, type, cost", [
    ("BTC/USD:BTC", "market", "100"),  # the spec: valueQty is not supported by coin-margined contracts
    (BTC, "limit", "100"),  # cost sizes market orders only
    (BTC, "market", "-5"),
    (BTC, "market", "0"),
])
def test_a_cost_the_exchange_cannot_take_is_refused_before_sending(symbol, type, cost):
    with pytest.raises(InvalidOrder):
        step(fo.create_order(trading_ctx(), symbol, type, "buy", None, "100" if type == "limit" else None,
                             {"cost": cost}))


@pytest.mark.parametrize("face", [KucoinFutures, AsyncKucoinFutures], ids=["sync", "asyncio"])
def test_the_faces_refuse_a_bad_cost_before_sending(face):
    with pytest.raises(InvalidOrder):
        result = face().create_market_buy_order_with_cost(BTC, float("nan"))
        if asyncio.iscoroutine(result):
            asyncio.run(result)


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=11, symbols=12, tick_interval=0) as s:
        s.step(5)
        yield s


def test_the_simulator_fills_the_whole_lots_the_value_buys_at_the_mark_price(sim):
    config = {**sim.credentials, "urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
              "options": {"numbers": "decimal"}}
    with KucoinFutures(config) as ex:
        mark = ex.fetch_mark_price(BTC)["markPrice"]
        multiplier = Decimal(str(ex.market(BTC)["contractSize"]))
        order = ex.create_market_buy_order_with_cost(BTC, 1000, {"leverage": 5, "marginMode": "isolated"})
        held = next(o for o in sim.futures_orders() if o["id"] == order["id"])
        assert held["size"] == int(Decimal(1000) / (mark * multiplier)) > 0
        assert ex.fetch_order(order["id"], BTC)["filled"] == held["size"]
        sold = ex.create_market_sell_order_with_cost(BTC, 1000, {"reduceOnly": True})
        assert next(o for o in sim.futures_orders() if o["id"] == sold["id"])["size"] == held["size"]
        assert ex.fetch_positions([BTC]) == []
