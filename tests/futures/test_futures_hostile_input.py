"""Hostile arguments to the futures trading and position methods: each raises one of the connector's typed
errors with a short message and sends nothing, on both faces (markets loaded beforehand)."""
from __future__ import annotations

import asyncio
import inspect
from decimal import Decimal

import pytest
from futures_support import contract_items

from kucoin_connector import AsyncKucoinFutures, KucoinFutures
from kucoin_connector.clients.futures_account import FUTURES_ACCOUNT_OPERATIONS
from kucoin_connector.clients.futures_positions import FUTURES_POSITION_OPERATIONS
from kucoin_connector.clients.futures_trading import FUTURES_TRADING_OPERATIONS
from kucoin_connector.errors import BaseError
from kucoin_connector.testing import AsyncScriptedTransport, FakeClock, ScriptedTransport

ORDER_ID = "236655147005071361"
NAN, INF = float("nan"), float("inf")
ANY = [object(), b"bytes", NAN, True, [], {}]
NUMBERS = ANY + [INF, -1, "-1", 0, "0", "1e999999999", "abc", "", Decimal("NaN"), 10 ** 400, "0." + "0" * 60 + "1"]
VALID = {"symbol": "BTC/USDT:USDT", "symbols": ["BTC/USDT:USDT"], "amount": 1, "price": 60000, "triggerPrice": 59000,
         "stopLossPrice": 59000, "takeProfitPrice": 61000, "takeProfit": 61000, "stopLoss": 59000, "limit": 5,
         "since": 1_700_000_000_000, "code": "USDT", "id": ORDER_ID, "ids": [ORDER_ID], "side": "buy",
         "type": "limit", "fromAccount": "spot", "toAccount": "future", "leverage": 5, "marginMode": "cross",
         "orders": [{"symbol": "BTC/USDT:USDT", "type": "limit", "side": "buy", "amount": 1, "price": 60000}],
         "cost": 100, "status": "open", "params": None}
HOSTILE = {
    "symbol": ANY + ["", "BTC-USDT", "BTC/USDT", "DOGE/USDT:USDT", "../..", "x" * 10_000, 1],
    "symbols": [v for v in ANY if v != []] + ["BTC/USDT:USDT", [1], ["bad"], [None], 5],  # []: every symbol
    "amount": NUMBERS, "price": NUMBERS, "cost": NUMBERS, "triggerPrice": NUMBERS,
    "status": ANY + ["", "canceled", "OPEN", 1],
    "stopLossPrice": NUMBERS, "takeProfitPrice": NUMBERS, "takeProfit": NUMBERS, "stopLoss": NUMBERS,
    "leverage": NUMBERS + [126, 0.5], "marginMode": ANY + ["", "CROSSED", "portfolio", 1],
    "limit": ANY + [0, -1, 1.5, "5", 10 ** 30], "since": ANY + [-1, 1.5, "0", 10 ** 30],
    "code": ANY + [123, "", "US DT", "../x", "x" * 1000],
    "id": ANY + [123.5, "", "..", "../../api/v1/accounts", ORDER_ID + "?x=1", "a b", "x" * 1000],
    "ids": [v for v in ANY if v != []] + [ORDER_ID, [1], ["../x"], [None], 5],  # [] cancels nothing: []
    "side": ANY + ["up", "BUY", "", 1], "type": ANY + ["stop", "LIMIT", "", 1],
    "fromAccount": ANY + ["", "nowhere", 1], "toAccount": ANY + ["", "nowhere", 1],
    "orders": ANY + ["x", [], [1], [{"symbol": "bad"}], [{**VALID["orders"][0], "amount": NAN}], VALID["orders"] * 21],
    # KuCoin's own fields in params are forwarded (as ccxt); ccxt parameters that do not apply are refused
    "params": ANY[:3] + ["x", 1, {"a": NAN}, {1: 2}, {"clientOrderId": "../x"}, {"marginMode": "x"},
                        {"stop": "sideways"}, {"trigger": "yes"}, {"a": "x" * 100_000}, {"triggerPriceType": "x"}],
}
OPERATIONS = FUTURES_TRADING_OPERATIONS + FUTURES_POSITION_OPERATIONS + FUTURES_ACCOUNT_OPERATIONS


def cases():
    out = []
    for name in OPERATIONS:
        parameters = [p for p in list(inspect.signature(getattr(KucoinFutures, name)).parameters.values())[1:]
                      if p.name in HOSTILE]
        for p in parameters:
            if name == "fetch_balance" and p.name == "params":
                continue  # its params are read by the plan (code/codes), checked below
            values = list(HOSTILE[p.name])
            if name.startswith("create_") and p.name == "amount":
                values += ["0.5", 1_000_001]  # contracts: below one lot, above maxOrderQty
            out.append((name, [q.name for q in parameters], p.name, values))
    return out


CASES = cases()


def _face(cls, transport_cls):
    transport = transport_cls([contract_items()])
    ex = cls({"apiKey": "k", "secret": "s", "password": "p", "options": {"adjustForTimeDifference": False}},
             transport=transport, clock=FakeClock())
    return ex, transport


def _problem(method, bad_name, value, error, transport):
    shown = repr(value)[:60]
    if error is None:
        return f"{method}({bad_name}={shown}) did not raise"
    if not isinstance(error, BaseError):
        return f"{method}({bad_name}={shown}) leaked {type(error).__name__}: {str(error)[:100]}"
    if len(str(error)) >= 300:
        return f"{method}({bad_name}={shown}) message is {len(str(error))} characters"
    if len(transport.requests) > 1:
        return f"{method}({bad_name}={shown}) sent {transport.requests[-1][:2]}"
    return None


def test_the_matrix_covers_the_futures_methods():
    assert {name for name, *_ in CASES} >= {"create_order", "create_orders", "cancel_order", "fetch_order",
                                            "set_leverage", "set_margin_mode", "transfer", "add_margin",
                                            "fetch_positions", "close_position"}


def test_sync_face_refuses_hostile_arguments_before_sending():
    ex, transport = _face(KucoinFutures, ScriptedTransport)
    ex.load_markets()
    problems = []
    for method, names, bad_name, values in CASES:
        for value in values:
            kwargs = {**{n: VALID[n] for n in names}, bad_name: value}
            error = None
            try:
                getattr(ex, method)(**kwargs)
            except Exception as exc:  # noqa: BLE001 - judged below
                error = exc
            problem = _problem(method, bad_name, value, error, transport)
            if problem:
                problems.append(problem)
                del transport.requests[1:]
    assert not problems, "\n".join(problems[:15])


def test_async_face_refuses_them_too():
    async def run():
        ex, transport = _face(AsyncKucoinFutures, AsyncScriptedTransport)
        await ex.load_markets()
        problems = []
        for method, names, bad_name, values in CASES:
            for value in values:
                kwargs = {**{n: VALID[n] for n in names}, bad_name: value}
                error = None
                try:
                    await getattr(ex, method)(**kwargs)
                except Exception as exc:  # noqa: BLE001
                    error = exc
                problem = _problem(method, bad_name, value, error, transport)
                if problem:
                    problems.append(problem)
                    del transport.requests[1:]
        return problems
    problems = asyncio.run(run())
    assert not problems, "\n".join(problems[:15])


@pytest.mark.parametrize("params", [{"code": 5}, {"codes": "USDT"}, {"codes": [1]}, {"code": ""}])
def test_fetch_balance_refuses_a_bad_code(params):
    ex, transport = _face(KucoinFutures, ScriptedTransport)
    with pytest.raises(BaseError):
        ex.fetch_balance(params)
    assert len(transport.requests) == 0
