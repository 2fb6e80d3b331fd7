"""The exception tree: named and parented exactly like ccxt 4.5's ``ccxt/base/errors.py``.

Layer: pure core. Rule: stdlib only; no I/O, no clock, no logging. Exceptions are data plus a message.

Why mirror ccxt: bots written against ``ccxt.kucoin`` catch ``ccxt.InsufficientFunds``,
``ccxt.NetworkError`` and so on; the adapters map our classes onto ccxt's *by name*
(:data:`ERROR_CLASSES`), so names and parents must match ccxt 4.5 (observed on ccxt 4.5.90:
``RateLimitExceeded`` is a direct child of ``NetworkError``; ``BadResponse`` and ``CancelPending``
sit under ``OperationFailed``; ``RestrictedLocation`` under ``OperationRejected``).

Unlike ccxt's bare classes, every exception carries context (the style of Stripe's and urllib3's
errors): the KuCoin ``code``, the ``http_status``, the ``endpoint`` ("METHOD /path"), whether the
outcome of the request is unknown (a timeout after an order was sent), the client order id and a
server-suggested ``retry_after_ms``.

Secrets: the message and the context are shown by ``str()`` and ``repr()`` and end up in logs.
Callers must pass only safe text (KuCoin's ``msg``, a path without query string, ids) and never an
API key, secret, passphrase, signature or header. Nothing in this module reads credentials.
"""
from __future__ import annotations

from typing import Any

__all__ = [
    "BaseError",
    "ExchangeError",
    "AuthenticationError",
    "PermissionDenied",
    "AccountNotEnabled",
    "AccountSuspended",
    "ArgumentsRequired",
    "BadRequest",
    "BadSymbol",
    "OperationRejected",
    "NoChange",
    "MarginModeAlreadySet",
    "MarketClosed",
    "ManualInteractionNeeded",
    "RestrictedLocation",
    "InsufficientFunds",
    "InvalidAddress",
    "AddressPending",
    "InvalidOrder",
    "OrderNotFound",
    "OrderNotCached",
    "OrderImmediatelyFillable",
    "OrderNotFillable",
    "DuplicateOrderId",
    "ContractUnavailable",
    "NotSupported",
    "InvalidProxySettings",
    "ExchangeClosedByUser",
    "OperationFailed",
    "NetworkError",
    "DDoSProtection",
    "RateLimitExceeded",
    "ExchangeNotAvailable",
    "OnMaintenance",
    "InvalidNonce",
    "ChecksumError",
    "RequestTimeout",
    "BadResponse",
    "NullResponse",
    "CancelPending",
    "UnsubscribeError",
    "ERROR_CLASSES",
]

# The keyword-only context fields, in repr order; pickling and repr are driven by this tuple.
_CONTEXT_FIELDS = ("code", "http_status", "endpoint", "outcome_unknown", "client_order_id", "retry_after_ms")


def _rebuild(cls: type[BaseError], message: str, context: dict[str, Any]) -> BaseError:
    """Unpickling helper: ``Exception.__reduce__`` would drop the keyword-only context."""
    return cls(message, **context)


class BaseError(Exception):
    """Root of every connector error (ccxt: ``BaseError``).

    ``str(exc)`` is the message. The context attributes are all optional and default to "unknown".
    ``outcome_unknown`` is True when the request may have taken effect on the exchange (for example
    an order POST that timed out): the caller must reconcile (fetch by client order id) before
    retrying, never blindly resend.
    """

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        http_status: int | None = None,
        endpoint: str | None = None,
        outcome_unknown: bool = False,
        client_order_id: str | None = None,
        retry_after_ms: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status
        self.endpoint = endpoint
        self.outcome_unknown = outcome_unknown
        self.client_order_id = client_order_id
        self.retry_after_ms = retry_after_ms

    def context(self) -> dict[str, Any]:
        """The context fields that differ from their defaults (what repr and pickle carry)."""
        out: dict[str, Any] = {}
        for name in _CONTEXT_FIELDS:
            value = getattr(self, name)
            if value is not None and value is not False:
                out[name] = value
        return out

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        parts = [repr(self.message)]
        parts.extend(f"{name}={value!r}" for name, value in self.context().items())
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Third item: any extra attributes a caller attached survive too (restored via __dict__).
        return (_rebuild, (type(self), self.message, self.context()), dict(self.__dict__))


# --- ExchangeError: the exchange understood the request and refused it -------------------------


class ExchangeError(BaseError):
    """The exchange answered with an error (not retryable as such)."""


class AuthenticationError(ExchangeError):
    """Credentials missing, wrong, or rejected (KuCoin 400001-400009)."""


class PermissionDenied(AuthenticationError):
    """The key lacks a permission or the IP is not whitelisted for this call."""


class AccountNotEnabled(PermissionDenied):
    """The account (or sub-account) has not enabled this product, e.g. KYC or futures not opened."""


class AccountSuspended(AuthenticationError):
    """The account is frozen (KuCoin 411100)."""


class ArgumentsRequired(ExchangeError):
    """A unified method was called without an argument KuCoin needs (raised client-side)."""


class BadRequest(ExchangeError):
    """The request is malformed or a parameter is invalid (KuCoin 400100 by default)."""


class BadSymbol(BadRequest):
    """Unknown or untradable symbol."""


class OperationRejected(ExchangeError):
    """A valid request the exchange declined to carry out in the current state."""


class NoChange(OperationRejected):
    """The requested setting is already in effect."""


class MarginModeAlreadySet(NoChange):
    """The margin mode requested is already the current one."""


class MarketClosed(OperationRejected):
    """Trading on this market is suspended."""


class ManualInteractionNeeded(OperationRejected):
    """The account needs a manual step on the website (agreement, questionnaire...)."""


class RestrictedLocation(OperationRejected):
    """Not available in the caller's country or region (KuCoin 400500, 400301)."""


class InsufficientFunds(ExchangeError):
    """Not enough balance for the order, transfer or withdrawal."""


class InvalidAddress(ExchangeError):
    """A deposit or withdrawal address is invalid."""


class AddressPending(InvalidAddress):
    """The deposit address is still being generated."""


class InvalidOrder(ExchangeError):
    """The order was rejected: size, price, increment or type not acceptable."""


class OrderNotFound(InvalidOrder):
    """The order id (or client order id) is unknown, or the order is already gone."""


class OrderNotCached(InvalidOrder):
    """The order is not in the local cache (streams)."""


class OrderImmediatelyFillable(InvalidOrder):
    """A post-only order would have taken liquidity."""


class OrderNotFillable(InvalidOrder):
    """An IOC/FOK order could not be filled."""


class DuplicateOrderId(InvalidOrder):
    """The client order id was already used (KuCoin 106151)."""


class ContractUnavailable(InvalidOrder):
    """The contract is not available for trading."""


class NotSupported(ExchangeError):
    """The endpoint or feature is not supported (KuCoin 404000, HTTP 404/405)."""


class InvalidProxySettings(ExchangeError):
    """Proxy options are inconsistent (raised client-side)."""


class ExchangeClosedByUser(ExchangeError):
    """The client was closed by the user while a call was pending."""


# --- OperationFailed: the outcome is not a decision of the exchange; often retryable -----------


class OperationFailed(BaseError):
    """The operation failed for a reason other than an exchange decision."""


class NetworkError(OperationFailed):
    """Transport-level failure; retryable with care (see ``outcome_unknown``)."""


class DDoSProtection(NetworkError):
    """The exchange or its CDN is shedding load (KuCoin 429001, Cloudflare 1015, HTTP 418)."""


class RateLimitExceeded(NetworkError):
    """The caller exceeded its rate-limit quota (KuCoin 429000); wait ``retry_after_ms``."""


class ExchangeNotAvailable(NetworkError):
    """The exchange is down or returned a 5xx."""


class OnMaintenance(ExchangeNotAvailable):
    """The exchange announced maintenance."""


class InvalidNonce(NetworkError):
    """Timestamp outside KuCoin's window (400002): resync the clock offset and re-sign."""


class ChecksumError(InvalidNonce):
    """An order-book checksum or sequence check failed: resynchronise."""


class RequestTimeout(NetworkError):
    """No answer in time; when a write was sent, the outcome is unknown."""


class BadResponse(OperationFailed):
    """The response could not be parsed (HTML from a CDN, truncated JSON...)."""


class NullResponse(BadResponse):
    """The response was empty where data was required."""


class CancelPending(OperationFailed):
    """A cancel was requested and is not confirmed yet."""


class UnsubscribeError(BaseError):
    """A stream unsubscription failed."""


ERROR_CLASSES: dict[str, type[BaseError]] = {
    name: obj for name, obj in globals().items() if isinstance(obj, type) and issubclass(obj, BaseError)
}
"""Every exception class by its (ccxt) name, so adapters can map onto ccxt's classes by name."""
