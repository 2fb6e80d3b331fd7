"""KuCoin Futures error codes: the futures host's own meanings of codes that spot uses for other things
(KuCoin's futures error-code page), ccxt's classes where ccxt maps a code, and nothing leaking to spot."""
from __future__ import annotations

import pytest

from kucoin_connector import errors as E
from kucoin_connector.rest.error_codes import CODE_TABLE, HOST_CODE_TABLE, build_error, exception_class_for


@pytest.mark.parametrize("code,futures,spot", [
    ("200001", E.BadRequest, E.MarketClosed),  # futures: level-2 query scope; spot: pair suspended
    ("200003", E.BadSymbol, E.ExchangeError),  # futures: symbol parameter invalid
    ("200002", E.RateLimitExceeded, E.ExchangeError),
    ("300002", E.MarketClosed, E.ExchangeError),
    ("40010", E.RestrictedLocation, E.ExchangeError),
])
def test_a_code_means_what_its_host_says(code, futures, spot):
    assert exception_class_for(code, "x", 200, "POST", "/api/v1/orders", "futures") is futures
    assert exception_class_for(code, "x", 200, "POST", "/api/v1/hf/orders", "spot") is spot
    assert exception_class_for(code, "x", 200) is spot  # no host: the shared table only


@pytest.mark.parametrize("code,cls", [("100003", E.BadSymbol), ("100005", E.BadRequest),
                                      ("200005", E.InsufficientFunds),
                                      ("300001", E.InvalidOrder), ("300004", E.InvalidOrder),
                                      ("300005", E.InvalidOrder), ("300006", E.InvalidOrder),
                                      # ccxt's own futures mappings are kept
                                      ("300003", E.InsufficientFunds), ("300009", E.InvalidOrder),
                                      ("400760", E.InvalidOrder), ("100004", E.BadRequest)])
def test_futures_codes_on_an_order_placement(code, cls):
    error = build_error(code, "refused", 200, method="POST", path="/api/v1/orders", host="futures")
    assert type(error) is cls


def test_the_level3_scope_message_of_200002_is_a_bad_request():
    assert exception_class_for("200002", "The query scope for Level 3 cannot exceed 100", 200, "GET",
                               "/api/v1/level2/snapshot", "futures") is E.BadRequest


def test_host_rows_never_repeat_ccxt_rows():
    assert not set(HOST_CODE_TABLE["futures"]) & {c for c in CODE_TABLE if c in ("100001", "100004", "300000",
                                                                                   "300003", "400760")}
