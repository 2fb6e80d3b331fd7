"""Hostile REST answers through whole calls of the faces (issue 7, §3): a malformed answer to any step of a
call (markets, the server time before a signed request, the asked endpoint) ends the call with
``BadResponse`` naming the endpoint, without looping, on the sync and the asyncio face alike. Parser by
parser under mutated official examples: test_hostile_answers.py.
"""
from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from kucoin_connector import Kucoin
from kucoin_connector.errors import BadResponse
from kucoin_connector.rest.effects import Response

from hostile_support import finishes

PAYLOADS = pathlib.Path(__file__).resolve().parent.parent / "payloads"


# -- whole calls through the face: malformed answers end as BadResponse naming the endpoint --------------
class _Face:
    """Answers markets and currencies from the spec, one endpoint from a script."""

    def __init__(self, path: str, body: bytes) -> None:
        self.path, self.body, self.sent = path, body, []

    def request(self, method, url, headers, body, timeout):
        path = url.split("://", 1)[1].split("/", 1)[1].split("?")[0]
        path = "/" + path
        self.sent.append(path)
        if path == self.path:
            return Response(200, {}, self.body)
        if path == "/api/v2/symbols":
            return Response(200, {}, (PAYLOADS / "spot_symbols.json").read_bytes())
        if path == "/api/v3/currencies":
            return Response(200, {}, (PAYLOADS / "spot_currencies.json").read_bytes())
        if path == "/api/v1/timestamp":
            return Response(200, {}, b'{"code":"200000","data":1700000000000}')
        return Response(200, {}, b'{"code":"200000","data":null}')

    def close(self) -> None:
        pass


def _client(path: str, body: bytes) -> Kucoin:
    return Kucoin({"apiKey": "k", "secret": "s", "password": "p", "urls": {"api": {"spot": "http://fake"}}, "enableRateLimit": False, "options": {"maxRetries": 0}}, transport=_Face(path, body))


def _envelope(data: Any) -> bytes:
    return json.dumps({"code": "200000", "data": data}).encode()


@pytest.mark.parametrize("call,path,body", [
    (lambda ex: ex.fetch_ticker("BTC/USDT"), "/api/v1/market/stats", _envelope([1, 2, 3])),
    (lambda ex: ex.fetch_ticker("BTC/USDT"), "/api/v1/market/stats", _envelope({"last": "1e999999999"})),
    (lambda ex: ex.fetch_ticker("BTC/USDT"), "/api/v1/market/stats", b'{"code":"200000","data":{"last":'),
    (lambda ex: ex.fetch_ticker("BTC/USDT"), "/api/v1/market/stats", b"<html>502 Bad Gateway</html>"),
    (lambda ex: ex.fetch_tickers(), "/api/v1/market/allTickers", _envelope({"time": 1, "ticker": {"a": 1}})),
    (lambda ex: ex.fetch_order_book("BTC/USDT", 20), "/api/v1/market/orderbook/level2_20",
     _envelope({"bids": [["NaN", "1"]], "asks": []})),
    (lambda ex: ex.fetch_trades("BTC/USDT"), "/api/v1/market/histories", _envelope([{"price": {"x": 1}}])),
    (lambda ex: ex.fetch_ohlcv("BTC/USDT", "1m"), "/api/v1/market/candles", _envelope([["x", "1"], 5])),
    (lambda ex: ex.fetch_time(), "/api/v1/timestamp", _envelope("soon")),
    (lambda ex: ex.fetch_status(), "/api/v1/status", _envelope(["open"])),
    (lambda ex: ex.load_markets(), "/api/v2/symbols", _envelope([{"symbol": ["BTC", "USDT"]}])),
    (lambda ex: ex.fetch_currencies(), "/api/v3/currencies", _envelope([{"currency": "BTC", "chains": "eth"}])),
    (lambda ex: ex.fetch_balance(), "/api/v1/accounts", _envelope({"type": "trade"})),
])
def test_a_malformed_answer_ends_the_call_with_bad_response_naming_the_endpoint(call, path, body):
    ex = _client(path, body)
    with pytest.raises(BadResponse) as info:
        finishes(lambda: call(ex))
    assert f" {path}" in str(info.value) and len(str(info.value)) < 300
    assert ex._transport.sent.count(path) <= 3  # no loop on a malformed answer


def test_a_server_time_that_is_not_epoch_ms_is_bad_response_before_any_signed_request():
    ex = Kucoin({"apiKey": "k", "secret": "s", "password": "p", "urls": {"api": {"spot": "http://fake"}}, "enableRateLimit": False, "options": {"maxRetries": 0}}, transport=_Face("/api/v1/timestamp", _envelope("1e999999999")))
    with pytest.raises(BadResponse, match="GET /api/v1/timestamp"):
        ex.fetch_open_orders("BTC/USDT")
    assert ex._transport.sent[-1] == "/api/v1/timestamp"



def test_the_asyncio_face_reports_a_malformed_answer_the_same_way():
    import asyncio

    from kucoin_connector import AsyncKucoin

    class AsyncFace(_Face):
        async def request(self, method, url, headers, body, timeout):  # type: ignore[override]
            return _Face.request(self, method, url, headers, body, timeout)

        async def close(self) -> None:  # type: ignore[override]
            pass

    async def main():
        ex = AsyncKucoin({"urls": {"api": {"spot": "http://fake"}}, "enableRateLimit": False, "options": {"maxRetries": 0}}, transport=AsyncFace("/api/v1/market/stats", _envelope({"high": {"a": 1}})))
        try:
            with pytest.raises(BadResponse, match="GET /api/v1/market/stats"):
                await ex.fetch_ticker("BTC/USDT")
        finally:
            await ex.close()

    asyncio.run(main())
