"""Stream faults of the simulator (POST /_sim/faults with "stream"): each kind does exactly what it says.

Raw client on ``kucoin_connector.ws.connect``; a JSON ping is the barrier that collects a step's pushes.
"""
from __future__ import annotations

import json
import time

import pytest
from simhelpers import Client
from wshelpers import RawWS, bullet, collect, open_ws

from kucoin_connector.ws import ConnectionClosed, HandshakeError


@pytest.fixture
def wsim(make_sim, clock):
    return make_sim(seed=13, symbols=40, clock=clock)


def hot(sim) -> str:
    return next(s.symbol for s in sim.universe.symbols if s.enabled)


def post_fault(sim, spec: dict) -> str:
    client = Client(sim.spot_url)
    try:
        resp = client.request("POST", "/_sim/faults", json.dumps(spec).encode(), {"Content-Type": "application/json"})
        assert resp.status == 200, resp.body
        return resp.data["id"]
    finally:
        client.close()


def wait_applied(sim) -> None:
    """Connection faults are applied by the server thread within one loop turn (~50 ms)."""
    for _ in range(200):
        if not sim.faults.pending():
            return
        time.sleep(0.01)
    raise AssertionError(f"fault not applied: {sim.faults.pending()}")


def subscribed(sim, topic: str, cid: str = "c") -> RawWS:
    ws, welcome = open_ws(sim, connect_id=cid)
    assert welcome["type"] == "welcome"
    assert ws.request("subscribe", topic)["type"] == "ack"
    return ws


def test_skip_sequence_makes_exactly_one_gap(wsim):
    sym = hot(wsim)
    ws = subscribed(wsim, f"/market/level2:{sym}")
    try:
        last = wsim.book(sym)["sequence"]
        gaps, messages = [], 0
        for i in range(8):
            if i == 3:
                post_fault(wsim, {"stream": "/market/level2", "kind": "skip_sequence", "count": 1})
            for msg in collect(ws, wsim):
                data = msg["data"]
                if data["sequenceStart"] != last + 1:
                    gaps.append((last, data["sequenceStart"]))
                last = data["sequenceEnd"]
                messages += 1
        assert len(gaps) == 1 and messages >= 7  # a step may span several drain batches
        assert gaps[0][1] > gaps[0][0] + 1
        assert last == wsim.book(sym)["sequence"]
    finally:
        ws.close()


def test_skip_sequence_only_hits_its_stream(wsim):
    sym = hot(wsim)
    ws = subscribed(wsim, f"/market/match:{sym}")
    try:
        wsim.add_fault({"stream": "/market/level2", "kind": "skip_sequence"})
        assert [m["topic"] for m in collect(ws, wsim)][:1] == [f"/market/match:{sym}"]
        assert wsim.faults.pending()[0]["kind"] == "skip_sequence"  # nobody reads level2: still pending
    finally:
        ws.close()


def test_drop_connection_closes_only_subscribed_connections(wsim):
    sym = hot(wsim)
    victim = subscribed(wsim, f"/market/level2:{sym}", "v")
    bystander = subscribed(wsim, f"/market/match:{sym}", "b")
    try:
        post_fault(wsim, {"stream": "/market/level2", "kind": "drop_connection", "count": 1})
        wait_applied(wsim)
        with pytest.raises(ConnectionClosed) as info:
            victim.recv()
        assert info.value.code == 1006
        assert bystander.request("ping")["type"] == "pong"
        assert wsim.ws_connections() == 1
    finally:
        victim.close()
        bystander.close()


def test_stall_stops_pongs_and_data(wsim):
    sym = hot(wsim)
    ws = subscribed(wsim, f"/market/level2:{sym}")
    other = subscribed(wsim, f"/market/match:{sym}", "o")
    try:
        wsim.add_fault({"stream": "/market/level2", "kind": "stall"})
        wait_applied(wsim)
        wsim.step(3)
        ws.send({"id": "p", "type": "ping"})
        with pytest.raises(TimeoutError):
            ws.recv(timeout=0.5)
        assert other.request("ping")["type"] == "pong"
    finally:
        ws.close()
        other.close()


def test_delay_holds_pushes_but_keeps_order_and_pongs(wsim):
    sym = hot(wsim)
    ws = subscribed(wsim, f"/market/level2:{sym}")
    try:
        last = wsim.book(sym)["sequence"]
        wsim.add_fault({"stream": "/market/level2", "kind": "delay", "seconds": 0.4})
        wait_applied(wsim)
        assert collect(ws, wsim) == []          # the pong overtakes the held push
        wsim.step(1)
        msgs = [ws.recv(timeout=3), ws.recv(timeout=3)]
        assert [m["data"]["sequenceStart"] for m in msgs][0] == last + 1
        assert msgs[1]["data"]["sequenceStart"] == msgs[0]["data"]["sequenceEnd"] + 1
    finally:
        ws.close()


def test_expire_token_fault_expires_issued_tokens(wsim):
    data = bullet(wsim)
    live = subscribed(wsim, "/market/match:BTC-USDT")
    try:
        post_fault(wsim, {"stream": "*", "kind": "expire_token"})
        ws = RawWS(f"{wsim.ws_url}?token={data['token']}&connectId=late")
        assert ws.recv() == {"id": "late", "type": "error", "code": 401, "data": "token is expired"}
        ws.close()
        assert live.request("ping")["type"] == "pong"
        fresh, welcome = open_ws(wsim, connect_id="fresh")
        assert welcome["type"] == "welcome"
        fresh.close()
    finally:
        live.close()


def test_refuse_rejects_the_upgrade_with_503(wsim):
    data = bullet(wsim)
    url = f"{wsim.ws_url}?token={data['token']}&connectId=r"
    wsim.add_fault({"stream": "*", "kind": "refuse", "count": 2})
    for _ in range(2):
        with pytest.raises(HandshakeError) as info:
            RawWS(url)
        assert info.value.args and "503" in str(info.value)
    ok = RawWS(url)
    assert ok.recv() == {"id": "r", "type": "welcome"}
    ok.close()


def test_invalid_stream_faults_are_refused(wsim):
    for spec in ({"stream": "market", "kind": "stall"}, {"stream": "/market/level2", "kind": "delay"},
                 {"stream": "/market/level2", "kind": "stall", "count": 0},
                 {"stream": "/market/level2", "kind": "skip_sequence", "path": "/x"}):
        with pytest.raises(ValueError):
            wsim.add_fault(spec)
