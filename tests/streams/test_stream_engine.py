"""The multi-connection engine: fresh token per connect, restore after reconnect, backoff, typed errors."""
from __future__ import annotations

import json

from kucoin_connector.streaming.engine import (CloseSocket, GaveUp, Interrupted, Message, OpenConnection,
                                             SendText, StreamEngine, Subscribed, SubscriptionFailed)
from kucoin_connector.streaming.errors import ReconnectsExhausted, SubscriptionRefused
from kucoin_connector.streaming.topics import ConnectionKey, Unit


def K(access: str, n: int) -> ConnectionKey:
    return ConnectionKey("spot", access, n)


class Ids:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"i{self.n}"


def engine(**kw) -> StreamEngine:
    return StreamEngine(rand=lambda: 0.5, new_id=Ids(), backoff_initial_ms=100, backoff_max_ms=1000, **kw)


def texts(actions) -> list[dict]:
    return [json.loads(a.text) for a in actions if isinstance(a, SendText)]


def welcome(e: StreamEngine, key: ConnectionKey, cid: str, now: int):
    e.opened(key, cid, now, ping_interval_ms=1000, ping_timeout_ms=500)
    e.received(key, cid, json.dumps({"id": cid, "type": "welcome"}), now)
    return e.actions()


def test_subscribe_connect_welcome_ack_and_data():
    e = engine()
    e.subscribe([Unit("/market/match", "A-B"), Unit("/market/match", "C-D")], 0)
    assert e.actions() == [OpenConnection(K("public", 0), False, "i1")]
    out = welcome(e, K("public", 0), "i1", 5)
    assert texts(out) == [{"id": "i2", "type": "subscribe", "topic": "/market/match:A-B,C-D",
                           "privateChannel": False, "response": True}]
    e.received(K("public", 0), "i1", '{"id":"i2","type":"ack"}', 6)
    push = {"type": "message", "topic": "/market/match:A-B", "subject": "trade.l3match", "data": {}}
    e.received(K("public", 0), "i1", json.dumps(push), 7)
    assert e.events() == [Subscribed(K("public", 0), (Unit("/market/match", "A-B"), Unit("/market/match", "C-D"))),
                          Message(K("public", 0), push)]
    assert e.subscribed(Unit("/market/match", "A-B")) and e.last_received_ms(private=False) == 7


def test_lost_session_reconnects_with_backoff_fresh_id_and_restores_everything():
    e = engine()
    e.subscribe([Unit("/market/level2", "A-B")], 0)
    e.actions()
    welcome(e, K("public", 0), "i1", 0)
    e.received(K("public", 0), "i1", '{"id":"i2","type":"ack"}', 1)
    e.events()
    e.handle_timer(1000)  # ping
    assert texts(e.actions()) == [{"id": "i3", "type": "ping"}]
    e.handle_timer(1500)  # no pong
    assert e.actions() == [CloseSocket(K("public", 0), "i1", "no pong or message within 500 ms of a ping")]
    assert e.events() == [Interrupted(K("public", 0), (Unit("/market/level2", "A-B"),),
                                      "no pong or message within 500 ms of a ping")]
    assert e.get_timer() == 1500 + 75  # 100 ms * (0.5 + 0.5 / 2)
    e.received(K("public", 0), "i1", '{"type":"message","topic":"x","data":{}}', 1501)  # stale socket: ignored
    assert e.events() == []
    e.handle_timer(1575)
    assert e.actions() == [OpenConnection(K("public", 0), False, "i4")]
    out = welcome(e, K("public", 0), "i4", 1600)
    assert texts(out)[0]["topic"] == "/market/level2:A-B"
    assert e.reconnects == 1


def test_refused_subscription_is_typed_and_released():
    e = engine()
    e.subscribe([Unit("/market/ticker", "NOPE")], 0)
    e.actions()
    welcome(e, K("public", 0), "i1", 0)
    e.received(K("public", 0), "i1", '{"id":"i2","type":"error","code":404,"data":"topic not found"}', 1)
    [failed] = e.events()
    assert isinstance(failed, SubscriptionFailed) and failed.units == (Unit("/market/ticker", "NOPE"),)
    assert isinstance(failed.error, SubscriptionRefused) and failed.error.code == "404"
    assert failed.error.endpoint == "/market/ticker:NOPE"
    assert e.actions() == [CloseSocket(K("public", 0), "i1", "no subscriptions left")]
    assert e.connections() == {}


def test_exhausted_reconnects_give_up_with_a_typed_error():
    e = engine(max_reconnects=2)
    e.subscribe([Unit("/account/balance")], 0)
    [first] = e.actions()
    assert first.private
    now = 0
    cid = first.connect_id
    delays = []
    for _ in range(2):
        e.open_failed(K("private", 0), cid, "connection refused", now)
        delays.append(e.get_timer() - now)
        now = e.get_timer()
        e.handle_timer(now)
        [again] = e.actions()
        cid = again.connect_id
    e.open_failed(K("private", 0), cid, "connection refused", now)
    [gave] = e.events()
    assert isinstance(gave, GaveUp) and isinstance(gave.error, ReconnectsExhausted)
    assert delays == [75, 150]  # exponential, jittered by rand() = 0.5
    assert e.connections() == {} and e.get_timer() is None


def test_limit_opens_extra_connections_and_unsubscribe_closes_empty_ones():
    e = engine(topic_limit=1)
    e.subscribe([Unit("/market/match", "A"), Unit("/market/match", "B")], 0)
    assert [a.key for a in e.actions()] == [K("public", 0), K("public", 1)]
    welcome(e, K("public", 0), "i1", 0)
    e.received(K("public", 0), "i1", '{"id":"i3","type":"ack"}', 0)
    e.subscribe([Unit("/market/match", "A")], 1)  # a second reference: nothing sent
    assert e.actions() == []
    e.unsubscribe([Unit("/market/match", "A")], 2)
    assert e.actions() == []
    e.unsubscribe([Unit("/market/match", "A")], 3)
    assert e.actions() == [CloseSocket(K("public", 0), "i1", "no subscriptions left")]
    assert list(e.connections()) == [K("public", 1)]


def test_unsubscribe_message_when_the_connection_keeps_other_topics():
    e = engine()
    e.subscribe([Unit("/market/match", "A"), Unit("/market/match", "B")], 0)
    e.actions()
    welcome(e, K("public", 0), "i1", 0)
    e.received(K("public", 0), "i1", '{"id":"i2","type":"ack"}', 0)
    e.unsubscribe([Unit("/market/match", "B")], 1)
    assert texts(e.actions()) == [{"id": "i3", "type": "unsubscribe", "topic": "/market/match:B",
                                   "privateChannel": False, "response": True}]
