"""Clock sync, rate limits, retries and error translation against the simulator's fault injection."""
from __future__ import annotations

import logging

import pytest

from kucoin_connector import (AuthenticationError, BadResponse, ExchangeNotAvailable, Kucoin, NetworkError,
                              RequestTimeout)
from kucoin_connector.io import SystemClock


def keyed(sim, urls, **extra):
    creds = {k: sim.credentials[k] for k in ("apiKey", "secret", "password")}
    return Kucoin({"urls": urls, **creds}, **extra)


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


@pytest.mark.parametrize("skew_ms", [-60_000, 60_000, 59_000])
def test_client_clock_off_by_a_minute_never_sees_400002(sim, urls, skew_ms):
    ex = keyed(sim, urls, clock=SystemClock(skew_ms=skew_ms))
    assert ex.call_api("GET", "/api/v1/accounts")


def test_server_clock_jump_is_resynced_and_retried(sim, urls):
    ex = keyed(sim, urls)
    ex.call_api("GET", "/api/v1/accounts")  # offset measured
    sim.add_fault({"path": "/api/v1/accounts", "kind": "clock_skew", "seconds": 30, "count": 1})
    # The skewed answer is a 400002; the client re-measures the offset and the retry succeeds.
    before = sum(1 for _, p in list(sim.request_log) if p.startswith("/api/v1/timestamp"))
    assert ex.call_api("GET", "/api/v1/accounts")
    after = sum(1 for _, p in list(sim.request_log) if p.startswith("/api/v1/timestamp"))
    assert after == before + 1


def test_reads_retry_through_5xx_drop_and_html(sim, urls):
    sleeps = Sleeps()
    ex = Kucoin({"urls": urls}, sleep=sleeps, rand=lambda: 1.0)
    ex.load_markets()
    for kind in ({"kind": "status", "status": 503}, {"kind": "drop"}, {"kind": "html"}):
        sim.add_fault({"path": "/api/v1/market/stats", "count": 1, **kind})
        assert ex.fetch_ticker("BTC/USDT")["symbol"] == "BTC/USDT"
    assert sleeps == [0.25, 0.25, 0.25]  # one full-jitter backoff (base 0.25 s) per fault


def test_errors_are_typed_when_retries_run_out(sim, urls):
    ex = Kucoin({"urls": urls, "options": {"maxRetries": 0}})
    ex.load_markets()
    sim.add_fault({"path": "/api/v1/market/stats", "kind": "html", "count": 1})
    with pytest.raises(ExchangeNotAvailable, match="non-JSON body"):
        ex.fetch_ticker("BTC/USDT")
    sim.add_fault({"path": "/api/v1/market/stats", "kind": "malformed", "count": 1})
    with pytest.raises(BadResponse):
        ex.fetch_ticker("BTC/USDT")
    sim.add_fault({"path": "/api/v1/market/stats", "kind": "drop", "count": 1})
    with pytest.raises(NetworkError):
        ex.fetch_ticker("BTC/USDT")
    quick = Kucoin({"urls": urls, "timeout": 300, "options": {"maxRetries": 0}})
    quick.load_markets()
    sim.add_fault({"path": "/api/v1/market/stats", "kind": "delay", "seconds": 1.0, "count": 1})
    with pytest.raises(RequestTimeout) as info:
        quick.fetch_ticker("BTC/USDT")
    assert info.value.endpoint == "GET /api/v1/market/stats"


def test_429_waits_for_the_reset_and_succeeds(sim, urls):
    sleeps = Sleeps()
    ex = Kucoin({"urls": urls, "enableRateLimit": False}, sleep=sleeps)
    ex.load_markets()
    sim.add_fault({"path": "/api/v1/market/stats", "kind": "code", "code": "429000", "status": 429, "count": 1})
    assert ex.fetch_ticker("BTC/USDT")["symbol"] == "BTC/USDT"
    assert len(sleeps) == 1 and sleeps[0] >= 0


def test_wrong_secret_and_no_secret_leaks(sim, urls, caplog):
    secret, passphrase = "definitely-wrong-secret-123", "not-the-passphrase-456"
    ex = Kucoin({"urls": urls, "apiKey": sim.credentials["apiKey"], "secret": secret, "password": passphrase})
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AuthenticationError) as info:
        ex.call_api("GET", "/api/v1/accounts")
    exc = info.value
    texts = [str(exc), repr(exc), repr(ex), str(vars(ex).get("settings")), caplog.text,
             repr(ex._rest.credentials)]
    for text in texts:
        assert secret not in text and passphrase not in text
    assert exc.code in ("400004", "400005")
