"""A rate limiter whose budget lives in Redis, shared by every process trading one KuCoin account.

Layer: I/O (talks to a Redis server). Same interface as :class:`kucoin_connector.io.limiter_local.SharedLimiter`
(``reserve(pool, weight, now_ms) -> wait_ms``, ``observe(pool, limit, remaining, reset_ms, now_ms)``), plus
``snapshot`` and ``close``.

Rules:

* One Redis hash per (account, pool): ``{prefix}:{account}:{pool}`` with fields ``quota``, ``start`` and
  ``used``. ``account`` is the KuCoin UID or any non-secret label shared by the processes of one account;
  the Public pool is per IP at KuCoin, so it is keyed by ``ip`` instead (default: this host's name, which
  stands for "the processes on this machine share one egress IP").
* Reservation is one Lua script run atomically on the Redis server with the server's clock (``TIME``),
  not the hosts' clocks. Its arithmetic is :meth:`kucoin_connector.rest.ratelimit.RateLimitState.reserve`:
  a 30 s window starts at the pool's first request; a spent pool books the caller into the next window
  and returns how many ms to wait. The limiter's window is ``window_ms + guard_ms`` long (200 ms by
  default): KuCoin's window starts when the first request *arrives*, a network latency after ours, so a
  window of exactly ``window_ms`` would release the next window's queue while KuCoin's is still running
  (429000 at every window change of a saturated pool); with ``guard_ms=0`` the arithmetic is
  RateLimitState's exactly. A second script applies the ``gw-ratelimit-*`` header corrections
  (:meth:`RateLimitState.observe`), so every process learns what one saw.
* Scripts go by ``EVALSHA``; after ``NOSCRIPT`` (a restarted or flushed server) they are loaded again.
* Faults: Redis slow (past ``timeout_s``, 100 ms by default) or unreachable -> a local
  :class:`SharedLimiter` holding ``fallback_share`` of each quota takes over, one WARNING is logged,
  Redis is retried after a growing backoff, and one WARNING says when it is back. A Redis failure never
  raises into the caller's request path.

The ``redis`` client is an optional extra: ``pip install 'kucoin-connector[redis]'``.
"""
from __future__ import annotations

import hashlib
import socket
import threading
import time
from typing import Any, Callable, Mapping

from ..errors import ArgumentsRequired, BadRequest, NotSupported
from ..logs import get_logger
from .limiter_local import SharedLimiter
from ..rest.ratelimit import WINDOW_MS, quotas_for_vip

__all__ = ["RedisLimiter", "limiter_from_url", "RESERVE_LUA", "OBSERVE_LUA"]

log = get_logger(__name__)

# KEYS[1] = pool key; ARGV = weight, configured quota, window ms. Returns {wait ms, server now ms}.
# Mirrors RateLimitState.reserve line for line; a quota learned from headers (field `quota`) wins.
RESERVE_LUA = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'quota', 'start', 'used')
local quota = tonumber(state[1]) or tonumber(ARGV[2])
local start = tonumber(state[2])
local used = tonumber(state[3]) or 0
local weight = math.min(tonumber(ARGV[1]), quota)
if start == nil or now >= start + window then
  start = now
  used = 0
end
while used + weight > quota do
  start = start + window
  used = 0
end
used = used + weight
redis.call('HSET', KEYS[1], 'start', string.format('%.0f', start), 'used', string.format('%.0f', used))
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.max(start - now, 0) + 2 * window))
return {math.max(0, start - now), now}
"""

# KEYS[1] = pool key; ARGV = limit, remaining, reset ms, window ms. Returns {applied (0/1), server now ms}.
# Mirrors RateLimitState.observe: adopt the server's quota; leave a queue booked into a future window
# alone; otherwise take the server's window start when it differs by more than 1 s, else the larger use.
OBSERVE_LUA = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local remaining = tonumber(ARGV[2])
local reset = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'start', 'used')
local start = tonumber(state[1])
local used = tonumber(state[2]) or 0
redis.call('HSET', KEYS[1], 'quota', string.format('%.0f', limit))
if start ~= nil and start > now then
  return {0, now}
end
local server_start = now + reset - window
local server_used = math.max(0, limit - remaining)
if start == nil or math.abs(server_start - start) > 1000 then
  start = server_start
  used = server_used
else
  used = math.max(used, server_used)
end
redis.call('HSET', KEYS[1], 'start', string.format('%.0f', start), 'used', string.format('%.0f', used))
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.max(start - now + 2 * window, window)))
return {1, now}
"""

_INSTALL_HINT = "pip install 'kucoin-connector[redis]'"


def _import_redis() -> Any:
    try:
        import redis
    except ImportError as exc:
        raise NotSupported(f"the Redis rate limiter needs the redis client: {_INSTALL_HINT}") from exc
    return redis


class _Script:
    """A Lua script run by EVALSHA, loaded again after NOSCRIPT."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()

    def __call__(self, client: Any, key: str, *args: Any) -> Any:
        try:
            return client.evalsha(self.sha, 1, key, *args)
        except Exception as exc:  # noqa: BLE001 - only NOSCRIPT is handled here; the rest propagates
            if type(exc).__name__ != "NoScriptError" and "NOSCRIPT" not in str(exc):
                raise
        client.script_load(self.source)
        return client.evalsha(self.sha, 1, key, *args)


_RESERVE = _Script(RESERVE_LUA)
_OBSERVE = _Script(OBSERVE_LUA)


def _check_label(name: str, value: Any) -> str:
    if value is None or value == "":
        raise ArgumentsRequired(f"RedisLimiter needs {name}= (a UID or non-secret label grouping the processes)")
    if not isinstance(value, str) or any(c.isspace() for c in value) or len(value) > 128:
        raise BadRequest(f"RedisLimiter {name}= must be a short string without spaces, got {value!r:.60}")
    return value


class RedisLimiter:
    """The fleet-wide limiter: ``reserve``/``observe`` like :class:`SharedLimiter`, budget in Redis."""

    def __init__(self, client: Any, *, account: str, prefix: str = "kucoin", quotas: Mapping[str, int] | None = None,
                 window_ms: int = WINDOW_MS, guard_ms: int = 200, fallback_share: float = 0.25,
                 ip: str | None = None, backoff_s: float = 1.0, max_backoff_s: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if client is None:
            raise ArgumentsRequired("RedisLimiter needs a redis client (or use limiter_from_url)")
        if not 0 < fallback_share <= 1:
            raise BadRequest(f"RedisLimiter fallback_share= must be in (0, 1], got {fallback_share!r}")
        self.account = _check_label("account", account)
        self.prefix = _check_label("prefix", prefix)
        self.ip = _check_label("ip", ip if ip is not None else socket.gethostname() or "localhost")
        if guard_ms < 0:
            raise BadRequest(f"RedisLimiter guard_ms= must be >= 0, got {guard_ms!r}")
        self.window_ms = int(window_ms)  # KuCoin's window (header corrections)
        self.booking_ms = int(window_ms) + int(guard_ms)  # ours: KuCoin's plus the latency guard
        self.quotas = quotas_for_vip(0)
        self.quotas.update(quotas or {})
        self.fallback_share = float(fallback_share)
        self._client = client
        self._fallback = SharedLimiter({p: max(1, int(q * fallback_share)) for p, q in self.quotas.items()},
                                       self.booking_ms)
        self._backoff_s, self._max_backoff_s, self._monotonic = backoff_s, max_backoff_s, monotonic
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._delay = backoff_s
        self._closed = False

    # -- the interface the executor uses --------------------------------------------------------
    def reserve(self, pool: str, weight: int, now_ms: int) -> int:
        """Book ``weight`` in the shared ``pool``; the ms to wait before sending. Never raises for Redis."""
        if self._redis_allowed():
            try:
                wait_ms, _ = self.reserve_on_server(pool, weight)
            except Exception as exc:  # noqa: BLE001 - any Redis failure means: use the local budget
                self._failed(exc)
            else:
                self._succeeded()
                return wait_ms
        return self._fallback.reserve(pool, weight, now_ms)

    def observe(self, pool: str, limit: int, remaining: int, reset_ms: int, now_ms: int) -> None:
        """Write KuCoin's ``gw-ratelimit-*`` view into the shared budget (or the fallback's)."""
        if self._redis_allowed():
            try:
                self.observe_on_server(pool, limit, remaining, reset_ms)
            except Exception as exc:  # noqa: BLE001
                self._failed(exc)
            else:
                self._succeeded()
                return
        # The fallback holds a share of the quota; the weight the server reports used counts against it,
        # so a fleet on fallback budgets stays near one share of the pool as a whole.
        scaled = max(1, int(limit * self.fallback_share))
        self._fallback.observe(pool, scaled, scaled - max(0, limit - remaining), reset_ms, now_ms)

    async def reserve_async(self, pool: str, weight: int, now_ms: int) -> int:
        """:meth:`reserve` for the asyncio runner: the Redis round trip runs in a worker thread, so the event
        loop never waits on Redis (up to ``timeout_s``)."""
        import asyncio
        return await asyncio.to_thread(self.reserve, pool, weight, now_ms)

    async def observe_async(self, pool: str, limit: int, remaining: int, reset_ms: int, now_ms: int) -> None:
        import asyncio
        await asyncio.to_thread(self.observe, pool, limit, remaining, reset_ms, now_ms)

    def snapshot(self, pool: str) -> tuple[int, int | None, int]:
        """(quota, window start ms on the Redis clock, used weight) of the shared pool; raises on Redis errors."""
        quota, start, used = self._client.hmget(self.key(pool), "quota", "start", "used")
        return (int(quota) if quota is not None else self._quota(pool), int(start) if start is not None else None,
                int(used) if used is not None else 0)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            try:
                self._client.close()
            except Exception as exc:  # noqa: BLE001 - closing must not fail a shutdown
                log.debug("closing the redis client: %s", exc)

    def __enter__(self) -> "RedisLimiter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- Redis ---------------------------------------------------------------------------------
    def key(self, pool: str) -> str:
        return f"{self.prefix}:{self.ip if pool == 'Public' else self.account}:{pool}"

    def _quota(self, pool: str) -> int:
        return int(self.quotas.get(pool, 2000))

    def reserve_on_server(self, pool: str, weight: int) -> tuple[int, int]:
        """Run the reservation script: (wait ms, the Redis server's now in ms). Raises on Redis errors."""
        wait_ms, server_ms = _RESERVE(self._client, self.key(pool), int(weight), self._quota(pool), self.booking_ms)
        return int(wait_ms), int(server_ms)

    def observe_on_server(self, pool: str, limit: int, remaining: int, reset_ms: int) -> int:
        """Run the header-correction script; returns the Redis server's now in ms. Raises on Redis errors."""
        _, server_ms = _OBSERVE(self._client, self.key(pool), int(limit), int(remaining), int(reset_ms),
                                self.window_ms)
        return int(server_ms)

    # -- faults --------------------------------------------------------------------------------
    @property
    def using_redis(self) -> bool:
        """False while the local fallback budget is in use."""
        return self._down_since is None

    def _redis_allowed(self) -> bool:
        return self._down_since is None or self._monotonic() >= self._retry_at

    def _failed(self, exc: BaseException) -> None:
        now = self._monotonic()
        with self._lock:
            if self._down_since is None:
                self._down_since, self._delay = now, self._backoff_s
                log.warning("redis rate limiter unavailable (%s: %.120s): using a local budget of %g%% of each "
                            "quota until redis answers again", type(exc).__name__, exc, self.fallback_share * 100)
            else:
                self._delay = min(self._delay * 2, self._max_backoff_s)
            self._retry_at = now + self._delay

    def _succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            if self._down_since is not None:
                log.warning("redis rate limiter is back after %.1f s: using the shared budget again",
                            self._monotonic() - self._down_since)
                self._down_since = None


def limiter_from_url(url: str, *, account: str, prefix: str = "kucoin", quotas: Mapping[str, int] | None = None,
                     vip: int | None = None, window_ms: int = WINDOW_MS, guard_ms: int = 200,
                     fallback_share: float = 0.25, ip: str | None = None, timeout_s: float = 0.1) -> RedisLimiter:
    """A :class:`RedisLimiter` on ``redis://host:6379/0`` (or ``rediss://``, ``unix://``); no I/O until used.

    ``quotas`` overrides per pool the quotas of VIP level ``vip`` (0 when not given). ``timeout_s`` bounds
    every Redis call (connect and answer): past it the local fallback budget is used.
    """
    if not isinstance(url, str) or not url.startswith(("redis://", "rediss://", "unix://")):
        raise BadRequest(f"limiter_from_url needs a redis://, rediss:// or unix:// URL, got {str(url)[:60]!r}")
    redis = _import_redis()
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    merged = quotas_for_vip(int(vip or 0))
    merged.update(quotas or {})
    client = redis.Redis.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s,
                                  retry=Retry(NoBackoff(), 0), retry_on_timeout=False)
    return RedisLimiter(client, account=account, prefix=prefix, quotas=merged, window_ms=window_ms,
                        guard_ms=guard_ms, fallback_share=fallback_share, ip=ip)
