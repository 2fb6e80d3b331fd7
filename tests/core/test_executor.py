"""Event-sequence tests for the call executor: feed responses, assert the exact effects."""
from __future__ import annotations

import json

import pytest

from kucoin_connector.rest.calls import Call
from kucoin_connector.core.credentials import Credentials
from kucoin_connector.rest.effects import Observe, Reserve, Response, Send, Sleep
from kucoin_connector.errors import (AuthenticationError, BadResponse, ExchangeNotAvailable, InvalidNonce,
                                     NetworkError, RequestTimeout)
from kucoin_connector.rest.executor import RestContext, drive, execute, sync_time
from kucoin_connector.clients.runners import run_sync
from kucoin_connector.io.limiter_local import SharedLimiter
from kucoin_connector.rest.retry import RetryPolicy

CREDS = Credentials("key-0001-abcdef", "sEcReT-123", "my-passphrase", 3)


class FakeClock:
    def __init__(self, now: int = 1_700_000_000_000) -> None:
        self.now = now

    def now_ms(self) -> int:
        return self.now


def ok(data, headers=None, status=200):
    return Response(status, headers or {}, json.dumps({"code": "200000", "data": data}).encode())


def err(code, msg, status=200, headers=None):
    return Response(status, headers or {}, json.dumps({"code": code, "msg": msg}).encode())


def ctx(**kw):
    base = dict(urls={"spot": "http://sim", "futures": "http://fut"}, clock=FakeClock(), rate_limited=False,
                rand=lambda: 0.5, retry=RetryPolicy(max_retries=2, backoff_base=1.0))
    base.update(kw)
    return RestContext(**base)


def finish(gen, value):
    with pytest.raises(StopIteration) as stop:
        gen.send(value)
    return stop.value.value


def test_public_get_single_send():
    g = execute(Call("GET", "/api/v1/market/stats", {"symbol": "BTC-USDT"}), ctx())
    send = next(g)
    assert isinstance(send, Send)
    assert send.method == "GET" and send.url == "http://sim/api/v1/market/stats?symbol=BTC-USDT"
    assert "KC-API-SIGN" not in send.headers and send.body is None
    assert finish(g, ok({"last": "1"})) == {"last": "1"}


def test_private_syncs_clock_first_and_signs_with_server_time():
    c = ctx(credentials=CREDS)
    g = execute(Call("GET", "/api/v1/accounts"), c)
    first = next(g)
    assert first.url == "http://sim/api/v1/timestamp" and "KC-API-KEY" not in first.headers
    c.clock.now += 0  # server is 60 s ahead of us
    second = g.send(ok(1_700_000_060_000))
    assert c.time_offset_ms == 60_000
    assert second.url == "http://sim/api/v1/accounts"
    assert second.headers["KC-API-TIMESTAMP"] == "1700000060000"
    assert finish(g, ok([])) == []


def test_400002_resyncs_resigns_and_retries_once():
    c = ctx(credentials=CREDS, time_offset_ms=0)
    g = execute(Call("GET", "/api/v1/accounts"), c)
    first = next(g)
    assert first.headers["KC-API-TIMESTAMP"] == "1700000000000"
    resync = g.send(err("400002", "Invalid KC-API-TIMESTAMP", 401))
    assert resync.url == "http://sim/api/v1/timestamp"
    retry = g.send(ok(1_700_000_045_000))
    assert retry.headers["KC-API-TIMESTAMP"] == "1700000045000"
    assert retry.headers["KC-API-SIGN"] != first.headers["KC-API-SIGN"]
    with pytest.raises(InvalidNonce) as info:  # a second 400002 surfaces
        g.send(err("400002", "Invalid KC-API-TIMESTAMP", 401))
    assert info.value.endpoint == "GET /api/v1/accounts"


def test_private_without_credentials_fails_before_any_effect():
    g = execute(Call("GET", "/api/v1/accounts"), ctx())
    with pytest.raises(AuthenticationError, match="needs API credentials"):
        next(g)


def test_429_waits_for_reset_then_resends():
    g = execute(Call("GET", "/api/v1/market/stats", {"symbol": "A-B"}), ctx())
    next(g)
    effect = g.send(err("429000", "Too Many Requests", 429, {"gw-ratelimit-reset": "1500"}))
    assert effect == Sleep(1.5)
    again = g.send(None)
    assert isinstance(again, Send)
    assert finish(g, ok(1)) == 1


def test_get_retried_on_5xx_with_backoff_then_gives_up():
    g = execute(Call("GET", "/api/v1/timestamp"), ctx())
    next(g)
    assert g.send(err("500000", "Internal error", 500)) == Sleep(0.5)  # 1.0 * 2**0 * rand 0.5
    assert isinstance(g.send(None), Send)
    assert g.send(Response(503, {"content-type": "text/html"}, b"<html>down</html>")) == Sleep(1.0)
    assert isinstance(g.send(None), Send)
    with pytest.raises(ExchangeNotAvailable, match="non-JSON body"):
        g.send(Response(502, {"content-type": "text/html"}, b"<html>bad gateway</html>"))


def test_write_with_unknown_outcome_is_not_retried_and_carries_client_oid():
    g = execute(Call("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT"}, client_order_id="cid-1"),
                ctx(credentials=CREDS, time_offset_ms=0))
    send = next(g)
    assert send.body == b'{"symbol":"BTC-USDT"}'
    with pytest.raises(ExchangeNotAvailable) as info:
        g.send(err("500000", "Internal error", 500))
    assert info.value.outcome_unknown and info.value.client_order_id == "cid-1"


def test_transport_errors_thrown_in():
    g = execute(Call("GET", "/api/v1/timestamp"), ctx())
    next(g)
    assert isinstance(g.throw(RequestTimeout("read timeout", outcome_unknown=True)), Sleep)
    g = execute(Call("POST", "/api/v1/hf/orders", {"a": 1}, client_order_id="c2"), ctx(credentials=CREDS,
                                                                                        time_offset_ms=0))
    next(g)
    with pytest.raises(NetworkError) as info:
        g.throw(NetworkError("connection reset", outcome_unknown=True))
    assert info.value.client_order_id == "c2" and info.value.endpoint == "POST /api/v1/hf/orders"
    # A POST that never left the machine is safe to retry.
    g = execute(Call("POST", "/api/v1/hf/orders", {"a": 1}), ctx(credentials=CREDS, time_offset_ms=0))
    next(g)
    assert isinstance(g.throw(ExchangeNotAvailable("connection refused")), Sleep)


def test_malformed_success_body():
    g = execute(Call("GET", "/api/v1/timestamp"), ctx())
    next(g)
    with pytest.raises(BadResponse, match="non-JSON"):
        g.send(Response(200, {"content-type": "application/json"}, b'{"code":"2000'))


def test_reservation_and_header_corrections_are_effects_with_one_header_parse():
    c = ctx(rate_limited=True)
    g = execute(Call("GET", "/api/v1/market/stats", {"symbol": "A-B"}), c)
    assert next(g) == Reserve("Public", 15)
    assert g.send(30_000) == Sleep(30.0)  # the runner's limiter said: wait 30 s
    assert isinstance(g.send(None), Send)
    headers = {"gw-ratelimit-limit": "2000", "gw-ratelimit-remaining": "1990", "gw-ratelimit-reset": "25000"}
    assert g.send(ok(1, headers)) == Observe("Public", 2000, 1990, 25000)
    assert finish(g, None) == 1


def test_without_rate_limiting_nothing_is_reserved_or_observed():
    g = execute(Call("GET", "/api/v1/market/stats", {"symbol": "A-B"}), ctx(rate_limited=False))
    assert isinstance(next(g), Send)
    headers = {"gw-ratelimit-limit": "2000", "gw-ratelimit-remaining": "1990", "gw-ratelimit-reset": "25000"}
    assert finish(g, ok(1, headers)) == 1


class _Transport:
    def __init__(self, *responses):
        self.responses = list(responses)
        self.urls: list[str] = []

    def request(self, method, url, headers, body, timeout):
        self.urls.append(url)
        return self.responses.pop(0)


def test_the_runner_books_with_its_limiter_and_sleeps_when_the_pool_is_full():
    limiter, sleeps = SharedLimiter({"Public": 15}), []
    transport = _Transport(ok(1), ok(2))
    c = ctx(rate_limited=True)
    for expected in (1, 2):
        call = Call("GET", "/api/v1/market/stats", {"symbol": "A-B"})
        assert run_sync(execute(call, c), transport, sleeps.append, limiter, c.clock.now_ms) == expected
    assert sleeps == [30.0]  # weight 15 of 15 spent by the first call: the second waits for the next window


def test_clock_offset_is_timed_around_the_request_not_the_rate_limit_wait():
    c = ctx(rate_limited=True)
    g = sync_time(c)
    assert isinstance(next(g), Reserve)
    assert g.send(20_000) == Sleep(20.0)
    c.clock.now += 20_000  # the runner slept 20 s
    assert isinstance(g.send(None), Send)
    c.clock.now += 100  # a 100 ms round trip
    assert finish(g, ok(1_700_000_020_050 + 60_000)) == 60_000  # not skewed by half of the 20 s wait


def test_drive_sends_results_into_plan_and_throws_errors():
    def plan():
        a = yield Call("GET", "/api/v1/timestamp")
        try:
            yield Call("GET", "/api/v1/status")
        except BadResponse:
            return ("recovered", a)

    g = drive(plan(), ctx(retry=RetryPolicy(max_retries=0)))
    next(g)
    g.send(ok(5))
    with pytest.raises(StopIteration) as stop:
        g.send(Response(200, {}, b"not json"))
    assert stop.value.value == ("recovered", 5)
