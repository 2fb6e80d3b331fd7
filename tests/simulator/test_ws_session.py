"""The simulator's KuCoin WebSocket session: bullet tokens, welcome, ping/pong, acks and errors, limits.

Driven by a raw client on ``kucoin_connector.ws.connect`` (not the connector's session code), so
these tests check the simulator against KuCoin's documented protocol (reference/kucoin.md, "WebSocket
(classic)"; error texts from KuCoin's "Websocket / ERROR CODE" table).
"""
from __future__ import annotations

import json

import pytest
from simhelpers import Client
from wshelpers import RawWS, bullet, open_ws

from kucoin_connector.ws import ConnectionClosed




@pytest.fixture
def wsim(make_sim, clock):
    return make_sim(seed=5, symbols=150, clock=clock, ws_ping_interval_ms=1500, ws_ping_timeout_ms=1000,
                    ws_topic_limit=120, ws_uplink_limit=30)


def test_bullet_answers_announce_the_simulator_endpoint(wsim):
    for host in ("spot", "futures"):
        for private in (False, True):
            data = bullet(wsim, private, host)
            assert set(data) == {"token", "instanceServers"}
            endpoint = wsim.ws_url + ("futures" if host == "futures" else "")  # one server, a path per family
            assert data["instanceServers"] == [{"endpoint": endpoint, "encrypt": False, "protocol": "websocket",
                                                "pingInterval": 1500, "pingTimeout": 1000}]
            assert wsim.ws_url.startswith("ws://127.0.0.1:") and data["token"]
    assert bullet(wsim)["token"] != bullet(wsim)["token"]


def test_bullet_private_needs_a_signature(wsim):
    client = Client(wsim.spot_url)
    try:
        resp = client.request("POST", "/api/v1/bullet-private")
        assert resp.status == 400 and resp.json()["code"] == "400001"
    finally:
        client.close()


def test_welcome_comes_first_then_ping_pong_keeps_ids(wsim):
    ws, welcome = open_ws(wsim, connect_id="abc-123")
    try:
        assert welcome == {"id": "abc-123", "type": "welcome"}
        assert wsim.ws_connections() == 1
        ws.send({"id": "p-1", "type": "ping"})
        assert ws.recv() == {"id": "p-1", "type": "pong"}
    finally:
        ws.close()


def test_subscribe_ack_and_errors_carry_the_request_id(wsim):
    ws, _ = open_ws(wsim)
    try:
        assert ws.request("subscribe", "/market/level2:BTC-USDT,ETH-USDT") == {"id": "1", "type": "ack"}
        assert ws.request("unsubscribe", "/market/level2:ETH-USDT") == {"id": "2", "type": "ack"}
        cases = [("/nothing/here:BTC-USDT", 404, "topic does not exist"),
                 ("/market/level2:NOPE-USDT", 400, "topic is invalid"),
                 ("/market/level2:", 400, "topic is invalid"),
                 ("/market/candles:BTC-USDT_2min", 400, "topic is invalid"),
                 ("/spotMarket/tradeOrdersV2", 403, "login is required")]
        for topic, code, text in cases:
            reply = ws.request("subscribe", topic)
            assert (reply["type"], reply["code"], reply["data"]) == ("error", code, text), topic
        ws.send({"id": "x", "type": "dance"})
        assert ws.recv() == {"id": "x", "type": "error", "code": 415, "data": "command type is invalid"}
        ws.send({"id": "y", "type": "subscribe", "privateChannel": False, "response": True})
        assert ws.recv() == {"id": "y", "type": "error", "code": 406, "data": "topic is required"}
    finally:
        ws.close()


def test_at_most_100_symbols_per_message_and_the_per_connection_limit(wsim):
    symbols = [s.symbol for s in wsim.universe.symbols]
    ws, _ = open_ws(wsim)
    try:
        reply = ws.request("subscribe", "/market/match:" + ",".join(symbols[:101]))
        assert reply == {"id": "1", "type": "error", "code": 509,
                         "data": "exceed max subscription count limitation of 100 per time"}
        assert ws.request("subscribe", "/market/match:" + ",".join(symbols[:100]))["type"] == "ack"
        assert ws.request("subscribe", "/market/ticker:" + ",".join(symbols[:20]))["type"] == "ack"
        reply = ws.request("subscribe", "/market/level2:" + ",".join(symbols[:1]))
        assert reply["code"] == 509 and reply["data"] == "exceed max subscription count limitation of 120 per session"
        assert ws.request("subscribe", "/market/match:" + ",".join(symbols[:100]))["type"] == "ack"  # already held
        assert ws.request("unsubscribe", "/market/ticker:" + symbols[0])["type"] == "ack"
        assert ws.request("subscribe", "/market/level2:" + symbols[0])["type"] == "ack"
    finally:
        ws.close()


def test_uplink_budget(wsim):
    ws, _ = open_ws(wsim)
    try:
        replies = [ws.request("ping") for _ in range(31)]
        assert all(r["type"] == "pong" for r in replies[:30])
        assert replies[30]["type"] == "error" and replies[30]["code"] == 509
    finally:
        ws.close()


def test_expired_token_is_refused_but_live_connections_stay(wsim):
    data = bullet(wsim)
    url = f"{data['instanceServers'][0]['endpoint']}?token={data['token']}&connectId=old"
    live = RawWS(url)
    try:
        assert live.recv()["type"] == "welcome"
        assert wsim.expire_tokens() >= 1
        again = RawWS(url)
        assert again.recv() == {"id": "old", "type": "error", "code": 401, "data": "token is expired"}
        with pytest.raises(ConnectionClosed):
            again.recv()
        assert live.request("ping")["type"] == "pong"
        fresh, welcome = open_ws(wsim, connect_id="new")
        assert welcome == {"id": "new", "type": "welcome"}
        fresh.close()
    finally:
        live.close()
    bad = RawWS(f"{wsim.ws_url}?token=forged&connectId=z")
    assert bad.recv() == {"id": "z", "type": "error", "code": 401, "data": "token is invalid"}
    bad.close()


def test_silent_clients_are_dropped_after_ping_interval_plus_timeout(wsim):
    ws, _ = open_ws(wsim)
    with pytest.raises(ConnectionClosed):
        ws.recv(timeout=6)
    ws.close()


def test_fifty_connections_at_once(wsim):
    conns = [open_ws(wsim, connect_id=f"c{i}") for i in range(50)]
    try:
        assert all(w == {"id": f"c{i}", "type": "welcome"} for i, (_, w) in enumerate(conns))
        assert wsim.ws_connections() == 50
        for ws, _ in conns:
            assert ws.request("subscribe", "/market/level2:BTC-USDT")["type"] == "ack"
        wsim.step(2)
        for ws, _ in conns:
            msg = ws.until(lambda m: m.get("topic") == "/market/level2:BTC-USDT")
            assert msg["data"]["symbol"] == "BTC-USDT"
    finally:
        for ws, _ in conns:
            ws.close()


def test_admin_lists_and_clears_stream_faults(wsim):
    client = Client(wsim.spot_url)
    try:
        body = json.dumps({"stream": "/market/level2", "kind": "skip_sequence", "count": 2}).encode()
        resp = client.request("POST", "/_sim/faults", body, {"Content-Type": "application/json"})
        assert resp.status == 200 and resp.data["id"].startswith("fault-")
        listed = client.get("/_sim/faults").data
        assert listed == [{"id": resp.data["id"], "stream": "/market/level2", "kind": "skip_sequence", "count": 2}]
        bad = json.dumps({"stream": "/market/level2", "kind": "explode"}).encode()
        assert client.request("POST", "/_sim/faults", bad).status == 400
        assert client.request("DELETE", "/_sim/faults").data == {"cleared": 1}
    finally:
        client.close()


BULLETS = {("spot", "POST", "/api/v1/bullet-public"): ("openapi-spot-market.json", False),
           ("spot", "POST", "/api/v1/bullet-private"): ("openapi-spot-market.json", True),
           ("futures", "POST", "/api/v1/bullet-public"): ("openapi-futures-market.json", False),
           ("futures", "POST", "/api/v1/bullet-private"): ("openapi-futures-market.json", True)}


def bullet_routes_covered() -> set[tuple[str, str, str]]:
    """The bullet routes, for test_keysets' "every served route is covered" check."""
    return set(BULLETS)


@pytest.mark.parametrize("route", sorted(BULLETS), ids=lambda r: f"{r[0]}:{r[2]}")
def test_bullet_keys_equal_the_official_example(wsim, route):
    from wshelpers import shape
    from test_keysets import SPEC_DIR as rest_dir
    spec_file, private = BULLETS[route]
    doc = json.loads((rest_dir / spec_file).read_text(encoding="utf-8"))
    example = json.loads(json.loads('"' + doc["paths"][route[2]]["post"]["x-response-example"] + '"'))
    assert shape(bullet(wsim, private, route[0])) == shape(example["data"])
