"""adapters/hummingbot/fills.py: a fill the private stream missed comes back over REST with its amount.

Hummingbot's own KuCoin connector reads ``resp["items"]`` on the HF fills answer, where the trades are
``resp["data"]["items"]``: it finds none and ends the order FILLED with 0 executed. Here the answer is
KuCoin's official HF fills example, served by a scripted transport to the real AsyncKucoin.
"""
from __future__ import annotations

import asyncio
import json
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kucoin_connector import AsyncKucoin
from kucoin_connector.testing import AsyncScriptedTransport
from kucoin_connector_adapters.hummingbot.fills import order_fills

PAYLOADS = Path(__file__).resolve().parents[2] / "payloads"


def payload(name: str):
    return json.loads((PAYLOADS / name).read_text())["data"]


def test_missed_fill_is_recovered_from_the_hf_data_items_level():
    fills_answer = payload("spot_hf_fills.json")  # {"items": [...], "lastId": ...} = the envelope's data
    order_id = fills_answer["items"][0]["orderId"]

    def answer(method, url, headers, body):
        path = urlsplit(url).path
        if path == "/api/v2/symbols":
            return payload("spot_symbols.json")
        if path == "/api/v3/currencies":
            return payload("spot_currencies.json")
        if path == "/api/v1/hf/fills":
            return fills_answer
        if path == "/api/v1/timestamp":  # the connector's clock check before its first signed request
            return int(time.time() * 1000)
        raise AssertionError(f"unexpected request {method} {url}")

    async def main():
        transport = AsyncScriptedTransport(answer)
        config = {"apiKey": "k", "secret": "s", "password": "p", "options": {"numbers": "decimal"}}
        async with AsyncKucoin(config, transport=transport) as ex:
            await ex.load_markets()
            return await order_fills(ex, order_id, "BTC/USDT"), transport.requests

    fills, requests = asyncio.run(main())
    item = fills_answer["items"][0]
    assert len(fills) == 1
    assert fills[0]["amount"] == Decimal(item["size"]) and fills[0]["amount"] > 0
    assert fills[0]["price"] == Decimal(item["price"])
    assert fills[0]["fee_cost"] == Decimal(item["fee"])
    url = [u for m, u, _, _ in requests if urlsplit(u).path == "/api/v1/hf/fills"][0]
    query = parse_qs(urlsplit(url).query)
    assert query["orderId"] == [order_id] and query["symbol"] == ["BTC-USDT"]


def test_fills_of_other_orders_are_not_credited_to_this_one():
    class Client:
        async def fetch_order_trades(self, id, symbol):
            return [{"id": "1", "order": "A", "symbol": "BTC/USDT", "price": Decimal(1), "amount": Decimal(2)},
                    {"id": "2", "order": "B", "symbol": "BTC/USDT", "price": Decimal(1), "amount": Decimal(3)}]

    fills = asyncio.run(order_fills(Client(), "A", "BTC/USDT"))
    assert [f["trade_id"] for f in fills] == ["1"]
