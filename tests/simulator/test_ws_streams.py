"""The simulator's KuCoin streams: exact key sets, level-2 continuity against the true book, private events.

Raw client on ``kucoin_connector.ws.connect``; a JSON ping is the barrier: the simulator writes
every push queued before a ping was sent ahead of its pong, so "step, then ping" collects a step's pushes.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from simhelpers import Client
from wshelpers import collect, open_ws, shape, ws_example



@pytest.fixture
def wsim(make_sim, clock):
    return make_sim(seed=9, symbols=40, clock=clock)


def hot_symbol(sim) -> str:
    """The first enabled symbol moves on every market step."""
    return next(s.symbol for s in sim.universe.symbols if s.enabled)


PUBLIC = [("/market/ticker:{s}", "/market/ticker:{symbol},{symbol}"),
          ("/market/ticker:all", "/market/ticker:all"),
          ("/spotMarket/level1:{s}", "/spotMarket/level1:{symbol},{symbol}"),
          ("/spotMarket/level2Depth5:{s}", "/spotMarket/level2Depth5:{symbol},{symbol}"),
          ("/spotMarket/level2Depth50:{s}", "/spotMarket/level2Depth50:{symbol},{symbol}"),
          ("/market/level2:{s}", "/market/level2:{symbol},{symbol}"),
          ("/market/match:{s}", "/market/match:{symbol},{symbol}"),
          ("/market/candles:{s}_1min", "/market/candles:{symbol}_{type}")]


@pytest.mark.parametrize("topic,pattern", PUBLIC, ids=[p[0] for p in PUBLIC])
def test_public_push_keys_equal_the_official_example(wsim, topic, pattern):
    sym = hot_symbol(wsim)
    topic = topic.format(s=sym)
    ws, _ = open_ws(wsim)
    try:
        assert ws.request("subscribe", topic)["type"] == "ack"
        msgs = []
        for _ in range(20):
            msgs = [m for m in collect(ws, wsim, 1) if m.get("type") == "message"]
            if msgs:
                break
        example = ws_example("openapi-spot-public.json", pattern)
        msg = msgs[0]
        assert shape(msg) == shape(example), msg
        expected_topic = "/market/ticker:all" if topic.endswith(":all") else topic
        assert msg["topic"] == expected_topic
        assert msg["subject"] == (sym if topic.endswith(":all") else example["subject"])
        numbers = re.findall(r'"(-?[0-9][0-9.eE+-]*)"', json.dumps(msg["data"]))
        assert numbers and not [n for n in numbers if "e" in n.lower()]
    finally:
        ws.close()


def apply(book: dict[str, dict[Decimal, str]], data: dict) -> None:
    for side in ("asks", "bids"):
        for price, size, _seq in data["changes"][side]:
            if price == "0":
                continue
            if size == "0":
                book[side].pop(Decimal(price), None)
            else:
                book[side][Decimal(price)] = size


def as_book(snapshot: dict) -> dict[str, dict[Decimal, str]]:
    return {"asks": {Decimal(p): s for p, s in snapshot["asks"]}, "bids": {Decimal(p): s for p, s in snapshot["bids"]}}


def test_level2_is_contiguous_and_rebuilds_the_true_book(wsim):
    sym = hot_symbol(wsim)
    ws, _ = open_ws(wsim)
    try:
        assert ws.request("subscribe", f"/market/level2:{sym}")["type"] == "ack"
        snap = Client(wsim.spot_url)
        rest = snap.get(f"/api/v1/market/orderbook/level2_100?symbol={sym}").data
        snap.close()
        true0 = wsim.book(sym)
        assert int(rest["sequence"]) == true0["sequence"]
        book, last = as_book(true0), true0["sequence"]
        count = 0
        for _ in range(15):
            for msg in collect(ws, wsim, 2):
                data = msg["data"]
                assert data["sequenceStart"] == last + 1, "a gap without a fault"
                seqs = [int(c[2]) for side in ("asks", "bids") for c in data["changes"][side]]
                assert sorted(seqs) == list(range(data["sequenceStart"], data["sequenceEnd"] + 1))
                apply(book, data)
                last = data["sequenceEnd"]
                count += 1
        true = wsim.book(sym)
        assert count >= 15 and last == true["sequence"]
        assert book == as_book(true)
    finally:
        ws.close()


def test_user_orders_move_the_level2_stream_too(wsim, clock):
    sym = "ETH-USDT"
    wsim.pause()
    ws, _ = open_ws(wsim)
    api = Client(wsim.spot_url)
    try:
        assert ws.request("subscribe", f"/market/level2:{sym}")["type"] == "ack"
        before = wsim.book(sym)
        bid = Decimal(before["bids"][0][0])
        price = format(bid - Decimal("5"), "f")
        body = json.dumps({"symbol": sym, "side": "buy", "type": "limit", "price": price, "size": "0.5"})
        resp = api.signed("POST", "/api/v1/hf/orders", wsim.credentials, body=body, now=clock.ms)
        assert resp.status == 200 and resp.json()["code"] == "200000", resp.body
        msg = ws.until(lambda m: m.get("topic") == f"/market/level2:{sym}")
        after = wsim.book(sym)
        assert msg["data"]["sequenceStart"] == before["sequence"] + 1 and msg["data"]["sequenceEnd"] == after["sequence"]
        level = dict((p, s) for p, s in after["bids"])[msg["data"]["changes"]["bids"][0][0]]
        assert msg["data"]["changes"]["bids"][0][1] == level
    finally:
        api.close()
        ws.close()


def test_private_order_and_balance_events_follow_rest(wsim, clock):
    wsim.pause()
    ws, welcome = open_ws(wsim, private=True)
    api = Client(wsim.spot_url)

    def place(body: dict) -> str:
        resp = api.signed("POST", "/api/v1/hf/orders", wsim.credentials, body=json.dumps(body), now=clock.ms)
        assert resp.json()["code"] == "200000", resp.body
        return resp.json()["data"]["orderId"]

    try:
        assert welcome["type"] == "welcome"
        for topic in ("/spotMarket/tradeOrdersV2", "/account/balance"):
            assert ws.request("subscribe", topic, private=True)["type"] == "ack"
        sym = "ETH-USDT"
        book = wsim.book(sym)
        low = format(Decimal(book["bids"][0][0]) - Decimal("20"), "f")
        oid = place({"symbol": sym, "side": "buy", "type": "limit", "price": low, "size": "0.1", "clientOid": "w1"})
        msgs = collect(ws, wsim, 0)
        orders = [m for m in msgs if m["topic"] == "/spotMarket/tradeOrdersV2"]
        balances = [m for m in msgs if m["topic"] == "/account/balance"]
        assert [m["data"]["type"] for m in orders] == ["received", "open"]
        assert all(m["data"]["orderId"] == oid and m["data"]["clientOid"] == "w1" for m in orders)
        v2 = ws_example("openapi-spot-private.json", "/spotMarket/tradeOrdersV2")
        v1 = ws_example("openapi-spot-private.json", "/spotMarket/tradeOrders")
        assert shape(orders[0]) == shape(v2) and shape(orders[1]) == shape(v1)
        assert orders[1]["data"]["price"] == low and orders[1]["data"]["remainSize"] == "0.1"
        hold = Decimal(low) * Decimal("0.1")
        assert len(balances) == 1 and Decimal(balances[0]["data"]["holdChange"]) == hold
        assert Decimal(balances[0]["data"]["availableChange"]) == -hold
        assert balances[0]["data"]["relationEvent"] == "trade.hold"
        assert shape(balances[0]) == shape(ws_example("openapi-spot-private.json", "/account/balance"))
        rest_bal = wsim.balances()["trade_hf:USDT"]
        assert balances[0]["data"]["hold"] == rest_bal["holds"] and balances[0]["data"]["available"] == rest_bal["available"]

        resp = api.signed("DELETE", f"/api/v1/hf/orders/{oid}?symbol={sym}", wsim.credentials, now=clock.ms)
        assert resp.json()["code"] == "200000", resp.body
        msgs = collect(ws, wsim, 0)
        done = [m["data"] for m in msgs if m["topic"] == "/spotMarket/tradeOrdersV2"]
        assert [(d["type"], d["status"], d["canceledSize"]) for d in done] == [("canceled", "done", "0.1")]
        assert [Decimal(m["data"]["holdChange"]) for m in msgs if m["topic"] == "/account/balance"] == [-hold]

        ask = wsim.book(sym)["asks"][0]
        oid = place({"symbol": sym, "side": "buy", "type": "limit", "price": ask[0],
                     "size": min(Decimal("0.01"), Decimal(ask[1])).__format__("f")})
        msgs = collect(ws, wsim, 0)
        kinds = [m["data"]["type"] for m in msgs if m["topic"] == "/spotMarket/tradeOrdersV2"]
        assert kinds[0] == "received" and "match" in kinds and kinds[-1] == "filled"
        match = next(m["data"] for m in msgs if m.get("data", {}).get("type") == "match")
        assert match["matchPrice"] == ask[0] and match["liquidity"] == "taker" and match["orderId"] == oid
        fills = api.signed("GET", f"/api/v1/hf/fills?symbol={sym}", wsim.credentials, now=clock.ms).json()["data"]
        assert str(fills["items"][0]["tradeId"]) == match["tradeId"]
        assert {m["userId"] for m in msgs} == {wsim.keys.uid} and {m["channelType"] for m in msgs} == {"private"}
    finally:
        api.close()
        ws.close()
