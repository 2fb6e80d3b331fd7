"""KuCoin code/message -> exception mapping, resolution order, and build_error."""
from __future__ import annotations

import pytest

from kucoin_connector import errors as E
from kucoin_connector.rest.endpoints import lookup
from kucoin_connector.rest.error_codes import ENDPOINT_OVERRIDES, build_error, exception_class_for

# Written by hand from reference/ccxt.md ("ccxt's KuCoin code table"), one row per code.
CCXT_CODE_ROWS: list[tuple[str, type[E.BaseError]]] = [
    ("411100", E.AccountSuspended),
    *[(c, E.AuthenticationError) for c in "401 400001 400003 400004 400005 400006 400007 400401".split()],
    *[(c, E.BadRequest) for c in "400 130101 130204 400100 400400 401000 408000 415000 900014 100004".split()],
    *[(c, E.BadSymbol) for c in "400000 400600".split()],
    *[(c, E.ExchangeNotAvailable) for c in "500 503 500000".split()],
    *[(c, E.InsufficientFunds) for c in
      "130105 130203 130301 126013 200004 210021 230003 260100 600100 300003 330008".split()],
    *[(c, E.InvalidAddress) for c in "260000 260220".split()],
    ("400002", E.InvalidNonce),
    *[(c, E.InvalidOrder) for c in (
        "103000 130308 130309 130311 130312 130313 130314 126003 126022 126027 126028 126029 126030 126033 "
        "126034 126036 126044 210014 300000 400200 400330 400350 400370 400760 600101 330012 330005 300012 "
        "300011 300009").split()],
    # ccxt.md lists 400008 as NotSupported; we deliberately map it to AuthenticationError (see below).
    *[(c, E.NotSupported) for c in
      "403 404 405 415 130106 130303 130304 130305 130306 130307 130315 126001 126021 126045 126046 404000".split()],
    *[(c, E.OrderNotFound) for c in "130103 130108 126043 100001".split()],
    *[(c, E.PermissionDenied) for c in "101030 112010 130201 130302 126005 126047 126048 400303".split()],
    *[(c, E.RateLimitExceeded) for c in "429 429000".split()],
    ("400500", E.RestrictedLocation),
]

CCXT_MESSAGE_ROWS: list[tuple[str, type[E.BaseError]]] = [
    ("The amount increment is invalid.", E.BadRequest),
    ("not in the given range!", E.BadRequest),
    ("Unsupported trading pair.", E.BadSymbol),
    ("Order size below the minimum requirement.", E.InvalidOrder),
    ("Order size increment invalid.", E.InvalidOrder),
    ("order not exist", E.OrderNotFound),
    ("order_not_exist", E.OrderNotFound),
    ("The order does not exist.", E.OrderNotFound),
    ("order_not_exist_or_not_allow_to_cancel", E.OrderNotFound),
    ("Unsuccessful! Exceeded the access frequency, try later", E.RateLimitExceeded),  # substring rule
]

OUR_CODE_ROWS: list[tuple[str, type[E.BaseError]]] = [
    ("400008", E.AuthenticationError),  # v1/v2 key rejected: a credential problem, not a missing feature
    ("400009", E.AuthenticationError),  # invalid KC-API-KEY-VERSION
    ("400010", E.PermissionDenied),
    ("400301", E.RestrictedLocation),
    ("900001", E.BadSymbol),
    ("106151", E.DuplicateOrderId),
    ("429001", E.DDoSProtection),
    ("429002", E.RateLimitExceeded),
    ("1015", E.DDoSProtection),
    ("503000", E.ExchangeNotAvailable),
    ("200001", E.MarketClosed),
]


@pytest.mark.parametrize("code,expected", CCXT_CODE_ROWS + OUR_CODE_ROWS)
def test_code_maps(code: str, expected: type[E.BaseError]) -> None:
    assert exception_class_for(code, None, None) is expected


@pytest.mark.parametrize("message,expected", CCXT_MESSAGE_ROWS)
@pytest.mark.parametrize("code", [None, "999999", "400100"])
def test_message_maps_whatever_the_code(message: str, expected: type[E.BaseError], code: str | None) -> None:
    assert exception_class_for(code, message, 400) is expected


def test_exact_message_match_ignores_case_spacing_and_trailing_punctuation() -> None:
    assert exception_class_for(None, "  ORDER NOT EXIST. ", None) is E.OrderNotFound
    assert exception_class_for(None, "unsupported   trading pair", None) is E.BadSymbol


def test_message_beats_code() -> None:
    # 400200 alone is an order rejection; with the gateway's partner message it is a credential issue.
    assert exception_class_for("400200", None, None) is E.InvalidOrder
    assert exception_class_for("400200", "Unknown partner.", 400) is E.AuthenticationError
    # 400007 alone is AuthenticationError; its permission message narrows it (still an AuthenticationError).
    assert exception_class_for("400007", "Access denied, requires more permission.", 403) is E.PermissionDenied
    # A generic futures code carrying an "order does not exist" message.
    assert exception_class_for("300000", "error.getOrder.order does not exist", 200) is E.OrderNotFound


@pytest.mark.parametrize(
    "message,expected",
    [
        ("Balance insufficient!", E.InsufficientFunds),
        ("account.available.amount", E.InsufficientFunds),
        ("Insufficient balance for this order", E.InsufficientFunds),
        ("Price increment invalid.", E.InvalidOrder),
        ("Size increment invalid.", E.InvalidOrder),
        ("Order size below the minimum requirement of 0.1", E.InvalidOrder),
        ("The amount increment is invalid.", E.InvalidOrder),  # on an order endpoint (ORDER_MESSAGES)
        ("Parameter error", E.BadRequest),
        ("validation.createOrder.clientOidIsRequired", E.BadRequest),
        (None, E.BadRequest),
        ("", E.BadRequest),
    ],
)
def test_400100_is_disambiguated_by_message(message: str | None, expected: type[E.BaseError]) -> None:
    assert exception_class_for("400100", message, 200, "POST", "/api/v1/hf/orders") is expected


def test_400100_substrings_do_not_leak_to_other_codes() -> None:
    assert exception_class_for("500000", "balance insufficient in cache", 500) is E.ExchangeNotAvailable
    assert exception_class_for("400600", "Price increment invalid", 200) is E.BadSymbol


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/api/v1/orders/5cdfc138b21023a909e5ad55"),
        ("delete", "/api/v1/orders/5cdfc138b21023a909e5ad55"),
        ("GET", "/api/v1/orders/byClientOid?clientOid=abc"),
        ("DELETE", "/api/v1/orders/client-order/my-oid-1"),
        ("GET", "/api/v1/orders/{order-id}"),  # a template passed as-is
    ],
)
def test_override_300000_on_single_order_endpoints(method: str, path: str) -> None:
    assert exception_class_for("300000", None, 200, method, path, "futures") is E.OrderNotFound


@pytest.mark.parametrize("method,path", [("GET", "/api/v1/orders/5cdfc138b21023a909e5ad55"),
                                         ("DELETE", "/api/v1/orders/5cdfc138b21023a909e5ad55")])
def test_futures_override_does_not_reach_spot_classic_endpoints_of_the_same_path(method, path) -> None:
    # Spot's classic GET/DELETE /api/v1/orders/{orderId} share the path with futures, not the code meaning.
    assert exception_class_for("300000", None, 200, method, path, "spot") is E.InvalidOrder
    assert exception_class_for("300000", None, 200, method, path) is E.InvalidOrder
    assert type(build_error("300000", "error", 200, method=method, path=path, host="spot")) is E.InvalidOrder


def test_override_is_scoped_to_endpoint_and_code() -> None:
    assert exception_class_for("300000", None, 200, "POST", "/api/v1/orders", "futures") is E.InvalidOrder
    assert exception_class_for("300000", None, 200) is E.InvalidOrder
    assert exception_class_for("300003", None, 200, "GET", "/api/v1/orders/abc", "futures") is E.InsufficientFunds


def test_override_beats_exact_message() -> None:
    cls = exception_class_for("300000", "The amount increment is invalid.", 200, "GET", "/api/v1/orders/abc",
                              "futures")
    assert cls is E.OrderNotFound


def test_every_override_names_a_known_endpoint_of_its_host() -> None:
    for host, method, template, _code in ENDPOINT_OVERRIDES:
        assert lookup(method, template.replace("{}", "x1"), host) is not None, (host, method, template)


@pytest.mark.parametrize(
    "status,expected",
    [
        (400, E.BadRequest),
        (401, E.AuthenticationError),
        (403, E.ExchangeNotAvailable),
        (404, E.NotSupported),
        (408, E.RequestTimeout),
        (418, E.DDoSProtection),
        (429, E.RateLimitExceeded),
        (451, E.RestrictedLocation),
        (500, E.ExchangeNotAvailable),
        (502, E.ExchangeNotAvailable),
        (504, E.RequestTimeout),
        (522, E.ExchangeNotAvailable),
        (422, E.ExchangeError),
        (None, E.ExchangeError),
    ],
)
def test_http_status_when_no_code(status: int | None, expected: type[E.BaseError]) -> None:
    assert exception_class_for(None, None, status) is expected
    assert exception_class_for("999999", "something new", status) is expected  # unknown code falls through


def test_known_code_beats_http_status() -> None:
    assert exception_class_for("400002", "Invalid KC-API-TIMESTAMP", 401) is E.InvalidNonce


def test_numeric_code_is_accepted() -> None:
    assert exception_class_for(400002, None, None) is E.InvalidNonce  # type: ignore[arg-type]


# --- build_error --------------------------------------------------------------------------------


def test_build_error_message_and_fields() -> None:
    exc = build_error("400100", "Parameter error", 400, method="GET", path="/api/v1/market/candles")
    assert type(exc) is E.BadRequest
    assert str(exc) == "kucoin 400100 Parameter error [GET /api/v1/market/candles]"
    assert (exc.code, exc.http_status, exc.endpoint) == ("400100", 400, "GET /api/v1/market/candles")
    assert (exc.outcome_unknown, exc.client_order_id, exc.retry_after_ms) == (False, None, None)


def test_build_error_carries_order_context() -> None:
    exc = build_error(
        "429000", "Too Many Requests", 429, method="post", path="/api/v1/hf/orders",
        outcome_unknown=True, client_order_id="my-oid-1", retry_after_ms=1200,
    )
    assert type(exc) is E.RateLimitExceeded
    assert str(exc) == "kucoin 429000 Too Many Requests [POST /api/v1/hf/orders]"
    assert (exc.outcome_unknown, exc.client_order_id, exc.retry_after_ms) == (True, "my-oid-1", 1200)


def test_build_error_uses_endpoint_override_on_concrete_path() -> None:
    exc = build_error("300000", "error", 200, method="DELETE", path="/api/v1/orders/5cdfc138b21023a909e5ad55",
                      host="futures")
    assert type(exc) is E.OrderNotFound
    assert exc.endpoint == "DELETE /api/v1/orders/5cdfc138b21023a909e5ad55"


def test_build_error_without_code_or_message() -> None:
    assert str(build_error(None, None, 503, method="GET", path="/api/v1/status")) == "kucoin HTTP 503 [GET /api/v1/status]"
    bare = build_error(None, None, None)
    assert type(bare) is E.ExchangeError
    assert str(bare) == "kucoin error"
    assert bare.endpoint is None


def test_build_error_path_without_method() -> None:
    exc = build_error("400100", "Parameter error", 400, path="/api/v1/accounts")
    assert exc.endpoint == "/api/v1/accounts"
    assert str(exc) == "kucoin 400100 Parameter error [/api/v1/accounts]"


def test_build_error_drops_query_string() -> None:
    # KuCoin's sub-account API-key routes take the passphrase as a query parameter.
    exc = build_error(
        "400100", "Parameter error", 400, method="DELETE",
        path="/api/v1/sub/api-key?apiKey=k-123&subName=bob&passphrase=hunter2-secret",
    )
    for text in (str(exc), repr(exc), exc.endpoint or ""):
        assert "hunter2-secret" not in text
        assert "k-123" not in text
    assert exc.endpoint == "DELETE /api/v1/sub/api-key"


def test_build_error_collapses_and_truncates_html_bodies() -> None:
    page = "<html>\n  <body>" + "blocked " * 100 + "</body>\n</html>"
    exc = build_error(None, page, 403, method="GET", path="/api/v1/timestamp")
    text = str(exc)
    assert type(exc) is E.ExchangeNotAvailable
    assert text.startswith("kucoin HTTP 403 <html> <body>blocked blocked")
    assert text.endswith("... [GET /api/v1/timestamp]")
    assert "\n" not in text
    assert len(text) < 260
