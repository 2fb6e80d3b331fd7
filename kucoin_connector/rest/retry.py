"""When to retry a REST request and how long to back off (pure core).

Small pure predicates in the spirit of urllib3's immutable ``Retry``. Randomness (jitter) is a
parameter. The rules that keep money safe:

* a request that never left this machine (connection refused, DNS) may be retried whatever its method;
* idempotent reads are retried on network errors, 5xx and 429;
* a non-idempotent request (placing or changing orders) whose outcome is unknown is never retried
  blindly: the caller reconciles by client order id;
* a 429000 answer means the gateway refused the request before executing it: retry after the reset.
"""
from __future__ import annotations

from typing import NamedTuple

from ..errors import BaseError, ExchangeNotAvailable, NetworkError, RateLimitExceeded

__all__ = ["RetryPolicy", "IDEMPOTENT_METHODS"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class RetryPolicy(NamedTuple):
    max_retries: int = 3
    backoff_base: float = 0.25  # seconds
    backoff_max: float = 8.0

    def should_retry(self, attempt: int, method: str, error: BaseError) -> bool:
        """``attempt`` counts retries already made (0 for the first failure)."""
        if attempt >= self.max_retries or not isinstance(error, NetworkError):
            return False
        if isinstance(error, RateLimitExceeded):
            return True  # refused at the gateway, nothing was executed
        if not error.outcome_unknown:
            return True  # never reached the exchange
        if method.upper() in IDEMPOTENT_METHODS:
            return isinstance(error, (NetworkError, ExchangeNotAvailable))
        return False

    def backoff(self, attempt: int, rand: float) -> float:
        """Full-jitter exponential backoff: uniform in [0, min(max, base * 2**attempt)]."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** attempt))
        return ceiling * min(max(rand, 0.0), 1.0)
