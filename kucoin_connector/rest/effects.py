"""The I/O a plan may ask a runner to perform (pure core data).

Plans and the call executor are generators that yield these effects; the sync runner performs them
with blocking calls, the asyncio runner with ``await``. Nothing here does I/O. The effects:

* :class:`Send`: one HTTP request, answered with a :class:`Response` (or a thrown NetworkError);
* :class:`Sleep`: wait;
* :class:`Reserve`: book request weight in a rate-limit pool, answered with the ms to wait first;
* :class:`Observe`: the server's view of a pool (``gw-ratelimit-*`` headers), for the limiter.

Reservation is an effect so that a limiter may do I/O (a Redis limiter shared by a fleet) without the
pure core touching it, and so that one limiter object can serve several clients of one account.

Effects are immutable records (``NamedTuple``: a class costs a fraction of a dataclass's to define, and
the first request then loads neither ``dataclasses`` nor ``inspect``; cold start, issue 8).
"""
from __future__ import annotations

from typing import Mapping, NamedTuple

from ..core.credentials import mask_headers

__all__ = ["Send", "Sleep", "Reserve", "Observe", "Response"]


class Send(NamedTuple):
    """Send one HTTP request; the driver answers with a :class:`Response` or throws a NetworkError."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None
    timeout: tuple[float, float]  # (connect, read) seconds

    def __repr__(self) -> str:
        # Tracebacks that record locals (pytest --showlocals, Sentry) show this: no signature or passphrase.
        return (f"Send(method={self.method!r}, url={self.url!r}, headers={mask_headers(self.headers)!r}, "
                f"body={self.body!r}, timeout={self.timeout!r})")


class Sleep(NamedTuple):
    seconds: float


class Reserve(NamedTuple):
    """Book ``weight`` in rate-limit ``pool``; the runner answers with the ms to wait before sending (0: now)."""

    pool: str
    weight: int


class Observe(NamedTuple):
    """KuCoin's view of ``pool`` from one answer's ``gw-ratelimit-*`` headers; the runner tells the limiter."""

    pool: str
    limit: int
    remaining: int
    reset_ms: int


class Response(NamedTuple):
    status: int
    headers: Mapping[str, str]  # lower-case keys
    body: bytes
