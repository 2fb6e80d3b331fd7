"""KuCoin error codes and messages -> exception classes, as tables, plus two short functions.

Layer: pure core. Rule: stdlib only, no I/O; tables are data, behaviour is :func:`exception_class_for`
and :func:`build_error`.

Sources: KuCoin's error-code pages (https://www.kucoin.com/docs-new/error-code/spot,
https://www.kucoin.com/docs-new/error-code/futures, gateway codes on
https://www.kucoin.com/docs-new/error-code/websocket), ccxt's KuCoin table (reference/ccxt.md; the
same codes map to the same classes so ccxt users see what they expect), and our additions, each
commented with its reason.

Resolution order (first hit wins):

1. per-endpoint override for (host, METHOD, path template, code); the template comes from
   :func:`kucoin_connector.rest.endpoints.template_for` on that host, placeholder names ignored (spot's
   classic ``GET /api/v1/orders/{orderId}`` and the futures one share a path, not their codes);
2. exact message (case-, whitespace- and trailing-punctuation-insensitive);
3. broad message substring: first the substrings scoped to this code (400100 is reused by KuCoin for
   several business errors; the ``msg`` tells which), then the global ones;
4. the code: first the host's own meaning (:data:`HOST_CODE_TABLE`: KuCoin Futures reuses some spot codes
   for other things), then :data:`CODE_TABLE`;
5. the HTTP status (no usable code: CDN HTML pages, empty bodies);
6. :class:`ExchangeError`.
"""
from __future__ import annotations

import re
from types import MappingProxyType
from collections.abc import Mapping

from ..errors import (
    AccountNotEnabled,
    AccountSuspended,
    AuthenticationError,
    BadRequest,
    BadSymbol,
    BaseError,
    DDoSProtection,
    DuplicateOrderId,
    ExchangeError,
    ExchangeNotAvailable,
    InsufficientFunds,
    InvalidAddress,
    InvalidNonce,
    InvalidOrder,
    MarketClosed,
    NotSupported,
    OrderNotFound,
    PermissionDenied,
    RateLimitExceeded,
    RequestTimeout,
    RestrictedLocation,
)

__all__ = [
    "BROAD_MESSAGES",
    "CODE_TABLE",
    "ENDPOINT_OVERRIDES",
    "EXACT_MESSAGES",
    "HOST_CODE_TABLE",
    "HTTP_STATUS_TABLE",
    "MESSAGES_BY_CODE",
    "ORDER_MESSAGES",
    "ORDER_PLACEMENT_PATHS",
    "build_error",
    "exception_class_for",
]

_CCXT_ROWS: tuple[tuple[type[BaseError], tuple[str, ...]], ...] = (
    # ccxt's KuCoin code table (reference/ccxt.md), kept as ccxt has it except where noted below.
    (AccountSuspended, ("411100",)),
    (AuthenticationError, ("401", "400001", "400003", "400004", "400005", "400006", "400007", "400401")),
    (BadRequest, ("400", "130101", "130204", "400100", "400400", "401000", "408000", "415000", "900014", "100004")),
    (BadSymbol, ("400000", "400600")),
    (ExchangeNotAvailable, ("500", "503", "500000")),
    (InsufficientFunds, ("130105", "130203", "130301", "126013", "200004", "210021", "230003", "260100",
                         "600100", "300003", "330008")),
    (InvalidAddress, ("260000", "260220")),
    (InvalidNonce, ("400002",)),
    (InvalidOrder, ("103000", "130308", "130309", "130311", "130312", "130313", "130314", "126003", "126022",
                    "126027", "126028", "126029", "126030", "126033", "126034", "126036", "126044", "210014",
                    "300000", "400200", "400330", "400350", "400370", "400760", "600101", "330012", "330005",
                    "300012", "300011", "300009")),
    (NotSupported, ("403", "404", "405", "415", "130106", "130303", "130304", "130305", "130306", "130307",
                    "130315", "126001", "126021", "126045", "126046", "404000")),
    (OrderNotFound, ("130103", "130108", "126043", "100001")),
    (PermissionDenied, ("101030", "112010", "130201", "130302", "126005", "126047", "126048", "400303")),
    (RateLimitExceeded, ("429", "429000")),
    (RestrictedLocation, ("400500",)),
)

_OUR_ROWS: tuple[tuple[type[BaseError], tuple[str, ...]], ...] = (
    # 400008 "V1 & V2 API keys are no longer supported by this API. Please create a V3 API key." and
    # 400009 "Invalid KC-API-KEY-VERSION": ccxt says NotSupported for 400008, but the remedy is a
    # credential change (new key or key version), and bots treat NotSupported as "feature absent,
    # skip it", which would hide a broken key. AuthenticationError is what they stop on.
    (AuthenticationError, ("400008", "400009", "400011", "400012", "400201", "400202")),
    # 400010 "UID access denied, requires more permission." (gateway page).
    (PermissionDenied, ("400010",)),
    # 400301 "Operation restricted due to local laws, regulations, or policies" (gateway page).
    (RestrictedLocation, ("400301",)),
    # 200009 "complete the KYC verification before you trade" (spot error codes).
    (AccountNotEnabled, ("200009",)),
    # 200001 "Order creation for this pair suspended" (spot error codes).
    (MarketClosed, ("200001",)),
    # 400700 risk-restricted / price out of range, 400800 "Leverage order failed": order rejections.
    (InvalidOrder, ("400700", "400800")),
    (BadSymbol, ("900001",)),  # "symbol not exists"
    (DuplicateOrderId, ("106151",)),  # UTA: duplicate client order id
    # 429000 is the caller's quota (RateLimitExceeded). 429002 is a per-connection/per-user limit, also
    # the caller's doing. 429001 is server-side overload, not the caller's quota: DDoSProtection, which
    # bots back off from harder. 1015 is the Cloudflare per-IP limit (docs: request-rate-limit).
    (RateLimitExceeded, ("429002",)),
    (DDoSProtection, ("429001", "1015")),
    (ExchangeNotAvailable, ("503000",)),
)


def _code_table(*groups: tuple[tuple[type[BaseError], tuple[str, ...]], ...]) -> Mapping[str, type[BaseError]]:
    table: dict[str, type[BaseError]] = {}
    for rows in groups:
        for cls, codes in rows:
            for code in codes:
                table[code] = cls
    return MappingProxyType(table)


CODE_TABLE: Mapping[str, type[BaseError]] = _code_table(_CCXT_ROWS, _OUR_ROWS)
"""KuCoin ``code`` -> class."""


_FUTURES_ROWS: tuple[tuple[type[BaseError], tuple[str, ...]], ...] = (
    # KuCoin's futures error-code page (https://www.kucoin.com/docs/basic-info/errors-code/futures-errors-code),
    # for the codes ccxt's table does not map or maps with a spot meaning. ccxt's own choices for futures
    # codes (100001, 100004, 300000, 300003, 300009, 300011, 300012, 400760) stay as they are.
    (BadSymbol, ("100003",  # "Contract parameter invalid"
                 "200003")),  # "The symbol parameter is invalid." (spot 200003: too many orders)
    (BadRequest, ("100005",  # "contractRiskLimitNotExist"
                  "200001")),  # "The query scope for Level 2 cannot exceed xxx" (spot 200001: pair suspended)
    # 200002 "Too many requests in a short period of time, please retry later" (blocked 10 s); its other text,
    # "The query scope for Level 3 cannot exceed", is matched by message (MESSAGES_BY_CODE).
    (RateLimitExceeded, ("200002",)),
    (InsufficientFunds, ("200005",)),  # "Insufficient balance." when changing the risk limit
    (InvalidOrder, ("300001",  # "Active order quantity limit exceeded"
                    "300004",  # "Stop order quantity limit exceeded"
                    "300005",  # "xxx risk limit exceeded"
                    "300006")),  # "The close price shall be greater than the bankruptcy price"
    (MarketClosed, ("300002",)),  # "Order placement/cancellation suspended, please try again later."
    (RestrictedLocation, ("40010",)),  # "Unavailable to place orders ... restricted from this service."
)

HOST_CODE_TABLE: Mapping[str, Mapping[str, type[BaseError]]] = MappingProxyType({
    "futures": _code_table(_FUTURES_ROWS),
})
"""host -> (KuCoin ``code`` -> class): meanings a host gives a code, tried before :data:`CODE_TABLE`."""


def _norm(message: str) -> str:
    """Normalise a message for exact matching: KuCoin varies case and trailing "."/"!"."""
    return " ".join(message.split()).rstrip(".!").casefold()


_EXACT_ROWS: tuple[tuple[str, type[BaseError]], ...] = (
    # ccxt's exact messages (reference/ccxt.md and ccxt's kucoin table).
    ("order not exist", OrderNotFound),
    ("order_not_exist", OrderNotFound),
    ("The order does not exist.", OrderNotFound),
    ("order_not_exist_or_not_allow_to_cancel", OrderNotFound),
    ("Order not exist or not allow to be cancelled", OrderNotFound),
    ("Order size below the minimum requirement.", InvalidOrder),
    ("Order size increment invalid.", InvalidOrder),
    ("The quantity is below the minimum requirement.", InvalidOrder),
    ("The amount increment is invalid.", BadRequest),  # a withdrawal/transfer amount, not an order
    ("not in the given range!", BadRequest),
    ("recAccountType not in the given range", BadRequest),
    ("Unsupported trading pair.", BadSymbol),
    ("Unsuccessful! Exceeded the max. funds out-transfer limit", InsufficientFunds),
    # ccxt: ExchangeError; BadRequest (its subclass) says more and stays compatible.
    ("The withdrawal amount is below the minimum requirement.", BadRequest),
    # Ours, from KuCoin's pages: 400200 is also the gateway's "Unknown partner." (a broker header issue).
    ("Unknown partner.", AuthenticationError),
    ("account.available.amount", InsufficientFunds),  # spot codes: 400100 balance insufficient
    ("validation.createOrder.symbolNotAvailable", BadSymbol),  # spot codes: 400600
    # Order placement rejections (issue 3, trading_shared.md; spot error codes, 400100 reused).
    ("The clientOid already exists", DuplicateOrderId),
    ("Order funds below the minimum requirement.", InvalidOrder),
    ("Price out of range", InvalidOrder),  # 400700: beyond priceLimitRate of the last price
)

EXACT_MESSAGES: Mapping[str, type[BaseError]] = MappingProxyType({_norm(m): c for m, c in _EXACT_ROWS})
"""Normalised exact ``msg`` -> class (see :func:`_norm`)."""

BROAD_MESSAGES: tuple[tuple[str, type[BaseError]], ...] = (
    # Case-insensitive substrings valid whatever the code.
    ("exceeded the access frequency", RateLimitExceeded),  # ccxt broad
    # ccxt's broad "require more permission"; KuCoin also says "requires more permission" (400007, 400010).
    ("more permission", PermissionDenied),
    ("pagesize should not greater than", BadRequest),  # ccxt broad
    ("order not exist", OrderNotFound),
    ("order does not exist", OrderNotFound),
    ("order_not_exist", OrderNotFound),
)

MESSAGES_BY_CODE: Mapping[str, tuple[tuple[str, type[BaseError]], ...]] = MappingProxyType({
    # 400100 "Parameter error" is reused for business errors; the msg tells which (spot error codes).
    "400100": (
        ("balance insufficient", InsufficientFunds),
        ("insufficient balance", InsufficientFunds),
        ("insufficient fund", InsufficientFunds),
        ("available.amount", InsufficientFunds),
        ("increment", InvalidOrder),  # price/size increment of an order
        ("below the minimum", InvalidOrder),
        ("order size", InvalidOrder),
    ),
    "200002": (("query scope", BadRequest),),  # futures: "The query scope for Level 3 cannot exceed xxx"
})
"""Code -> case-insensitive substrings tried before the global ones."""


def _template_key(method: str, template: str) -> tuple[str, str]:
    # Placeholder names differ between hosts ({orderId} vs {order-id}); only their position counts.
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", template)


_OVERRIDE_ROWS: tuple[tuple[str, str, str, str, type[BaseError]], ...] = (
    # Futures 300000 on a single-order read or cancel means the order does not exist (futures error
    # codes); elsewhere it stays InvalidOrder. OrderNotFound subclasses InvalidOrder, so ccxt-style
    # handlers keep working, and Freqtrade's cancel path gets the class it expects. Spot's classic
    # endpoints of the same paths keep the spot meaning of 300000.
    ("futures", "GET", "/api/v1/orders/{orderId}", "300000", OrderNotFound),
    ("futures", "DELETE", "/api/v1/orders/{orderId}", "300000", OrderNotFound),
    ("futures", "GET", "/api/v1/orders/byClientOid", "300000", OrderNotFound),
    ("futures", "DELETE", "/api/v1/orders/client-order/{clientOid}", "300000", OrderNotFound),
)

ENDPOINT_OVERRIDES: Mapping[tuple[str, str, str, str], type[BaseError]] = MappingProxyType(
    {(host, *_template_key(m, t), code): cls for host, m, t, code, cls in _OVERRIDE_ROWS}
)
"""(host, METHOD, template with ``{}`` placeholders, code) -> class."""

# Order placement endpoints: here KuCoin's increment message is about the order's size, so it is an
# InvalidOrder; elsewhere (withdrawals, transfers) the same text stays BadRequest (trading_shared.md).
ORDER_PLACEMENT_PATHS: frozenset[str] = frozenset({
    "/api/v1/hf/orders", "/api/v1/hf/orders/sync", "/api/v1/hf/orders/multi", "/api/v1/hf/orders/multi/sync",
    "/api/v1/hf/orders/test", "/api/v1/hf/orders/alter", "/api/v1/orders", "/api/v1/orders/test",
    "/api/v1/orders/multi", "/api/v1/stop-order", "/api/v3/hf/margin/order", "/api/v3/hf/margin/order/test",
})
ORDER_MESSAGES: Mapping[str, type[BaseError]] = MappingProxyType({
    _norm("The amount increment is invalid."): InvalidOrder,
})
"""Normalised ``msg`` -> class, used only on :data:`ORDER_PLACEMENT_PATHS` (POST)."""

HTTP_STATUS_TABLE: Mapping[int, type[BaseError]] = MappingProxyType({
    # Used only when the body gave no usable code. ccxt's base HTTP table, except 4xx that KuCoin
    # itself explains (ccxt's kucoin codes 400/404/405/415) and 451 (legal block: not retryable).
    400: BadRequest,
    401: AuthenticationError,
    403: ExchangeNotAvailable,  # without a KuCoin code this is the CDN/WAF page
    404: NotSupported,
    405: NotSupported,
    407: AuthenticationError,
    408: RequestTimeout,
    415: NotSupported,
    418: DDoSProtection,
    429: RateLimitExceeded,
    451: RestrictedLocation,
    504: RequestTimeout,
    511: AuthenticationError,
})
"""HTTP status -> class; any other 5xx is ExchangeNotAvailable."""


def _by_message(code: str | None, message: str) -> type[BaseError] | None:
    exact = EXACT_MESSAGES.get(_norm(message))
    if exact is not None:
        return exact
    lowered = message.casefold()
    scoped = MESSAGES_BY_CODE.get(code, ()) if code is not None else ()
    for needle, cls in (*scoped, *BROAD_MESSAGES):
        if needle in lowered:
            return cls
    return None


def _by_status(http_status: int | None) -> type[BaseError] | None:
    if http_status is None:
        return None
    cls = HTTP_STATUS_TABLE.get(http_status)
    if cls is None and 500 <= http_status <= 599:
        return ExchangeNotAvailable
    return cls


def exception_class_for(
    code: str | None,
    message: str | None,
    http_status: int | None,
    method: str | None = None,
    path: str | None = None,
    host: str | None = None,
    template: str | None = None,
) -> type[BaseError]:
    """The exception class for a KuCoin failure; see the module docstring for the order.

    ``host`` ("spot", "futures", ...) scopes the per-endpoint overrides; without it none applies.
    ``template`` is the endpoint row's path when the caller already resolved it (else looked up here).
    """
    code = str(code) if code is not None else None  # futures answers sometimes carry numeric codes
    if code is not None and method and path and host is not None:
        if template is None:  # error answers only: the endpoint index loads with the first need
            from .endpoints import template_for
            template = template_for(method, path, host)
        if template is not None:
            cls = ENDPOINT_OVERRIDES.get((host, *_template_key(method, template), code))
            if cls is not None:
                return cls
    if message and method and path and method.upper() == "POST" and path.split("?")[0] in ORDER_PLACEMENT_PATHS:
        cls = ORDER_MESSAGES.get(_norm(message))
        if cls is not None:
            return cls
    if message:
        cls = _by_message(code, message)
        if cls is not None:
            return cls
    if code is not None:
        cls = HOST_CODE_TABLE.get(host or "", {}).get(code) or CODE_TABLE.get(code)
        if cls is not None:
            return cls
    return _by_status(http_status) or ExchangeError


_MAX_MSG = 200  # an HTML error page must not become a 50 kB exception message


def _describe(code: str | None, message: str | None, http_status: int | None, endpoint: str | None) -> str:
    parts = ["kucoin"]
    if code is not None:
        parts.append(code)
    elif http_status is not None:
        parts.append(f"HTTP {http_status}")
    text = " ".join((message or "").split())
    if len(text) > _MAX_MSG:
        text = text[: _MAX_MSG - 3] + "..."
    if text:
        parts.append(text)
    if endpoint:
        parts.append(f"[{endpoint}]")
    if len(parts) == 1:
        parts.append("error")
    return " ".join(parts)


def build_error(
    code: str | None,
    message: str | None,
    http_status: int | None,
    *,
    method: str | None = None,
    path: str | None = None,
    outcome_unknown: bool = False,
    client_order_id: str | None = None,
    retry_after_ms: int | None = None,
    host: str | None = None,
    template: str | None = None,
) -> BaseError:
    """Build the exception for a failed call, message like ``kucoin 400100 Parameter error [GET /api/v1/x]``.

    ``path`` may be concrete (ids) and may carry a query string, which is dropped from the message and
    the ``endpoint`` attribute. ``message`` must be the server's ``msg`` (or other safe text): it is
    shown as-is, whitespace-collapsed and cut to 200 characters.
    """
    code = str(code) if code is not None else None
    clean_path = path.split("?", 1)[0] if path else None
    if method and clean_path:
        endpoint: str | None = f"{method.upper()} {clean_path}"
    else:
        endpoint = clean_path
    cls = exception_class_for(code, message, http_status, method, clean_path, host, template)
    return cls(
        _describe(code, message, http_status, endpoint),
        code=code,
        http_status=http_status,
        endpoint=endpoint,
        outcome_unknown=outcome_unknown,
        client_order_id=client_order_id,
        retry_after_ms=retry_after_ms,
    )
