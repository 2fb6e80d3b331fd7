"""Bad input is refused before anything is sent (issue 7, sections 2 and 5).

For every unified method the faces check with the argument table (``kucoin_connector.core.arguments``),
every argument in the table and every hostile value of its kind: the call raises one of the connector's
ccxt-named errors, with a message under 300 characters naming the argument, and sends nothing. Both
faces. Markets are loaded beforehand (that request is not part of the call)."""
from __future__ import annotations

import asyncio
import inspect
from decimal import Decimal

import pytest

from hostile_support import face
from kucoin_connector import Kucoin
from kucoin_connector.core.arguments import ARGUMENTS
from kucoin_connector.rest.calls import encode_body
from kucoin_connector.errors import BadRequest, BaseError, InvalidOrder
from kucoin_connector.clients.base import CHECKED
from kucoin_connector.spot.plans import account as ac
from kucoin_connector.spot.plans.orders import edit_order

ORDER_ID = "6717422bd51c29000775ea03"
NAN, INF = float("nan"), float("inf")
HUGE = "1e999999999"

VALID = {
    "symbol": "BTC/USDT", "symbols": ["BTC/USDT"], "amount": "1", "price": "100", "cost": "100",
    "triggerPrice": "100", "stopLossPrice": "100", "takeProfitPrice": "100", "limit": 5, "since": 1_700_000_000_000,
    "timeframe": "1m", "code": "USDT", "id": ORDER_ID, "ids": [ORDER_ID], "address": "0x0123456789abcdef",
    "tag": None, "side": "buy", "type": "limit", "fromAccount": "main", "toAccount": "trade",
    "orders": [{"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": "1", "price": "100"}],
    "params": None, "reload": False, "method": "GET", "path": "/api/v1/timestamp", "max_items": None,
}

ANY = [object(), b"bytes", NAN, True]
NUMBERS = ANY + [INF, -INF, -1, "-1", 0, "0", HUGE, "1e-999999999", "abc", "", "nan", "Infinity", "0x10", "1_000",
                 " 1", 10 ** 400, Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), Decimal(HUGE), "9" * 500,
                 "0." + "0" * 60 + "1", [], {}]
IDS = ANY + [123, "", "..", "../../../api/v1/accounts", ORDER_ID + "?symbol=ETH-USDT&a=", "a#b", "a%2F", "a b",
             "\u00e9", "x" * 1000, 1.5, []]
HOSTILE = {
    "symbol": ANY + ["", "BTCUSDT", "BTC-USDT", "BTC/USDT/X", "../..", "BTC/USDT?x=1", "x" * 10_000 + "/USDT",
                     "BTC/ USDT", "\uff22TC/USDT", 1, [], {}],
    "symbols": ANY + ["BTC/USDT", [1], ["bad"], [None], 5, {"a": 1}, ["BTC/USDT"] * 5000],
    "amount": NUMBERS, "price": NUMBERS, "cost": NUMBERS, "triggerPrice": NUMBERS, "stopLossPrice": NUMBERS,
    "takeProfitPrice": NUMBERS,
    "limit": ANY + [0, -1, 1.5, INF, "5", 10 ** 30, []],
    "since": ANY + [-1, 1.5, INF, "0", 10 ** 30, 2 ** 64, []],
    "timeframe": ANY + ["", "7m", "1min", None, 1, []],
    "code": ANY + [123, "", "US DT", "../x", "x" * 1000, 1.5, []],
    "id": IDS, "ids": ANY + [ORDER_ID, [1], ["../x"], [None], 5, [ORDER_ID] * 1000],
    "address": ANY + ["", 1, "a b", "x" * 1000, "a\nb", []],
    "tag": ANY + ["x" * 1000, "\x00", -1, []],
    "side": ANY + ["up", "BUY", "", 1],
    "type": ANY + ["stop", "LIMIT", "", 1],
    "fromAccount": ANY + ["", "x" * 1000, 1, "nowhere"], "toAccount": ANY + ["", "x" * 1000, 1, "nowhere"],
    "orders": ANY + ["x", [], [1], [{"symbol": "bad"}], [{**VALID["orders"][0], "amount": NAN}],
                     [{**VALID["orders"][0], "price": HUGE}], [{**VALID["orders"][0], "params": {"a": NAN}}],
                     VALID["orders"] * 21],
    "params": ANY + ["x", [], 1, {"a": NAN}, {"a": INF}, {1: 2}, {"a": object()}, {"clientOrderId": "../x"},
                     {"orderId": NAN}, {"clientOid": 5}, {"cost": HUGE}, {"stopPrice": -1}, {"a": "x" * 100_000},
                     {"a": Decimal("NaN")}, {"a": 10 ** 100}, {"a": [[[[[[1]]]]]]}, {f"k{i}": 1 for i in range(100)}],
    "reload": ANY[:3] + ["yes", 1],
    "method": ANY + ["G ET", "CONNECT", ""],
    "path": ANY + ["api/v1/x", "/api/v1/hf/orders/../../accounts", "/x?y=1", "/x#y", "/x y", "/" + "x" * 1000],
    "max_items": ANY + [0, -1, 1.5],
}
# Arguments that a method may leave None for its plan to judge (it then raises a typed error itself).
REQUIRED_NONE_OK_TO_TRY = {"symbol", "amount", "price", "code", "address", "id", "fromAccount", "toAccount", "ids",
                           "orders", "side", "type", "cost", "symbols"}


def cases():
    out = []
    for name in CHECKED:
        parameters = [p for p in list(inspect.signature(getattr(Kucoin, name)).parameters.values())[1:]
                      if p.name in ARGUMENTS]
        for p in parameters:
            values = list(HOSTILE[p.name])
            if name == "cost_to_precision":  # ccxt answers "0" for a zero cost: not hostile there
                values = [v for v in values if not (isinstance(v, (int, str)) and v in (0, "0"))]
            if p.default is p.empty and p.name in REQUIRED_NONE_OK_TO_TRY:
                values.append(None)
            out.append((name, [q.name for q in parameters], p.name, values))
    return out


CASES = cases()


def _call_kwargs(names, bad_name, bad_value):
    kwargs = {n: VALID[n] for n in names}
    kwargs[bad_name] = bad_value
    return kwargs


def _judge(ex, method, bad_name, value, error):
    shown = repr(value)[:60]
    if error is None:
        return f"{method}({bad_name}={shown}) did not raise"
    if not isinstance(error, BaseError):
        return f"{method}({bad_name}={shown}) leaked {type(error).__name__}: {str(error)[:100]}"
    if len(str(error)) >= 300:
        return f"{method}({bad_name}={shown}) message is {len(str(error))} characters"
    if ex.recorder.sent:
        return f"{method}({bad_name}={shown}) sent {ex.recorder.sent[0][:2]}"
    return None


def test_the_matrix_covers_every_checked_method_and_argument():
    assert len(CASES) > 150
    assert {name for name, *_ in CASES} >= {"fetch_ohlcv", "create_order", "withdraw", "fetch_ledger", "transfer",
                                            "cancel_orders", "create_orders", "watch_order_book", "call_api"}


@pytest.mark.parametrize("method, names, bad_name, values", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_sync_face_refuses_hostile_arguments_before_sending(sync_face, method, names, bad_name, values):
    ex = sync_face
    problems = []
    for value in values:
        ex.recorder.sent.clear()
        error = None
        try:
            getattr(ex, method)(**_call_kwargs(names, bad_name, value))
        except Exception as exc:  # noqa: BLE001 - judged below
            error = exc
        problem = _judge(ex, method, bad_name, value, error)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems[:10])


def test_async_face_refuses_the_same_hostile_arguments():
    ex = face(asynchronous=True)
    problems = []

    async def run():
        await ex.load_markets()
        for method, names, bad_name, values in CASES:
            for value in values:
                ex.recorder.sent.clear()
                error = None
                try:
                    result = getattr(ex, method)(**_call_kwargs(names, bad_name, value))
                    if inspect.isawaitable(result):  # helpers such as market() stay synchronous
                        await result
                except Exception as exc:  # noqa: BLE001
                    error = exc
                problem = _judge(ex, method, bad_name, value, error)
                if problem:
                    problems.append(problem)
    asyncio.run(run())
    assert not problems, "\n".join(problems[:10])


@pytest.fixture(scope="module")
def sync_face():
    ex = face(wsMaxReconnects=0)
    ex.load_markets()
    return ex


def test_messages_name_the_argument(sync_face):
    with pytest.raises(BadRequest, match="limit"):
        sync_face.fetch_trades("BTC/USDT", None, 1.5)
    with pytest.raises(InvalidOrder, match="price"):
        sync_face.create_order("BTC/USDT", "limit", "buy", "1", HUGE)
    with pytest.raises(BadRequest, match=r"params\['orderId'\]"):
        sync_face.fetch_my_trades("BTC/USDT", params={"orderId": NAN})


def test_fetch_ledger_refuses_a_non_string_code_locally(sync_face):
    sync_face.recorder.sent.clear()
    with pytest.raises(BadRequest, match="code"):
        sync_face.fetch_ledger(123)
    assert sync_face.recorder.sent == []


def test_fetch_ledger_plan_refuses_a_non_string_code_too():
    from trading_support_shim import make_ctx_plain
    with pytest.raises(BadRequest, match="code"):
        next(ac.fetch_ledger(make_ctx_plain(), 123))


def test_a_nan_order_id_never_goes_out_as_json():
    with pytest.raises(BadRequest):
        encode_body({"orderId": NAN, "symbol": "BTC-USDT"})
    from trading_support_shim import make_ctx_plain
    plan = edit_order(make_ctx_plain(), NAN, "BTC/USDT", "limit", "buy", None, "100")
    with pytest.raises(BadRequest):
        call = next(plan)
        while True:
            from kucoin_connector.rest.calls import prepare
            prepare(call)
            call = plan.send({})


@pytest.mark.parametrize("value", [0, "0", 0.0, Decimal("0"), "0.000000000001", 1e-12])
def test_amount_to_precision_of_zero_is_invalid_order_as_in_ccxt(sync_face, value):
    with pytest.raises(InvalidOrder, match="amount of BTC/USDT must be greater than minimum amount precision"):
        sync_face.amount_to_precision("BTC/USDT", value)


def test_price_to_precision_of_zero_is_invalid_order_and_cost_zero_is_zero(sync_face):
    with pytest.raises(InvalidOrder, match="price of BTC/USDT must be greater than minimum price precision"):
        sync_face.price_to_precision("BTC/USDT", 0)
    assert sync_face.cost_to_precision("BTC/USDT", 0) == "0"


def test_valid_calls_still_go_out(sync_face):
    sync_face.recorder.sent.clear()
    sync_face.fetch_trades("BTC/USDT", 1_700_000_000_000, 5, {"foo": "bar"})
    sync_face.fetch_my_trades("BTC/USDT", params={"orderId": ORDER_ID})
    assert [p for _m, p, _q, _b in sync_face.recorder.sent] == ["/api/v1/market/histories", "/api/v1/hf/fills"]


@pytest.mark.parametrize("value", [HUGE, "1e-999999999", Decimal("1e41"), "1e-41", 10 ** 60])
def test_order_rules_refuse_out_of_range_numbers_before_rounding(value):
    from kucoin_connector.spot.order_rules import check_amount, check_funds, check_price
    from trading_support_shim import make_ctx_plain
    market = make_ctx_plain().registry.market("BTC/USDT")
    for check in (check_amount, check_price, check_funds):
        with pytest.raises(InvalidOrder):
            check(market, value)
