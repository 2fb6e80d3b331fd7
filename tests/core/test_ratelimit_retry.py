from __future__ import annotations

import pytest

from kucoin_connector.errors import (BadRequest, ExchangeNotAvailable, NetworkError, RateLimitExceeded,
                                     RequestTimeout)
from kucoin_connector.rest.ratelimit import RateLimitState, quotas_for_vip
from kucoin_connector.rest.retry import RetryPolicy


def test_vip_quotas():
    assert quotas_for_vip(0) == {"Spot": 4000, "Futures": 2000, "Management": 2000, "UnifiedAccount": 2000,
                                 "Earn": 2000, "CopyTrading": 2000, "Public": 2000}
    assert quotas_for_vip(12)["Spot"] == 40000 and quotas_for_vip(12)["Public"] == 2000
    with pytest.raises(ValueError):
        quotas_for_vip(13)


def test_window_books_and_queues_into_next_window():
    s = RateLimitState({"Public": 10}, window_ms=30_000)
    assert s.reserve("Public", 4, 1_000) == 0
    assert s.reserve("Public", 4, 2_000) == 0
    # 8 used, 4 more does not fit: wait until the window that started at 1000 ends (31000).
    assert s.reserve("Public", 4, 3_000) == 28_000
    # The next caller queues behind in that future window (4 used of 10 there).
    assert s.reserve("Public", 6, 3_500) == 27_500
    assert s.reserve("Public", 1, 4_000) == 57_000
    # After the queue has drained, a fresh window starts at the first request.
    assert s.reserve("Public", 1, 100_000) == 0
    assert s.snapshot("Public") == (10, 100_000, 1)


def test_headers_correct_the_local_view():
    s = RateLimitState({"Spot": 4000})
    s.reserve("Spot", 1, 0)
    # Another process of the same account used most of the quota; server says 5 left, reset in 10 s.
    s.observe("Spot", 4000, 5, 10_000, 20_000)
    assert s.snapshot("Spot") == (4000, 0, 3995)
    assert s.reserve("Spot", 10, 20_000) == 10_000


def test_retry_rules():
    r = RetryPolicy(max_retries=2)
    assert r.should_retry(0, "GET", RequestTimeout("t", outcome_unknown=True))
    assert r.should_retry(0, "GET", ExchangeNotAvailable("503"))
    assert not r.should_retry(2, "GET", ExchangeNotAvailable("503"))
    assert not r.should_retry(0, "GET", BadRequest("400"))
    # A write whose outcome is unknown is never retried blindly...
    assert not r.should_retry(0, "POST", NetworkError("reset", outcome_unknown=True))
    # ...but one that never left the machine, or was refused by the rate limiter, is.
    assert r.should_retry(0, "POST", ExchangeNotAvailable("refused"))
    assert r.should_retry(0, "POST", RateLimitExceeded("429"))


def test_backoff_full_jitter_is_bounded():
    r = RetryPolicy(backoff_base=0.5, backoff_max=4.0)
    assert r.backoff(0, 1.0) == 0.5 and r.backoff(1, 0.5) == 0.5 and r.backoff(10, 1.0) == 4.0
    assert r.backoff(3, 0.0) == 0.0
