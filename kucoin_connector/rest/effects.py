"""The I/O a plan may ask a driver to perform (pure core data).

Plans and the call executor are generators that yield these effects; the sync driver performs them
with blocking calls, the asyncio driver with ``await``. Nothing here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..core.credentials import mask_headers

__all__ = ["Send", "Sleep", "Response"]


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
class Response:
    status: int
    headers: Mapping[str, str]  # lower-case keys
    body: bytes
