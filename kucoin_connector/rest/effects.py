"""The I/O a plan may ask a runner to perform (pure core data).

Plans and the call executor are generators that yield these effects; the sync runner performs them
with blocking calls, the asyncio runner with ``await``. Nothing here does I/O. The effects:

* :class:`Send`: one HTTP request, answered with a :class:`Response` (or a thrown NetworkError);
* :class:`Sleep`: wait;
* :class:`Reserve`: book request weight in a rate-limit pool, answered with the ms to wait first;
* :class:`Observe`: the server's view of a pool (``gw-ratelimit-*`` headers), for the limiter.

Reservation is an effect so that a limiter may do I/O (a Redis limiter shared by a fleet) without the
pure core touching it, and so that one limiter object can serve several clients of one account.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..core.credentials import mask_headers

__all__ = ["Send", "Sleep", "Reserve", "Observe", "Response"]


@dataclass(frozen=True)
class Send:
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


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Reserve:
    """Book ``weight`` in rate-limit ``pool``; the runner answers with the ms to wait before sending (0: now)."""

    pool: str
    weight: int


@dataclass(frozen=True)
class Observe:
    """KuCoin's view of ``pool`` from one answer's ``gw-ratelimit-*`` headers; the runner tells the limiter."""

    pool: str
    limit: int
    remaining: int
    reset_ms: int


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]  # lower-case keys
    body: bytes
