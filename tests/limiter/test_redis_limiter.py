"""RedisLimiter against a real redis-server: the Lua arithmetic is RateLimitState's (windows, weights, VIP
quotas, a spent pool waiting into the next window, header corrections), processes of one account share
one budget, other accounts and prefixes do not, and a dead or stalled Redis falls back to a local share
(logged once) and comes back (logged once) without an exception reaching the caller.

Every comparison with RateLimitState feeds it the Redis server's own clock reading returned by the
script, so the results are exact whatever the machine's speed (no timing thresholds).
"""
from __future__ import annotations

import logging
import os
import random
import signal
import sys
import time

import pytest

from kucoin_connector.errors import ArgumentsRequired, BadRequest, NotSupported
from kucoin_connector.io import limiter_redis
from kucoin_connector.io.limiter_redis import RedisLimiter, limiter_from_url
from kucoin_connector.rest.ratelimit import RateLimitState, quotas_for_vip

QUOTAS = {"Spot": 10, "Futures": 5, "Public": 7}
LOGGER = "kucoin_connector.io.limiter_redis"


def make(server, **kw) -> RedisLimiter:
    args = dict(account="uid1", prefix="t", quotas=QUOTAS, window_ms=60_000, guard_ms=0, ip="10.0.0.1")
    args.update(kw)
    return limiter_from_url(server.url, **args)


class FakeMonotonic:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def check_reserve(lim: RedisLimiter, state: RateLimitState, pool: str, weight: int) -> tuple[int, int]:
    """Reserve on Redis and in RateLimitState at the Redis server's time; (wait ms, that time)."""
    wait, now = lim.reserve_on_server(pool, weight)
    assert wait == state.reserve(pool, weight, now), (pool, weight)
    assert lim.snapshot(pool) == state.snapshot(pool), (pool, weight)
    return wait, now


def check_observe(lim: RedisLimiter, state: RateLimitState, pool: str, limit: int, remaining: int,
                  reset: int) -> None:
    now = lim.observe_on_server(pool, limit, remaining, reset)
    state.observe(pool, limit, remaining, reset, now)
    assert lim.snapshot(pool) == state.snapshot(pool), (pool, limit, remaining, reset)


def redis_now_ms(lim: RedisLimiter) -> int:
    sec, usec = lim._client.time()
    return sec * 1000 + usec // 1000


# -- the arithmetic -------------------------------------------------------------------------------
def test_reservations_match_rate_limit_state_weights_and_spent_pools(redis_server):
    lim = make(redis_server)
    state = RateLimitState(lim.quotas, 60_000)
    rng = random.Random(7)
    waits = []
    for _ in range(120):
        pool = rng.choice(["Spot", "Futures", "Public", "Management"])
        waits.append(check_reserve(lim, state, pool, rng.choice([1, 1, 2, 3, 5, 12]))[0])  # 12 > every quota here
    # A spent pool books into the next window (and the ones after): the caller waits whole windows.
    assert {w // 1000 for w in waits if w} >= {59, 119}
    assert waits[0] == 0


def test_windows_expire_like_rate_limit_state(redis_server):
    lim = make(redis_server, window_ms=300)
    state = RateLimitState(lim.quotas, 300)
    paused, fresh = False, 0
    for weight in (3, 3, 3, None, 5, 5, 5, None) * 4:  # None: pause past every window booked so far
        if weight is None:
            _, start, _ = lim.snapshot("Spot")
            time.sleep(max(0, start + 300 - redis_now_ms(lim)) / 1000 + 0.05)
            paused = True
            continue
        _, now = check_reserve(lim, state, "Spot", weight)
        fresh += paused and lim.snapshot("Spot")[1] == now  # the old window expired: a new one starts now
        paused = False
    assert fresh == 7


def test_vip_quotas(redis_server):
    lim = limiter_from_url(redis_server.url, account="uid1", prefix="vip", vip=5, guard_ms=0, ip="x")
    assert lim.quotas == quotas_for_vip(5)
    state = RateLimitState(quotas_for_vip(5))
    assert check_reserve(lim, state, "Spot", 16_000)[0] == 0
    assert check_reserve(lim, state, "Spot", 1)[0] > 0  # the 16000 of VIP 5 are spent: next window
    assert check_reserve(lim, state, "Futures", 7_000)[0] == 0
    assert lim.snapshot("Futures")[0] == 7_000


def test_the_guard_lengthens_our_window(redis_server):
    lim = make(redis_server, guard_ms=250)
    state = RateLimitState(lim.quotas, 60_250)
    for _ in range(25):
        check_reserve(lim, state, "Spot", 2)


def test_header_corrections_match_rate_limit_state(redis_server):
    lim = make(redis_server)
    state = RateLimitState(lim.quotas, 60_000)
    check_observe(lim, state, "Spot", 10, 6, 40_000)  # first sight of the pool: the server's window
    check_reserve(lim, state, "Spot", 1)
    _, start, _ = lim.snapshot("Spot")
    near = start + 60_000 - redis_now_ms(lim)  # the server's window agrees with ours (within 1 s)
    check_observe(lim, state, "Spot", 10, 1, near)  # -> the larger use wins
    check_observe(lim, state, "Spot", 10, 9, near)  # a smaller use leaves ours alone
    check_observe(lim, state, "Spot", 10, 3, near - 20_000)  # 20 s apart: adopt the server's window
    check_observe(lim, state, "Spot", 12, 3, near - 20_000)  # a new quota (e.g. VIP upgrade) is adopted
    for _ in range(6):
        check_reserve(lim, state, "Spot", 3)  # spends it: callers queued into a future window
    check_observe(lim, state, "Spot", 14, 14, 5_000)  # future queue kept, quota adopted
    for _ in range(6):
        check_reserve(lim, state, "Spot", 4)
    assert lim.snapshot("Spot")[0] == 14
    assert lim._client.pttl(lim.key("Spot")) > 0  # idle keys expire


# -- sharing ----------------------------------------------------------------------------------------
def test_two_processes_of_one_account_share_one_budget(redis_server):
    a, b = make(redis_server), make(redis_server)
    assert a.reserve("Spot", 6, 0) == 0
    assert b.reserve("Spot", 4, 0) == 0
    assert a.reserve("Spot", 1, 0) > 0  # 10 of 10 spent by the two together
    assert a.snapshot("Spot") == b.snapshot("Spot")
    a.observe("Futures", 5, 1, 20_000, 0)  # what one process saw in KuCoin's headers...
    assert b.snapshot("Futures")[2] == 4  # ...the other one knows
    assert b.reserve("Futures", 2, 0) > 0


def test_other_accounts_prefixes_and_ips_do_not_share(redis_server):
    a = make(redis_server)
    assert a.reserve("Spot", 10, 0) == 0 and a.reserve("Public", 7, 0) == 0
    assert make(redis_server, account="uid2").reserve("Spot", 10, 0) == 0
    assert make(redis_server, prefix="other").reserve("Spot", 10, 0) == 0
    # Public is per IP: another account behind the same IP shares it, another IP does not.
    assert make(redis_server, account="uid2").reserve("Public", 1, 0) > 0
    assert make(redis_server, ip="10.0.0.2").reserve("Public", 7, 0) == 0
    assert a.key("Spot") == "t:uid1:Spot" and a.key("Public") == "t:10.0.0.1:Public"


# -- faults -----------------------------------------------------------------------------------------
def test_redis_down_uses_the_fallback_share_logs_once_and_comes_back(redis_server, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    clock = FakeMonotonic()
    lim = make(redis_server, fallback_share=0.5)
    lim._monotonic = clock
    other = make(redis_server)
    assert lim.reserve("Spot", 1, 1_000) == 0 and lim.using_redis
    redis_server.stop()
    # Fallback: half of Spot's 10; a local budget booked with the caller's clock; nothing raised.
    assert [lim.reserve("Spot", 1, 1_000) for _ in range(5)] == [0] * 5
    assert lim.reserve("Spot", 1, 1_000) == 60_000
    lim.observe("Spot", 10, 3, 30_000, 1_000)
    assert not lim.using_redis
    down = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(down) == 1 and down[0].levelno == logging.WARNING
    clock.t += 1.5  # past the first backoff: Redis is tried again, still down, the fallback answers
    assert lim.reserve("Spot", 1, 1_000) > 0
    assert len([r for r in caplog.records if "unavailable" in r.getMessage()]) == 1
    redis_server.start()  # a fresh, empty server (no persistence), scripts not loaded
    assert lim.reserve("Spot", 2, 1_000) > 0  # still inside the backoff: the fallback
    clock.t += 10
    assert not lim._client.script_exists(limiter_redis._RESERVE.sha)[0]
    assert lim.reserve("Spot", 2, 1_000) == 0  # shared again (NOSCRIPT -> loaded again)
    assert lim.using_redis and lim._client.script_exists(limiter_redis._RESERVE.sha)[0]
    assert other.snapshot("Spot")[2] == 2  # the other process sees that booking
    back = [r for r in caplog.records if "back" in r.getMessage()]
    assert len(back) == 1
    lim.reserve("Spot", 1, 1_000)
    assert len([r for r in caplog.records if "back" in r.getMessage()]) == 1


def test_fallback_counts_what_the_server_reports_used(redis_server):
    lim = make(redis_server, fallback_share=0.5)
    redis_server.stop()
    lim.observe("Spot", 10, 7, 30_000, 5_000)  # the fleet used 3 of this window; our share is 5
    assert lim.reserve("Spot", 2, 5_000) == 0
    assert lim.reserve("Spot", 1, 5_000) > 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP")
def test_a_stalled_redis_times_out_into_the_fallback(redis_server, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    lim = make(redis_server, timeout_s=0.05)
    assert lim.reserve("Spot", 1, 0) == 0
    os.kill(redis_server.pid, signal.SIGSTOP)
    try:
        assert lim.reserve("Spot", 1, 0) == 0  # answered by the fallback, no exception
        assert not lim.using_redis
    finally:
        os.kill(redis_server.pid, signal.SIGCONT)
    assert len([r for r in caplog.records if "TimeoutError" in r.getMessage()]) == 1


def test_closing_twice_and_after_a_failure_is_quiet(redis_server):
    lim = make(redis_server)
    lim.reserve("Spot", 1, 0)
    redis_server.stop()
    lim.close()
    lim.close()


# -- configuration --------------------------------------------------------------------------------
def test_without_the_redis_client_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)
    with pytest.raises(NotSupported, match=r"pip install 'kucoin-connector\[redis\]'"):
        limiter_from_url("redis://127.0.0.1:1/0", account="uid1")


@pytest.mark.parametrize("kwargs, error, text", [
    ({"account": ""}, ArgumentsRequired, "account="),
    ({"account": "my secret"}, BadRequest, "account="),
    ({"account": "uid1", "fallback_share": 0}, BadRequest, "fallback_share="),
    ({"account": "uid1", "guard_ms": -1}, BadRequest, "guard_ms="),
])
def test_bad_settings_are_refused_before_any_io(kwargs, error, text):
    pytest.importorskip("redis")
    with pytest.raises(error, match=text):
        limiter_from_url("redis://127.0.0.1:1/0", **kwargs)


def test_only_redis_urls():
    with pytest.raises(BadRequest, match="redis://"):
        limiter_from_url("http://127.0.0.1:6379", account="uid1")
