"""The futures desk's private pushes (``futures_pushes``): symbolOrderChange, position.change /
position.settlement and walletBalance.change carry the official examples' key sets and the values REST
reports, and reach only the connections of the order's user.

Raw client (``wshelpers.RawWS``); a JSON ping is the barrier: every push queued before it arrives first."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from fsimhelpers import api_for, cid, top
from wshelpers import RawWS, bullet, drain, shape, ws_example

SYM = "XBTUSDTM"
PRIVATE = "openapi-futures-private.json"
ORDER_EXTRA = {"orderType", "clientOid"}           # the classic docs' keys the example leaves out
MATCH_EXTRA = ORDER_EXTRA | {"tradeId", "matchPrice", "matchSize"}


def connect(sim, uid: str | None = None) -> RawWS:
    """A private futures connection of the account's owner (or of another user ``uid``), subscribed to the
    orders, every position and the wallet."""
    endpoint = bullet(sim, host="futures")["instanceServers"][0]["endpoint"]
    if uid is None:
        token = bullet(sim, True, host="futures")["token"]
    else:
        token = sim.tokens.issue("futures", True, uid, sim.now_ms()).value
    ws = RawWS(f"{endpoint}?token={token}&connectId=p1")
    assert ws.recv()["type"] == "welcome"
    for topic in ("/contractMarket/tradeOrders", "/contract/positionAll", "/contractAccount/wallet"):
        assert ws.request("subscribe", topic, private=True)["type"] == "ack"
    return ws


def of(msgs: list[dict], subject: str) -> list[dict]:
    return [m for m in msgs if m.get("subject") == subject]


def keys(msg: dict) -> set[str]:
    return set(msg["data"])


@pytest.fixture
def api(sim, futures, clock):
    sim.pause()
    return api_for(sim, futures, clock)


def test_an_order_life_pushes_the_official_shapes_with_the_values_rest_reports(sim, api):
    example = ws_example(PRIVATE, "/contractMarket/tradeOrders:{symbol}")
    ws = connect(sim)
    try:
        bid, _ = top(sim)
        price = format(bid - 100, "f")
        placed = api("POST", "/api/v1/orders", {"symbol": SYM, "side": "buy", "type": "limit", "price": price,
                                                 "size": 3, "leverage": 5, "clientOid": "p-1"})
        oid = placed["data"]["orderId"]
        msgs = drain(ws)
        (opened,) = of(msgs, "symbolOrderChange")
        assert opened["topic"] == f"/contractMarket/tradeOrders:{SYM}" and opened["userId"] == sim.keys.uid
        assert keys(opened) == set(example["data"]) | ORDER_EXTRA
        assert {k: v for k, v in opened.items() if k != "data"}.keys() == example.keys() - {"data"}
        assert (opened["data"]["type"], opened["data"]["status"], opened["data"]["orderId"]) == ("open", "open", oid)
        assert (opened["data"]["size"], opened["data"]["remainSize"], opened["data"]["filledSize"]) == ("3", "3", "0")
        assert (opened["data"]["price"], opened["data"]["clientOid"]) == (price, "p-1")
        assert of(msgs, "position.change") == []  # an order alone moves no position
        (wallet,) = of(msgs, "walletBalance.change")
        wallet_example = ws_example(PRIVATE, "/contractAccount/wallet")
        assert shape(wallet) == shape(wallet_example)
        overview = api("GET", "/api/v1/account-overview?currency=USDT")["data"]
        assert Decimal(wallet["data"]["availableBalance"]) == Decimal(str(overview["availableBalance"]))
        assert Decimal(wallet["data"]["isolatedOrderMargin"]) == Decimal(str(overview["orderMargin"])) > 0

        sim.fill(oid, "1")
        msgs = drain(ws)
        (match,) = of(msgs, "symbolOrderChange")
        assert keys(match) == set(example["data"]) | MATCH_EXTRA
        fill = api("GET", f"/api/v1/fills?orderId={oid}")["data"]["items"][0]
        assert (match["data"]["tradeId"], match["data"]["matchPrice"], match["data"]["matchSize"]) == \
            (fill["tradeId"], fill["price"], "1")
        assert (match["data"]["type"], match["data"]["status"], match["data"]["liquidity"]) == ("match", "match",
                                                                                               "maker")
        assert (match["data"]["filledSize"], match["data"]["remainSize"]) == ("1", "2")
        (moved,) = of(msgs, "position.change")
        position_example = ws_example(PRIVATE, "/contract/position:{symbol}")
        assert shape(moved) == shape(position_example)
        rest = api("GET", f"/api/v1/position?symbol={SYM}")["data"]
        for key in ("currentQty", "avgEntryPrice", "posMargin", "realisedPnl", "marginMode", "settleCurrency"):
            assert moved["data"][key] == rest[key], key
        assert moved["data"]["changeReason"] == "positionChange" and moved["data"]["currentQty"] == 1

        assert api("DELETE", f"/api/v1/orders/{oid}")["code"] == "200000"
        (done,) = of(drain(ws), "symbolOrderChange")
        assert (done["data"]["type"], done["data"]["status"], done["data"]["canceledSize"],
                done["data"]["filledSize"], done["data"]["remainSize"]) == ("canceled", "done", "2", "1", "0")
        assert keys(done) == set(example["data"]) | ORDER_EXTRA
    finally:
        ws.close()


def test_a_taker_order_sends_its_fills_and_filled_without_open_and_funding_a_settlement(sim, api):
    ws = connect(sim)
    try:
        placed = api("POST", "/api/v1/orders", {"symbol": SYM, "side": "sell", "type": "market", "size": 2,
                                                 "leverage": 5, "clientOid": cid()})
        oid = placed["data"]["orderId"]
        msgs = drain(ws)
        changes = [m["data"] for m in of(msgs, "symbolOrderChange")]
        assert [c["type"] for c in changes][-1] == "filled" and "open" not in [c["type"] for c in changes]
        fills = api("GET", f"/api/v1/fills?orderId={oid}")["data"]["items"]
        matched = [c for c in changes if c["type"] == "match"]
        assert sorted((c["tradeId"], c["matchPrice"], int(c["matchSize"])) for c in matched) == \
            sorted((f["tradeId"], f["price"], f["size"]) for f in fills)
        assert {c["liquidity"] for c in matched} == {"taker"} and changes[-1]["filledSize"] == "2"
        assert [m["data"]["currentQty"] for m in of(msgs, "position.change")][-1] == -2

        rows = sim.settle_futures_funding()
        msgs = drain(ws)
        (settled,) = of(msgs, "position.settlement")
        assert settled["topic"] == f"/contract/position:{SYM}"
        assert keys(settled) == {"fundingTime", "qty", "markPrice", "fundingRate", "fundingFee", "ts",
                                 "settleCurrency"}
        (row,) = rows
        assert (settled["data"]["qty"], settled["data"]["fundingFee"], settled["data"]["fundingTime"]) == \
            (-2, row["funding"], row["timePoint"])
        after = of(msgs, "position.change")[-1]["data"]
        assert after["posFunding"] == api("GET", f"/api/v1/position?symbol={SYM}")["data"]["posFunding"]
        assert of(msgs, "walletBalance.change")  # funding moved the balance
    finally:
        ws.close()


def test_order_pushes_reach_the_orders_user_only(sim, futures, clock):
    sim.pause()
    other_key = sim.add_api_key(3, uid="other-user")
    owner, other = connect(sim), connect(sim, uid="other-user")
    try:
        bid, _ = top(sim)
        body = {"symbol": SYM, "side": "buy", "type": "limit", "price": format(bid - 100, "f"), "size": 1,
                "leverage": 5}
        mine = api_for(sim, futures, clock)("POST", "/api/v1/orders", {**body, "clientOid": cid()})["data"]["orderId"]
        resp = futures.signed("POST", "/api/v1/orders", other_key, body=json.dumps({**body, "clientOid": cid()}),
                              now=clock.ms).json()
        theirs = resp["data"]["orderId"]
        seen_by_owner = {m["data"]["orderId"] for m in of(drain(owner), "symbolOrderChange")}
        seen_by_other = of(drain(other), "symbolOrderChange")
        assert seen_by_owner == {mine}
        assert {m["data"]["orderId"] for m in seen_by_other} == {theirs}
        assert {m["userId"] for m in seen_by_other} == {"other-user"}
    finally:
        owner.close()
        other.close()


def test_a_reduce_only_order_beyond_the_position_ends_canceled_as_rest_reports(sim, api):
    ws = connect(sim)
    try:
        api("POST", "/api/v1/orders", {"symbol": SYM, "side": "buy", "type": "market", "size": 2, "leverage": 5,
                                       "clientOid": cid()})
        drain(ws)
        placed = api("POST", "/api/v1/orders", {"symbol": SYM, "side": "sell", "type": "market", "size": 5,
                                                 "reduceOnly": True, "clientOid": cid()})
        oid = placed["data"]["orderId"]
        changes = [m["data"] for m in of(drain(ws), "symbolOrderChange") if m["data"]["orderId"] == oid]
        rest = api("GET", f"/api/v1/orders/{oid}")["data"]
        assert (rest["cancelExist"], rest["filledSize"]) == (True, 2)
        last = changes[-1]
        assert (last["type"], last["status"], last["filledSize"], last["canceledSize"]) == ("canceled", "done", "2",
                                                                                            "3")
    finally:
        ws.close()


def test_a_stop_order_is_pushed_only_once_triggered_and_ends_once(sim, api):
    ws = connect(sim)
    try:
        bid, _ = top(sim)
        far = api("POST", "/api/v1/orders", {"symbol": SYM, "side": "buy", "type": "market", "size": 1, "leverage": 5,
                                             "stop": "down", "stopPrice": str(bid - 3000), "stopPriceType": "TP",
                                             "clientOid": cid()})["data"]["orderId"]
        level = sim.futures_desk.trigger_price(SYM, "TP")
        soon = api("POST", "/api/v1/orders", {"symbol": SYM, "side": "buy", "type": "market", "size": 1,
                                              "leverage": 5, "stop": "up", "stopPrice": str(level - 1000),
                                              "stopPriceType": "TP", "clientOid": cid()})["data"]["orderId"]
        assert api("DELETE", f"/api/v1/orders/{far}")["code"] == "200000"
        assert of(drain(ws), "symbolOrderChange") == []  # untriggered stop orders are not on this topic
        sim.step(1)
        changes = [m["data"] for m in of(drain(ws), "symbolOrderChange")]
        assert {c["orderId"] for c in changes} == {soon}
        assert [c["type"] for c in changes if c["type"] in ("filled", "canceled")] == ["filled"]
        assert api("GET", f"/api/v1/orders/{soon}")["data"]["stopTriggered"] is True
    finally:
        ws.close()
