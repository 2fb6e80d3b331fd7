"""Running one REST call: rate limit, clock sync, signing, retries, decoding (pure: it only yields effects).

:func:`execute` is a generator that yields :mod:`effects` and returns the envelope's ``data``;
:func:`drive` runs a whole plan the same way. Both are written once and performed by the two runners
(``clients/runners.py``: blocking, ``clients/async_runner.py``: ``await``). What it guarantees:

* the bytes signed are the bytes sent, and every attempt is signed anew with a fresh timestamp;
* the clock offset to KuCoin is measured before the first private request and re-measured on 400002,
  after which the request is re-signed and retried once (kucoin.md, "REST authentication");
* rate-limit weight is booked per pool before sending (a :class:`Reserve` effect: the runner asks its
  limiter, which may be shared by several clients or a fleet) and corrected from ``gw-ratelimit-*``
  headers (an :class:`Observe` effect); a 429000 answer waits for the window reset instead of failing;
* reads are retried with jittered backoff; a write whose outcome is unknown is never retried here and
  surfaces with ``outcome_unknown=True`` and its client order id;
* a malformed answer is a ``BadResponse`` naming the endpoint, whichever parser met it: :func:`drive`
  turns any exception a plan raises while reading an answer (``AttributeError``, ``TypeError``,
  :class:`~kucoin_connector.core.numbers.BadNumber`, ...) into one, so parsers need no guard of their own.
"""
from __future__ import annotations

from typing import Any, Callable, Generator, Mapping, Protocol

from .calls import Call, Prepared, prepare
from ..core.credentials import Credentials
from .effects import Observe, Reserve, Response, Send, Sleep
from .envelope import RateLimitHeaders, decode
from ..errors import AuthenticationError, BadResponse, BaseError, InvalidNonce, NetworkError, RateLimitExceeded
from .retry import IDEMPOTENT_METHODS, RetryPolicy
from ..logs import get_logger

__all__ = ["RestContext", "execute", "drive", "malformed_answer", "Clock"]

log = get_logger(__name__)

Effects = Generator[Any, Any, Any]


class Clock(Protocol):
    def now_ms(self) -> int: ...


class RestContext:
    """Everything :func:`execute` needs; owned by a face, shared by its threads and tasks.

    ``urls``: host name ("spot", "futures", "broker") -> base URL. ``rate_limited`` says whether calls book
    their weight (ccxt's ``enableRateLimit``); the limiter itself belongs to the runner that performs
    :class:`Reserve`, never to this pure context. ``time_offset_ms``: server minus local, None until measured.
    (A plain class, not a dataclass: the first request loads no ``dataclasses``; cold start, issue 8.)
    """

    def __init__(self, urls: Mapping[str, str], clock: Clock, rand: Callable[[], float], rate_limited: bool = True,
                 credentials: Credentials | None = None, retry: RetryPolicy | None = None,
                 timeout: tuple[float, float] = (10.0, 10.0), adjust_for_time_difference: bool = True,
                 time_offset_ms: int | None = None, base_headers: Mapping[str, str] | None = None) -> None:
        self.urls = urls
        self.clock = clock
        self.rand = rand
        self.rate_limited = rate_limited
        self.credentials = credentials
        self.retry = retry if retry is not None else RetryPolicy()
        self.timeout = timeout
        self.adjust_for_time_difference = adjust_for_time_difference
        self.time_offset_ms = time_offset_ms
        self.base_headers = base_headers if base_headers is not None else {"Content-Type": "application/json",
                                                                          "Accept": "application/json"}

    def __repr__(self) -> str:
        return (f"RestContext(urls={self.urls!r}, rate_limited={self.rate_limited!r}, "
                f"credentials={self.credentials!r}, retry={self.retry!r}, time_offset_ms={self.time_offset_ms!r})")

    def server_now_ms(self) -> int:
        return self.clock.now_ms() + (self.time_offset_ms or 0)


def _url(ctx: RestContext, prepared: Prepared) -> str:
    base = ctx.urls.get(prepared.host)
    if not base:
        raise BaseError(f"no base URL configured for host {prepared.host!r} ({prepared.endpoint})")
    return base.rstrip("/") + prepared.request_path


def sync_time(ctx: RestContext, host: str = "spot") -> Effects:
    """Measure the offset to KuCoin's clock with ``GET /api/v1/timestamp`` (public, weight 3).

    The round trip is timed around the request that answered, not around the call: a rate-limit wait or
    a retry before it would otherwise skew the offset by half its length.
    """
    timing: list[int] = []
    server_ms = yield from execute(Call("GET", "/api/v1/timestamp", host=host, private=False), ctx, timing)
    before, after = timing
    if type(server_ms) is not int or not 0 < server_ms < 10**14:  # epoch ms: 13 digits until year 2286
        raise BadResponse(f"kucoin server time is not epoch milliseconds: {str(server_ms)[:40]!r} "
                          f"[GET /api/v1/timestamp]", endpoint="GET /api/v1/timestamp")
    ctx.time_offset_ms = server_ms - (before + after) // 2
    log.debug("clock offset to kucoin %s: %d ms", host, ctx.time_offset_ms)
    return ctx.time_offset_ms


def _headers(ctx: RestContext, prepared: Prepared) -> dict[str, str]:
    headers = dict(ctx.base_headers)
    if prepared.private:
        assert ctx.credentials is not None
        from ..core.signing import auth_headers  # hashlib (OpenSSL) loads with the first signed request
        headers.update(auth_headers(ctx.credentials, ctx.server_now_ms(), prepared.method,
                                    prepared.request_path, prepared.body))
    return headers


def _with_context(error: BaseError, prepared: Prepared, outcome_unknown: bool | None = None) -> BaseError:
    if error.endpoint is None:
        error.endpoint = prepared.endpoint
    if error.client_order_id is None:
        error.client_order_id = prepared.client_order_id
    if outcome_unknown is not None:
        error.outcome_unknown = outcome_unknown
    return error


def execute(call: Call, ctx: RestContext, timing: list[int] | None = None) -> Effects:
    """Yield effects for one call and return its decoded ``data``.

    ``timing``, when given, receives the local clock just before and just after the answered request.
    """
    prepared = prepare(call)
    if prepared.private:
        if ctx.credentials is None:
            raise AuthenticationError(f"{prepared.endpoint} needs API credentials (apiKey, secret, password)",
                                      endpoint=prepared.endpoint)
        if ctx.time_offset_ms is None and ctx.adjust_for_time_difference:
            yield from sync_time(ctx, prepared.host)
    url = _url(ctx, prepared)
    body = prepared.body.encode() if prepared.body else None
    idempotent = prepared.method in IDEMPOTENT_METHODS
    attempt = 0
    resynced = False
    row = prepared.row
    template = row.path if row is not None else None
    while True:
        if ctx.rate_limited:
            wait_ms = yield Reserve(prepared.pool, prepared.weight)
            if wait_ms:
                log.info("rate limit: waiting %d ms for pool %s before %s", wait_ms, prepared.pool, prepared.endpoint)
                yield Sleep(wait_ms / 1000.0)
        send = Send(prepared.method, url, _headers(ctx, prepared), body, ctx.timeout)
        try:
            sent_ms = ctx.clock.now_ms()
            response: Response = yield send
            if timing is not None:
                timing[:] = [sent_ms, ctx.clock.now_ms()]
            limits = RateLimitHeaders.from_headers(response.headers)
            if ctx.rate_limited and limits.complete:
                yield Observe(prepared.pool, limits.limit, min(limits.remaining, limits.limit), limits.reset_ms)
            return decode(response.status, response.headers, response.body, prepared.method, prepared.path,
                          prepared.client_order_id, host=prepared.host, template=template,
                          reset_ms=limits.reset_ms)
        except InvalidNonce as exc:
            # 400002: our clock drifted from KuCoin's. Re-measure, re-sign, retry once.
            if resynced or not prepared.private or not ctx.adjust_for_time_difference:
                raise _with_context(exc, prepared)
            resynced = True
            log.warning("kucoin rejected the timestamp (400002) on %s; re-syncing the clock", prepared.endpoint)
            yield from sync_time(ctx, prepared.host)
            continue
        except BaseError as exc:
            status = exc.http_status
            if status is not None and status >= 500 and not idempotent:
                exc.outcome_unknown = True  # the exchange may have executed it
            _with_context(exc, prepared)
            if not ctx.retry.should_retry(attempt, prepared.method, exc):
                if not idempotent and isinstance(exc, NetworkError) and exc.outcome_unknown:
                    log.warning("outcome unknown for %s (client order id %s): %s", prepared.endpoint,
                                prepared.client_order_id, exc)
                raise
            if isinstance(exc, RateLimitExceeded) and exc.retry_after_ms:
                delay = exc.retry_after_ms / 1000.0
            else:
                delay = ctx.retry.backoff(attempt, ctx.rand())
            attempt += 1
            log.info("retry %d/%d of %s in %.3f s after %s", attempt, ctx.retry.max_retries,
                     prepared.endpoint, delay, type(exc).__name__)
            if delay > 0:
                yield Sleep(delay)


def malformed_answer(endpoint: str, exc: BaseException) -> BadResponse:
    """The ``BadResponse`` for an answer a plan could not read: endpoint plus a short cause."""
    try:
        detail = " ".join(str(exc).split())
    except Exception:  # noqa: BLE001 - a hostile value's __str__ must not hide the error
        detail = ""
    if len(detail) > 160:
        detail = detail[:157] + "..."
    cause = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return BadResponse(f"kucoin sent a malformed answer to {endpoint} ({cause})", endpoint=endpoint)


def drive(plan: Generator[Call, Any, Any], ctx: RestContext) -> Effects:
    """Run a plan (a generator of :class:`Call`, and of :class:`Sleep` where it must wait) as a
    generator of effects, returning its result.

    Every answer is read inside the plan, between receiving it and the plan's next step; any exception
    other than the connector's own raised there (a parser meeting a wrong type, a missing key, a
    refused number) becomes ``BadResponse`` naming the endpoint of that answer. Exceptions a plan raises
    before its first call, or while handling a thrown error, are left alone (they are not about an
    answer)."""
    value: Any = None
    error: BaseException | None = None
    answered: str | None = None  # endpoint whose answer the plan is reading now
    while True:
        try:
            call = plan.throw(error) if error is not None else plan.send(value)
        except StopIteration as stop:
            return stop.value
        except BaseError as exc:
            if answered is not None and isinstance(exc, BadResponse) and exc.endpoint is None:
                raise BadResponse(f"{exc} [{answered}]", endpoint=answered) from exc  # a parser's own
            raise
        except Exception as exc:
            if answered is None:
                raise
            raise malformed_answer(answered, exc) from exc
        value, error, answered = None, None, None
        if type(call) is Sleep:  # a plan may pause (e.g. between lookups after an unknown outcome)
            yield call
            continue
        try:
            value = yield from execute(call, ctx)
        except BaseError as exc:
            error = exc
        else:
            answered = f"{call.method.upper()} {call.path}"
