"""The futures trading operations through both faces on a scripted transport: signed requests to the futures
host, the same plans on the sync and asyncio faces, KuCoin's futures error codes as typed errors, and a lost
answer reconciled by client order id without a second order."""
from __future__ import annotations

import asyncio
import json

import pytest
from futures_support import contract_items, payload

from kucoin_connector import AsyncKucoinFutures, KucoinFutures
from kucoin_connector.errors import InsufficientFunds, OrderNotFound, RequestTimeout
from kucoin_connector.testing import AsyncScriptedTransport, FakeClock, ScriptedTransport, envelope

KEYS = {"apiKey": "k", "secret": "s", "password": "p", "options": {"maxRetries": 0, "reconcileDelay": 0,
                                                                   "adjustForTimeDifference": False}}
FUTURES = "https://api-futures.kucoin.com"


def script(*answers):
    return [contract_items(), *answers]


def test_sync_face_places_a_signed_order_on_the_futures_host():
    transport = ScriptedTransport(script(payload("futures_order_add.json")))
    ex = KucoinFutures(KEYS, transport=transport, clock=FakeClock())
    order = ex.create_order("BTC/USDT:USDT", "limit", "buy", 2, 60000.04, {"clientOrderId": "abc", "leverage": 3})
    method, url, headers, body = transport.requests[1]
    assert (method, url) == ("POST", FUTURES + "/api/v1/orders")
    assert json.loads(body) == {"clientOid": "abc", "side": "buy", "symbol": "XBTUSDTM", "type": "limit",
                                "leverage": 3, "size": 2, "price": "60000"}
    assert headers["KC-API-KEY"] == "k" and "KC-API-SIGN" in headers
    assert order["id"] == "234125150956625920" and order["symbol"] == "BTC/USDT:USDT"


def test_close_position_takes_side_none_as_ccxt_passes_it():
    # ccxt's signature is close_position(symbol, side=None, params={}): a None side passed on is no side
    transport = ScriptedTransport(script(payload("futures_order_add.json")))
    ex = KucoinFutures(KEYS, transport=transport, clock=FakeClock())
    order = ex.close_position("BTC/USDT:USDT", None, {"clientOrderId": "close-1"})
    assert json.loads(transport.requests[1][3]) == {"clientOid": "close-1", "symbol": "XBTUSDTM", "type": "market",
                                                    "closeOrder": True}
    assert order["id"] == "234125150956625920" and order["type"] == "market"


def test_futures_error_codes_are_typed_errors():
    transport = ScriptedTransport(script(envelope("balance not enough", code="300003"),
                                         envelope("order does not exist", code="300000")))
    ex = KucoinFutures(KEYS, transport=transport, clock=FakeClock())
    with pytest.raises(InsufficientFunds):
        ex.create_order("BTC/USDT:USDT", "market", "buy", 1)
    with pytest.raises(OrderNotFound):  # 300000 on a single-order read of the futures host
        ex.fetch_order("236655147005071361")


def test_asyncio_face_reconciles_a_lost_answer_without_a_second_order():
    async def main():
        transport = AsyncScriptedTransport(script(
            RequestTimeout("read timed out", outcome_unknown=True),
            payload("futures_order_client.json")))
        async with AsyncKucoinFutures(KEYS, transport=transport, clock=FakeClock()) as ex:
            order = await ex.create_market_sell_order("BTC/USDT:USDT", 1, {"clientOrderId": "lost-1"})
            return order, transport.requests
    order, requests = asyncio.run(main())
    assert [(m, u.split("?")[0]) for m, u, _, _ in requests[1:]] == [
        ("POST", FUTURES + "/api/v1/orders"), ("GET", FUTURES + "/api/v1/orders/byClientOid")]
    assert requests[2][1].endswith("clientOid=lost-1")
    assert order["id"] == "250444645610336256"


def test_asyncio_face_positions_and_balance():
    async def main():
        transport = AsyncScriptedTransport(script(
            payload("futures_position.json"),
            payload("futures_account_overview.json")))
        async with AsyncKucoinFutures(KEYS, transport=transport, clock=FakeClock()) as ex:
            return await ex.fetch_position("BTC/USDT:USDT"), await ex.fetch_balance()
    position, balance = asyncio.run(main())
    assert position["contracts"] == 1.0 and position["side"] == "long"
    assert balance["USDT"]["total"] == 394.439280806
