"""Private futures streams: the official examples of /contractMarket/tradeOrders and /contractAccount/wallet
as ccxt.pro's classic handlers read them, and the faces' watch_orders/watch_my_trades/watch_balance on a
private futures connection fed through the simulator's hook (``Simulator.futures_private_push``)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from futures_support import contract_items
from futures_ws_support import futures_config, ws_example

from kucoin_conformance.simulator import Simulator
from kucoin_connector import KucoinFutures
from kucoin_connector.core.numbers import number_converter
from kucoin_connector.futures.parsers.contracts import parse_contract
from kucoin_connector.futures.private_pushes import my_trade_from_change, order_from_change, wallet_entry_from_push

DECIMAL = number_converter("decimal")
PRIVATE = "openapi-futures-private.json"
ORDER_KEYS = set(
    "info id clientOrderId symbol type timeInForce postOnly reduceOnly side amount price stopPrice triggerPrice "
    "cost filled remaining timestamp datetime fee status lastTradeTimestamp lastUpdateTimestamp average trades "
    "fees takeProfitPrice stopLossPrice".split())
FILL = {"tradeId": "1794100537695", "matchPrice": "91670", "matchSize": "1", "type": "match", "filledSize": "1",
        "remainSize": "0", "status": "match", "liquidity": "maker", "orderType": "limit", "fee": "0.0183",
        "feeRate": "0.0002"}


@pytest.fixture
def market():
    return parse_contract(contract_items()[0], DECIMAL)


def test_an_open_order_change_is_a_ccxt_order(market):
    data = ws_example("/contractMarket/tradeOrders:{symbol}", PRIVATE)["data"]
    order = order_from_change(data, market, DECIMAL)
    assert set(order) == ORDER_KEYS and order["info"] == data
    assert (order["id"], order["symbol"], order["side"], order["status"]) == ("247899236673269761", "BTC/USDT:USDT",
                                                                              "buy", "open")
    assert (order["price"], order["amount"], order["filled"], order["remaining"]) == (Decimal(91670), 1, 0, 1)
    assert order["timestamp"] == 1731916985768 and order["lastUpdateTimestamp"] == 1731916985789


@pytest.mark.parametrize("event,status", [("filled", "closed"), ("canceled", "canceled"), ("match", "open"),
                                          ("update", "open")])
def test_order_status_follows_the_change_type_as_ccxt(market, event, status):
    data = dict(ws_example("/contractMarket/tradeOrders:{symbol}", PRIVATE)["data"], type=event)
    assert order_from_change(data, market, DECIMAL)["status"] == status


def test_a_fill_is_also_one_of_my_trades_with_contract_cost_and_fee(market):
    data = {**ws_example("/contractMarket/tradeOrders:{symbol}", PRIVATE)["data"], **FILL}
    trade = my_trade_from_change(data, market, DECIMAL)
    assert (trade["id"], trade["order"], trade["takerOrMaker"], trade["type"]) == ("1794100537695",
                                                                                   "247899236673269761", "maker",
                                                                                   "limit")
    assert trade["price"] == 91670 and trade["amount"] == 1 and trade["cost"] == Decimal("91.670")  # x 0.001
    assert trade["fee"] == {"cost": Decimal("0.0183"), "currency": "USDT", "rate": Decimal("0.0002")}
    assert trade["timestamp"] == 1731916985789
    assert my_trade_from_change(ws_example("/contractMarket/tradeOrders:{symbol}", PRIVATE)["data"], market,
                                DECIMAL) is None


def test_the_wallet_push_is_a_balance_entry_as_ccxt_reads_it():
    data = ws_example("/contractAccount/wallet", PRIVATE)["data"]
    code, entry, stamp = wallet_entry_from_push(data, DECIMAL)
    assert code == "USDT" and stamp == 1731916996764
    # free = availableBalance; used = holdBalance + isolatedPosMargin; total = free + used
    assert entry == {"free": Decimal("26.144281178"), "used": Decimal("36.80984008"),
                     "total": Decimal("62.954121258")}


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=6, symbols=20, tick_interval=0) as s:
        s.pause()
        yield s


def test_position_pushes_are_ccxt_positions_by_contract():
    from kucoin_connector.core.markets import MarketRegistry
    from kucoin_connector.futures.topics import FUTURES_TOPICS, KINDS
    from kucoin_connector.streaming.channels import ChannelKey
    from kucoin_connector.streaming.engine import Message
    from kucoin_connector.streaming.state import StreamState
    from kucoin_connector.streaming.topics import ConnectionKey

    registry = MarketRegistry()
    registry.set_markets([parse_contract(i, DECIMAL) for i in contract_items()])
    state = StreamState(registry, DECIMAL, FUTURES_TOPICS)
    every, one = ChannelKey(KINDS.POSITIONS), ChannelKey(KINDS.POSITIONS, "XBTUSDTM")
    state.channel(every), state.channel(one)
    message = ws_example("/contract/positionAll", PRIVATE)  # arrives under /contract/position:XBTUSDTM
    updated, _ = state.apply([Message(ConnectionKey("futures", "private", 0), message)])
    assert updated == {every, one} and state.bad_pushes == 0
    position = state.channel(one).take()[-1]
    assert (position["symbol"], position["side"], position["contracts"]) == ("BTC/USDT:USDT", "long", 1)
    assert (position["entryPrice"], position["markPrice"]) == (Decimal("91694.5"), Decimal("91839.79"))
    assert position["marginMode"] == "isolated" and position["unrealizedPnl"] == Decimal("0.14529")
    assert position["timestamp"] == 1731924561514 and position["info"] == message["data"]


def test_faces_watch_orders_my_trades_and_balance_through_the_simulator_hook(sim):
    config = futures_config(sim, watchTimeout=0.3, numbers="decimal")
    config.update({k: sim.credentials[k] for k in ("apiKey", "secret", "password")})
    ex = KucoinFutures(config)
    try:
        for call in (lambda: ex.watch_orders(), lambda: ex.watch_balance()):
            with pytest.raises(TimeoutError):
                call()  # subscribed now; nothing happened yet
        assert {k.access for k in ex._stream_driver.engine.connections()} == {"private"}
        ex.options["watchTimeout"] = 10
        opened = ws_example("/contractMarket/tradeOrders:{symbol}", PRIVATE)
        sim.futures_private_push(opened["topic"], opened["subject"], opened["data"], uid=sim.keys.uid)
        orders = ex.watch_orders()
        assert [(o["id"], o["status"]) for o in orders] == [("247899236673269761", "open")]
        sim.futures_private_push(opened["topic"], opened["subject"], {**opened["data"], **FILL})
        assert ex.watch_my_trades("BTC/USDT:USDT")[-1]["id"] == "1794100537695"
        wallet = ws_example("/contractAccount/wallet", PRIVATE)
        sim.futures_private_push(wallet["topic"], wallet["subject"], wallet["data"], uid="another user")
        sim.futures_private_push(wallet["topic"], wallet["subject"], wallet["data"])
        balance = ex.watch_balance()
        assert balance["USDT"]["free"] == Decimal("26.144281178") and balance["free"]["USDT"] == balance["USDT"]["free"]
        assert ex.un_watch_orders() is True and ex.un_watch_my_trades() is True
        position = ws_example("/contract/position:{symbol}", PRIVATE)
        ex.options["watchTimeout"] = 0.3
        with pytest.raises(TimeoutError):
            ex.watch_positions()  # subscribed to /contract/positionAll; nothing moved yet
        ex.options["watchTimeout"] = 10
        sim.futures_private_push(position["topic"], position["subject"], position["data"])
        positions = ex.watch_positions()
        assert [(p["symbol"], p["side"], p["contracts"]) for p in positions] == [("BTC/USDT:USDT", "long", 1)]
        sim.futures_private_push(position["topic"], position["subject"], {**position["data"], "currentQty": -3})
        short = ex.watch_position("BTC/USDT:USDT")
        assert (short["side"], short["contracts"]) == ("short", 3)
        sim.futures_private_push(position["topic"], position["subject"], {**position["data"], "currentQty": 0})
        closed = ex.watch_position("BTC/USDT:USDT")
        assert (closed["side"], closed["contracts"]) == (None, 0)
        assert ex.un_watch_positions() is True
    finally:
        ex.close()
