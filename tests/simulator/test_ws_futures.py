"""The simulator's KuCoin Futures streams: futures tokens and endpoint, the official key sets, the level-2
rule (one change per message, sequence +1, continuing the REST snapshot), faults and the private hook.

Raw client on ``kucoin_connector.ws.connect``; a JSON ping is the barrier (pushes queued before it are
written ahead of its pong)."""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from simhelpers import Client
from wshelpers import RawWS, bullet, collect, shape, ws_example

SYM = "XBTUSDTM"


@pytest.fixture
def fsim(make_sim, clock):
    return make_sim(seed=9, symbols=20, clock=clock)


def open_futures(sim, private: bool = False, token_host: str = "futures") -> tuple[RawWS, dict]:
    """Connect to the futures endpoint (announced by the futures host) with a token of ``token_host``."""
    endpoint = bullet(sim, host="futures")["instanceServers"][0]["endpoint"]
    token = bullet(sim, private, host=token_host)["token"]
    ws = RawWS(f"{endpoint}?token={token}&connectId=f1")
    return ws, ws.recv()


def test_futures_tokens_announce_their_own_endpoint_and_are_not_interchangeable(fsim):
    assert bullet(fsim, host="futures")["instanceServers"][0]["endpoint"].endswith("/futures")
    assert not bullet(fsim)["instanceServers"][0]["endpoint"].endswith("/futures")
    ws, welcome = open_futures(fsim)
    assert welcome["type"] == "welcome"
    ws.close()
    ws, answer = open_futures(fsim, token_host="spot")
    assert answer == {"id": "f1", "type": "error", "code": 401, "data": "token is invalid"}
    ws.close()
    spot_endpoint = bullet(fsim)["instanceServers"][0]["endpoint"]
    ws = RawWS(f"{spot_endpoint}?token={bullet(fsim, host='futures')['token']}&connectId=s1")
    assert ws.recv()["code"] == 401
    ws.close()


def test_futures_topics_take_one_symbol_and_only_contracts(fsim):
    ws, _ = open_futures(fsim)
    try:
        assert ws.request("subscribe", f"/contractMarket/level2:{SYM},ETHUSDTM")["code"] == 400
        assert ws.request("subscribe", "/contractMarket/level2:BTC-USDT")["code"] == 400
        assert ws.request("subscribe", "/market/level2:BTC-USDT")["code"] == 404
        assert ws.request("subscribe", "/contractMarket/tradeOrders")["code"] == 403  # public token
        assert ws.request("subscribe", f"/contractMarket/limitCandle:{SYM}_3min")["code"] == 400
    finally:
        ws.close()


PUBLIC = [("/contractMarket/tickerV2:{s}", "/contractMarket/tickerV2:{symbol}", "tickerV2"),
          ("/contractMarket/ticker:{s}", "/contractMarket/ticker:{symbol}", "ticker"),
          ("/contractMarket/level2:{s}", "/contractMarket/level2:{symbol}", "level2"),
          ("/contractMarket/level2Depth5:{s}", "/contractMarket/level2Depth5:{symbol}", "level2"),
          ("/contractMarket/level2Depth50:{s}", "/contractMarket/level2Depth50:{symbol}", "level2"),
          ("/contractMarket/execution:{s}", "/contractMarket/execution:{symbol}", "match"),
          ("/contractMarket/limitCandle:{s}_1min", "/contractMarket/limitCandle:{symbol}_{type}", "candle.stick"),
          ("/contract/instrument:{s}", "/contract/instrument:{symbol}", "mark.index.price")]


@pytest.mark.parametrize("topic,pattern,subject", PUBLIC, ids=[p[0] for p in PUBLIC])
def test_futures_push_keys_equal_the_official_example(fsim, topic, pattern, subject):
    topic = topic.format(s=SYM)
    ws, _ = open_futures(fsim)
    try:
        assert ws.request("subscribe", topic)["type"] == "ack"
        msgs: list[dict] = []
        for _ in range(20):
            msgs = [m for m in collect(ws, fsim, 1) if m.get("type") == "message" and m["subject"] == subject]
            if msgs:
                break
        msg = msgs[0]
        assert shape(msg) == shape(ws_example("openapi-futures-public.json", pattern)), msg
        assert msg["topic"] == topic
        numbers = re.findall(r'"(-?[0-9][0-9.eE+-]*)"', json.dumps(msg["data"]))
        assert not [n for n in numbers if "e" in n.lower()]
    finally:
        ws.close()


def test_instrument_subscribers_get_the_funding_rate_of_a_perpetual(fsim):
    ws, _ = open_futures(fsim)
    try:
        ws.send({"id": "s", "type": "subscribe", "topic": f"/contract/instrument:{SYM}", "response": True})
        msg = ws.until(lambda m: m.get("subject") == "funding.rate")
        current = fsim.futures.funding_current(SYM, fsim.now_ms())
        assert msg["data"]["fundingRate"] == current["value"] and msg["data"]["granularity"] == 60000
    finally:
        ws.close()


def _side(book: dict, change: str) -> None:
    price, side, size = change.split(",")
    levels = book["bids" if side == "buy" else "asks"]
    if int(size) == 0:
        levels.pop(Decimal(price), None)
    else:
        levels[Decimal(price)] = int(size)


def _true_book(sim) -> tuple[int, dict]:
    seq, bids, asks = sim.futures.market.book_strings(SYM)
    return seq, {"bids": {Decimal(p): int(s) for p, s in bids}, "asks": {Decimal(p): int(s) for p, s in asks}}


def test_level2_steps_by_one_from_the_rest_snapshot_and_rebuilds_the_true_book(fsim):
    ws, _ = open_futures(fsim)
    rest = Client(fsim.futures_url)
    try:
        assert ws.request("subscribe", f"/contractMarket/level2:{SYM}")["type"] == "ack"
        snapshot = rest.get(f"/api/v1/level2/snapshot?symbol={SYM}").data
        last, book = _true_book(fsim)
        assert snapshot["sequence"] == last
        count = 0
        for _ in range(10):
            for msg in collect(ws, fsim, 2):
                data = msg["data"]
                assert data["sequence"] == last + 1 == msg["sn"], "a gap without a fault"
                _side(book, data["change"])
                last = data["sequence"]
                count += 1
        true_last, true_book = _true_book(fsim)
        assert count >= 10 and last == true_last and book == true_book
    finally:
        rest.close()
        ws.close()


def test_skip_sequence_on_futures_level2_leaves_a_gap(fsim):
    ws, _ = open_futures(fsim)
    admin = Client(fsim.spot_url)
    try:
        assert ws.request("subscribe", f"/contractMarket/level2:{SYM}")["type"] == "ack"
        last, _ = _true_book(fsim)
        resp = admin.request("POST", "/_sim/faults", json.dumps(
            {"stream": "/contractMarket/level2", "kind": "skip_sequence", "count": 1}).encode())
        assert resp.status == 200, resp.body
        seqs = [m["data"]["sequence"] for m in collect(ws, fsim, 3) if m.get("subject") == "level2"]
        assert seqs and seqs[0] == last + 2 and seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    finally:
        admin.close()
        ws.close()


def test_drop_connection_fault_reaches_futures_connections(fsim):
    ws, _ = open_futures(fsim)
    try:
        assert ws.request("subscribe", f"/contractMarket/execution:{SYM}")["type"] == "ack"
        fsim.faults.streams.add({"stream": "/contractMarket/execution", "kind": "drop_connection"})
        fsim.step(1)
        with pytest.raises(Exception):
            for _ in range(1000):
                ws.recv(timeout=5)
    finally:
        ws.close()


def test_private_futures_hook_reaches_the_subscribed_user_only(fsim):
    example = ws_example("openapi-futures-private.json", "/contractAccount/wallet")
    ws, _ = open_futures(fsim, private=True)
    public, _ = open_futures(fsim)
    try:
        assert ws.request("subscribe", "/contractAccount/wallet", private=True)["type"] == "ack"
        assert ws.request("subscribe", f"/contract/position:{SYM}", private=True)["type"] == "ack"
        fsim.futures_private_push("/contractAccount/wallet", "walletBalance.change", example["data"])
        msg = ws.until(lambda m: m.get("topic") == "/contractAccount/wallet")
        assert msg["data"] == example["data"] and msg["channelType"] == "private"
        assert msg["userId"] == fsim.keys.uid
        fsim.futures_private_push(f"/contract/position:{SYM}", "position.change", {"symbol": SYM, "currentQty": 1},
                                  uid="someone else")
        fsim.futures_private_push(f"/contract/position:{SYM}", "position.change", {"symbol": SYM, "currentQty": 2})
        msg = ws.until(lambda m: m.get("topic", "").startswith("/contract/position"))
        assert msg["data"]["currentQty"] == 2
        # the all-contracts topics get the per-contract pushes, under the contract's topic (official examples)
        assert ws.request("subscribe", "/contractMarket/tradeOrders", private=True)["type"] == "ack"
        assert ws.request("subscribe", "/contract/positionAll", private=True)["type"] == "ack"
        order = ws_example("openapi-futures-private.json", "/contractMarket/tradeOrders")
        fsim.futures_private_push(order["topic"], order["subject"], order["data"])
        msg = ws.until(lambda m: m.get("subject") == "symbolOrderChange")
        assert msg["topic"] == f"/contractMarket/tradeOrders:{SYM}" and shape(msg) == shape(order)
        fsim.futures_private_push(f"/contract/position:ETHUSDTM", "position.change", {"symbol": "ETHUSDTM"})
        assert ws.until(lambda m: m.get("subject") == "position.change")["topic"] == "/contract/position:ETHUSDTM"
    finally:
        public.close()
        ws.close()
