"""Event-sequence tests of the KuCoin session machine: feed messages and now, assert exact output."""
from __future__ import annotations

import json

from kucoin_connector.streaming.session import (Acked, Dropped, KucoinSession, Lost, Push, Refused, SessionState,
                                              Welcome)


def sent(session: KucoinSession) -> list[dict]:
    return [json.loads(t) for t in session.data_to_send()]


def new(now: int = 0, **kw) -> KucoinSession:
    return KucoinSession("cid", now_ms=now, ping_interval_ms=1000, ping_timeout_ms=500, **kw)


def test_nothing_is_sent_before_the_welcome_then_queued_requests_go_out():
    s = new()
    rid = s.subscribe("/market/ticker:BTC-USDT", False, 10)
    assert rid == "cid-1"
    assert sent(s) == []
    assert s.receive('{"id":"cid","type":"welcome"}', 20) == [Welcome("cid")]
    assert s.state is SessionState.OPEN
    assert sent(s) == [{"id": "cid-1", "type": "subscribe", "topic": "/market/ticker:BTC-USDT",
                        "privateChannel": False, "response": True}]


def test_ack_and_error_are_matched_by_id():
    s = new()
    s.receive('{"id":"cid","type":"welcome"}', 0)
    a = s.subscribe("/market/level2:BTC-USDT", False, 1)
    b = s.subscribe("/spotMarket/tradeOrdersV2", True, 1)
    assert [m["privateChannel"] for m in sent(s)] == [False, True]
    assert s.receive(json.dumps({"id": b, "type": "error", "code": 401, "data": "token is expired"}), 2) == [
        Refused(b, "subscribe", "/spotMarket/tradeOrdersV2", "401", "token is expired")]
    assert s.receive(json.dumps({"id": a, "type": "ack"}), 3) == [Acked(a, "subscribe", "/market/level2:BTC-USDT")]
    assert s.pending_requests() == {}
    assert s.receive(json.dumps({"id": a, "type": "ack"}), 4) == []  # a late duplicate is ignored


def test_data_push_and_pong():
    s = new()
    s.receive('{"id":"cid","type":"welcome"}', 0)
    msg = {"type": "message", "topic": "/market/match:BTC-USDT", "subject": "trade.l3match", "data": {"a": 1}}
    assert s.receive(json.dumps(msg), 5) == [Push(msg)]
    assert s.receive('{"id":"x","type":"pong","timestamp":1}', 6) == []
    assert s.last_received_ms == 6


def test_ping_every_interval_and_lost_without_answer():
    s = new()
    s.receive('{"id":"cid","type":"welcome"}', 0)
    assert s.get_timer() == 1000
    assert s.handle_timer(999) == [] and sent(s) == []
    assert s.handle_timer(1000) == []
    assert sent(s) == [{"id": "cid-1", "type": "ping"}]
    assert s.get_timer() == 1500  # the pong deadline comes before the next ping
    assert s.handle_timer(1500) == [Lost("no pong or message within 500 ms of a ping")]
    assert s.state is SessionState.LOST and s.get_timer() is None
    assert s.subscribe("/market/ticker:X", False, 1600) and sent(s) == []  # nothing goes out when lost


def test_any_message_after_the_ping_keeps_the_session():
    s = new()
    s.receive('{"id":"cid","type":"welcome"}', 0)
    s.handle_timer(1000)
    sent(s)
    s.receive('{"id":"cid-1","type":"pong"}', 1200)
    assert s.handle_timer(1500) == []
    assert s.get_timer() == 2000
    s.handle_timer(2000)
    assert sent(s) == [{"id": "cid-2", "type": "ping"}]


def test_no_welcome_in_time_and_error_before_welcome():
    s = new(welcome_timeout_ms=300)
    assert s.get_timer() == 300
    assert s.handle_timer(300) == [Lost("no welcome within the timeout")]
    t = new()
    assert t.receive('{"id":"cid","type":"error","code":401,"data":"token is expired"}', 1) == [
        Lost("refused before welcome: 401 token is expired")]


def test_unanswered_request_loses_the_session():
    s = new(ack_timeout_ms=200)
    s.receive('{"id":"cid","type":"welcome"}', 0)
    s.subscribe("/market/ticker:A", False, 10)
    assert s.get_timer() == 210
    assert s.handle_timer(210) == [Lost("no answer to subscribe /market/ticker:A within 200 ms")]


def test_uplink_is_paced():
    s = new(max_uplink=2, uplink_window_ms=100)
    s.receive('{"id":"cid","type":"welcome"}', 0)
    for i in range(3):
        s.subscribe(f"/market/ticker:S{i}", False, 0)
    assert [m["topic"] for m in sent(s)] == ["/market/ticker:S0", "/market/ticker:S1"]
    assert s.get_timer() == 100
    s.handle_timer(100)
    assert [m["topic"] for m in sent(s)] == ["/market/ticker:S2"]


def test_unrelated_server_error_loses_the_session_garbage_is_dropped():
    s = new()
    s.receive('{"id":"cid","type":"welcome"}', 0)
    assert s.receive('{"id":"zzz","type":"error","code":500,"data":"x"}', 1) == [Lost("server error 500: x")]
    t = new()
    t.receive('{"id":"cid","type":"welcome"}', 0)
    assert t.receive("not json", 1) == [Dropped("undecodable message from the server")]
    assert t.receive("[1, 2]", 2) == [Dropped("unexpected message from the server (not a JSON object)")]
    assert t.receive("[" * 100_000 + "]" * 100_000, 3) == [Dropped("undecodable message from the server")]
    push = {"type": "message", "topic": "/market/ticker:A-B", "data": {}}
    assert t.receive(json.dumps(push), 4) == [Push(push)]  # the session goes on
    assert t.state is SessionState.OPEN and t.last_received_ms == 4
    assert t.connection_lost("eof", 5) == [Lost("eof")]
    u = new()
    assert u.receive("not json", 1) == [Lost("undecodable message from the server")]  # before the welcome: fatal
