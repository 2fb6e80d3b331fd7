"""Contracts for errors: bad input fails early with ccxt's exception names; broken answers fail clearly.

Layer: conformance. Rule: public interface only; exceptions are judged by class name in their MRO so
any ccxt-compatible implementation can pass. Faults come from the simulator's admin surface
(``kind`` html / malformed). What reached the simulator is read from its request log.
"""
from __future__ import annotations

from .check import expect, expect_error
from .env import Env
from .registry import contract

__all__: list[str] = []

# More faults than any sane retry policy makes attempts, so the failure surfaces to the caller.
_PERSISTENT = 12


@contract("errors", "an unknown symbol raises BadSymbol and sends nothing to the exchange")
def check_unknown_symbol(env: Env) -> None:
    ex = env.client()
    mark = env.mark()
    for name, call in (("fetch_ticker", lambda: ex.fetch_ticker("NOPE/USDT")),
                       ("fetch_order_book", lambda: ex.fetch_order_book("NOPE/USDT", 20)),
                       ("fetch_trades", lambda: ex.fetch_trades("BTC/NOPE")),
                       ("fetch_ohlcv", lambda: ex.fetch_ohlcv("NOPE/BTC", "1h")),
                       ("market", lambda: ex.market("NOPE/USDT"))):
        expect_error(call, "BadSymbol", what=f"{name} of an unknown symbol")
    sent = env.requests_since(mark)
    expect(not sent, f"requests reached the simulator for unknown symbols: {sent[:3]}")


@contract("errors", "a malformed symbol (BTCUSDT, BTC/, /USDT) raises BadSymbol without a request")
def check_malformed_symbol(env: Env) -> None:
    ex = env.client()
    mark = env.mark()
    for symbol in ("BTCUSDT", "BTC/", "/USDT"):
        expect_error(lambda: ex.fetch_ticker(symbol), "BadSymbol", what=f"fetch_ticker({symbol!r})")
    sent = env.requests_since(mark)
    expect(not sent, f"requests reached the simulator for malformed symbols: {sent[:3]}")


@contract("errors", "an unsupported timeframe raises a BadRequest-family error before sending")
def check_unsupported_timeframe(env: Env) -> None:
    ex = env.client()
    mark = env.mark()
    for timeframe in ("7m", "1y"):
        expect_error(lambda: ex.fetch_ohlcv("BTC/USDT", timeframe), "BadRequest",
                     what=f"fetch_ohlcv with timeframe {timeframe!r}")
    sent = env.requests_since(mark)
    expect(not sent, f"requests reached the simulator for an unsupported timeframe: {sent[:3]}")


@contract("errors", "an HTML error page (502) raises ExchangeNotAvailable or BadResponse")
def check_html_page(env: Env) -> None:
    ex = env.client()
    with env.faults({"path": "/api/v1/market/stats", "kind": "html", "count": _PERSISTENT}):
        expect_error(lambda: ex.fetch_ticker("BTC/USDT"), "ExchangeNotAvailable", "BadResponse",
                     what="fetch_ticker answered with an HTML page")


@contract("errors", "a malformed (truncated) JSON body raises a BadResponse-family error")
def check_malformed_body(env: Env) -> None:
    ex = env.client()
    with env.faults({"path": "/api/v1/market/stats", "kind": "malformed", "count": _PERSISTENT}):
        expect_error(lambda: ex.fetch_ticker("BTC/USDT"), "BadResponse",
                     what="fetch_ticker answered with broken JSON")


@contract("errors", "a wrong secret raises AuthenticationError on a private call")
def check_wrong_secret(env: Env) -> None:
    creds = env.credentials()
    creds["secret"] = "0" * len(str(creds["secret"]))
    ex = env.fresh(credentials=creds)
    expect_error(lambda: ex.fetch_order_book("BTC/USDT"), "AuthenticationError",
                 what="a private call signed with a wrong secret")
