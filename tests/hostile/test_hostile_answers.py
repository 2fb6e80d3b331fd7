"""Hostile REST answers give typed errors, never untyped exceptions, hangs or runaway memory (issue 7, §3).

Each parser is driven the way the connector drives it: a plan yields a ``Call``, the executor decodes the
envelope that a fake transport returns, the plan parses ``data``. The answers are KuCoin's official
examples (``tests/payloads``, copied from the OpenAPI spec) mutated by hypothesis: a random node replaced
by None, a wrong type, ``"NaN"``, ``"1e999999999"``, a huge integer or a nested object, a key dropped, an
extra field added, the JSON text truncated or replaced by an HTML page. The property: the call returns a
sane structure (no NaN/Infinity/out-of-range number outside ``info``) or raises ``BadResponse`` /
``ExchangeError`` naming the endpoint; nothing else, and it finishes. (Whole calls through the faces:
test_hostile_answers_face.py.)
"""
from __future__ import annotations

import copy
import json
import pathlib
from decimal import Decimal
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kucoin_connector.rest.calls import Call
from kucoin_connector.rest.effects import Response
from kucoin_connector.rest.envelope import decode
from kucoin_connector.errors import BadResponse, BaseError, ExchangeError
from kucoin_connector.rest.executor import RestContext, drive
from kucoin_connector.clients.runners import run_sync
from kucoin_connector.core.numbers import MAX_EXPONENT, number_converter
from kucoin_connector.spot.parsers import balances
from kucoin_connector.spot.parsers import funding
from kucoin_connector.spot.parsers import orders
from kucoin_connector.spot.parsers.currencies import parse_currencies, parse_currency
from kucoin_connector.spot.parsers.markets import parse_market
from kucoin_connector.core.candles import parse_ohlcvs
from kucoin_connector.spot.parsers.order_book import parse_order_book
from kucoin_connector.core.server_status import parse_status, parse_time
from kucoin_connector.spot.parsers.tickers import parse_ticker
from kucoin_connector.spot.parsers.trades import parse_trade, parse_trades

from hostile_support import finishes

PAYLOADS = pathlib.Path(__file__).resolve().parent.parent / "payloads"
NUM = {mode: number_converter(mode) for mode in ("float", "decimal", "str")}


def _load(name: str) -> Any:
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


MARKET = parse_market(_load("spot_symbol.json")["data"], NUM["decimal"])
MARKETS_BY_ID = {MARKET["id"]: MARKET}


def _items(data: Any) -> Any:
    return data["items"]


# (payload file, endpoint, how the plan reads data): every public parser, on every official example it reads.
PARSERS: list[tuple[str, str, Callable[[Any, Any], Any]]] = [
    ("spot_symbols.json", "GET /api/v2/symbols", lambda d, n: [parse_market(i, n) for i in d]),
    ("edge_symbols.json", "GET /api/v2/symbols", lambda d, n: [parse_market(i, n) for i in d]),
    ("spot_symbol.json", "GET /api/v2/symbols/BTC-USDT", lambda d, n: parse_market(d, n, ticker=d)),
    ("spot_currencies.json", "GET /api/v3/currencies", lambda d, n: parse_currencies(d, n)),
    ("edge_currencies.json", "GET /api/v3/currencies", lambda d, n: parse_currencies(d, n)),
    ("spot_currency.json", "GET /api/v3/currencies/BTC", lambda d, n: parse_currency(d, n)),
    ("spot_market_stats.json", "GET /api/v1/market/stats", lambda d, n: parse_ticker(d, MARKET, n)),
    ("spot_orderbook_level1.json", "GET /api/v1/market/orderbook/level1", lambda d, n: parse_ticker(d, MARKET, n)),
    ("spot_all_tickers.json", "GET /api/v1/market/allTickers",
     lambda d, n: [parse_ticker(i, MARKET, n, d["time"]) for i in d["ticker"]]),
    ("edge_all_tickers.json", "GET /api/v1/market/allTickers",
     lambda d, n: [parse_ticker(i, MARKET, n, d["time"]) for i in d["ticker"]]),
    ("spot_orderbook_level2_part.json", "GET /api/v1/market/orderbook/level2_20",
     lambda d, n: parse_order_book(d, "BTC/USDT", n)),
    ("spot_orderbook_level2_full.json", "GET /api/v3/market/orderbook/level2",
     lambda d, n: parse_order_book(d, "BTC/USDT", n)),
    ("edge_orderbook_unsorted.json", "GET /api/v1/market/orderbook/level2_100",
     lambda d, n: parse_order_book(d, "X/Y", n)),
    ("spot_trade_histories.json", "GET /api/v1/market/histories", lambda d, n: parse_trades(d, MARKET, n)),
    ("spot_hf_fills.json", "GET /api/v1/hf/fills", lambda d, n: parse_trades(_items(d), MARKET, n)),
    ("spot_candles.json", "GET /api/v1/market/candles", lambda d, n: parse_ohlcvs(d, n)),
    ("edge_candles.json", "GET /api/v1/market/candles", lambda d, n: parse_ohlcvs(d, n, limit=3)),
    ("spot_status.json", "GET /api/v1/status", lambda d, n: parse_status(d)),
    ("spot_timestamp.json", "GET /api/v1/timestamp", lambda d, n: parse_time(d)),
    ("spot_hf_order.json", "GET /api/v1/hf/orders/6717422bd51c29000775ea03",
     lambda d, n: orders.parse_order(d, MARKET, n)),
    ("spot_hf_order_add_sync.json", "POST /api/v1/hf/orders/sync", lambda d, n: orders.parse_order(d, MARKET, n)),
    ("spot_hf_order_add.json", "POST /api/v1/hf/orders", lambda d, n: orders.parse_order(d, MARKET, n)),
    ("spot_stop_order.json", "GET /api/v1/stop-order/vs8hoo8q2ceshiue003b67c0",
     lambda d, n: orders.parse_order(d, MARKET, n)),
    ("spot_classic_order.json", "GET /api/v1/orders/5c35c02703aa673ceec2a168",
     lambda d, n: orders.parse_order(d, MARKET, n)),
    ("spot_hf_orders_active.json", "GET /api/v1/hf/orders/active", lambda d, n: orders.parse_orders(d, MARKETS_BY_ID, n)),
    ("spot_hf_orders_done.json", "GET /api/v1/hf/orders/done",
     lambda d, n: orders.parse_orders(_items(d), MARKETS_BY_ID, n, limit=5)),
    ("spot_stop_orders.json", "GET /api/v1/stop-order", lambda d, n: orders.parse_orders(_items(d), MARKETS_BY_ID, n)),
    ("account_list.json", "GET /api/v1/accounts", lambda d, n: balances.parse_balance(d, "trade", n)),
    ("account_list.json", "GET /api/v1/accounts", lambda d, n: [balances.parse_account(i) for i in d]),
    ("account_cross_margin.json", "GET /api/v3/margin/accounts",
     lambda d, n: balances.parse_cross_margin_balance(d, n)),
    ("account_isolated_margin.json", "GET /api/v3/isolated/accounts",
     lambda d, n: balances.parse_isolated_balance(d, MARKETS_BY_ID, n)),
    ("account_ledgers.json", "GET /api/v1/accounts/ledgers", lambda d, n: balances.parse_ledger(_items(d), n)),
    ("account_hf_ledgers.json", "GET /api/v1/hf/accounts/ledgers", lambda d, n: balances.parse_ledger(d, n, limit=2)),
    ("funding_deposits.json", "GET /api/v1/deposits",
     lambda d, n: funding.parse_transactions(_items(d), "deposit", n)),
    ("funding_withdrawals.json", "GET /api/v1/withdrawals",
     lambda d, n: funding.parse_transactions(_items(d), "withdrawal", n, since=1)),
    ("funding_deposit_addresses.json", "GET /api/v3/deposit-addresses",
     lambda d, n: [funding.parse_deposit_address(i, "USDT") for i in d]),
    ("funding_deposit_address_create.json", "POST /api/v3/deposit-address/create",
     lambda d, n: funding.parse_deposit_address(d, "USDT")),
    ("margin_borrow.json", "POST /api/v3/margin/borrow",
     lambda d, n: funding.parse_loan(d, "USDT", None, n, 1_700_000_000_000)),
    ("margin_interest.json", "GET /api/v3/margin/interest",
     lambda d, n: funding.parse_borrow_interest(_items(d), None, "cross", n)),
]
IDS = [f"{name}:{endpoint.split()[1]}" for name, endpoint, _ in PARSERS]


# -- driving a parser like the connector does ------------------------------------------------------------
class _Clock:
    def now_ms(self) -> int:
        return 1_700_000_000_000


class _Transport:
    def __init__(self, status: int, body: bytes) -> None:
        self.status, self.body, self.requests = status, body, 0

    def request(self, method, url, headers, body, timeout):
        self.requests += 1
        return Response(self.status, {"content-type": "application/json"}, self.body)

    def close(self) -> None:
        pass


def _ctx() -> RestContext:
    return RestContext(urls={"spot": "http://fake"}, clock=_Clock(), rand=lambda: 0.0, rate_limited=False)


def run_parser(endpoint: str, read: Callable[[Any, Any], Any], body: bytes, num: Any, status: int = 200) -> Any:
    method, path = endpoint.split(" ", 1)

    def plan():
        data = yield Call(method, path, private=False)
        return read(data, num)

    return run_sync(drive(plan(), _ctx()), _Transport(status, body), sleep=lambda s: None)


TEXT_KEYS = frozenset("id symbol side type status clientOrderId order takerOrMaker timeInForce currency code "
                      "baseId quoteId settle network address tag txid name".split())


# Values read from the answer lie within 1e+-40; derived ones (cost = price * amount, percentage = change /
# open * 100) within the product or quotient of two such values.
LIMIT = 2 * MAX_EXPONENT + 3


def assert_sane(value: Any, where: str = "result") -> None:
    """No NaN/Infinity/out-of-range number anywhere outside ``info``; ids and enums are strings or None."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TEXT_KEYS:
                assert item is None or type(item) is str, f"{where}.{key} is {item!r}"
            if key != "info":
                assert_sane(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            assert_sane(item, f"{where}[{i}]")
    elif isinstance(value, float):
        assert value - value == 0, f"{where} is {value!r}"
        assert value == 0 or 10.0 ** -LIMIT <= abs(value) <= 10.0 ** LIMIT, f"{where} is {value!r}"
    elif isinstance(value, Decimal):
        assert value.is_finite() and -LIMIT <= value.adjusted() <= LIMIT, f"{where} is {value!r}"
    elif isinstance(value, str) and where.rsplit(".", 1)[-1] in ("price", "amount", "filled", "last", "bid", "ask"):
        assert len(value) <= 2 * LIMIT, f"{where} is {value[:40]!r}..."  # a str-mode number of bounded size


def assert_typed(exc: BaseException, endpoint: str) -> None:
    assert isinstance(exc, (BadResponse, ExchangeError)), f"untyped {type(exc).__name__}: {exc}"
    assert endpoint.split("?")[0] in str(exc), f"endpoint missing from {exc}"
    assert len(str(exc)) < 300, str(exc)


# -- mutations ----------------------------------------------------------------------------------------
HOSTILE_VALUES = [None, "NaN", "Infinity", "-inf", "1e999999999", "-1e-999999999", "0e999999999", 10**30, 10**39,
                  -(10**39), {"a": {"b": [1]}}, [1, [2, [3]]], [], {}, True, False, "", "abc", "-1", 0, 1.5,
                  "9" * 70, "\u0661\u0662", "<html>", [[["1", "2"]]], {"price": "1"}]


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node[:6]):  # a few items of long lists are enough
            found += _paths(value, prefix + (i,))
    return found


def _set(root: dict, path: tuple, value: Any) -> None:
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value


def _drop(root: dict, path: tuple) -> None:
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent.pop(path[-1])


@st.composite
def mutated_body(draw, envelope: dict) -> bytes:
    doc = copy.deepcopy(envelope)
    doc.pop("_comment", None)
    for _ in range(draw(st.integers(1, 3))):
        paths = [("data",) + p for p in _paths(doc.get("data"))]
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["replace", "replace", "replace", "drop", "extra"]))
        if kind == "drop" and len(path) > 1:
            _drop(doc, path)
        elif kind == "extra":
            target = doc
            for key in path:
                target = target[key]
            if isinstance(target, dict):
                target[draw(st.sampled_from(["extra", "price", "size", "symbol"]))] = copy.deepcopy(draw(
                    st.sampled_from(HOSTILE_VALUES)))
            elif isinstance(target, list):
                target.append(copy.deepcopy(draw(st.sampled_from(HOSTILE_VALUES))))
        else:
            _set(doc, path, copy.deepcopy(draw(st.sampled_from(HOSTILE_VALUES))))
    text = json.dumps(doc)
    form = draw(st.sampled_from(["json"] * 6 + ["truncated", "html", "nan-literal", "huge-literal", "deep"]))
    if form == "truncated":
        text = text[:draw(st.integers(0, max(0, len(text) - 1)))]
    elif form == "html":
        text = "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>"
    elif form == "nan-literal":
        text = text.replace('"1"', "NaN", 1).replace("null", "Infinity", 1)
    elif form == "huge-literal":
        text = text.replace("null", "1" + "0" * 5000, 1).replace("0,", "1e999999,", 1)
    elif form == "deep":
        text = text.replace("null", "[" * 100_000 + "]" * 100_000, 1)
    return text.encode()


@pytest.mark.parametrize("name,endpoint,read", PARSERS, ids=IDS)
@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), mode=st.sampled_from(sorted(NUM)))
def test_mutated_official_example_parses_or_raises_bad_response(name, endpoint, read, data, mode):
    body = data.draw(mutated_body(_load(name)))
    try:
        result = finishes(lambda: run_parser(endpoint, read, body, NUM[mode]))
    except BaseError as exc:
        assert_typed(exc, endpoint)
    else:
        assert_sane(result)


@pytest.mark.parametrize("name,endpoint,read", PARSERS, ids=IDS)
def test_official_example_still_parses(name, endpoint, read):
    # the property above is not satisfied by refusing everything: the unmutated examples parse
    for num in NUM.values():
        assert_sane(run_parser(endpoint, read, (PAYLOADS / name).read_bytes(), num))


# -- the design: whatever a parser meets becomes BadResponse naming the endpoint ------------------------
@pytest.mark.parametrize("data", [[1, 2], "text", 5, {"bids": {"x": 1}}, {"bids": [["NaN", "1"]], "asks": []},
                                  {"bids": [], "asks": [["1e999999999", "1"]]}, {"time": {"a": 1}}])
def test_order_book_of_the_wrong_shape_is_bad_response_with_endpoint(data):
    body = json.dumps({"code": "200000", "data": data}).encode()
    for num in NUM.values():
        with pytest.raises(BadResponse, match=r"GET /api/v1/market/orderbook/level2_20"):
            run_parser("GET /api/v1/market/orderbook/level2_20", lambda d, n: parse_order_book(d, "BTC/USDT", n),
                       body, num)


def test_a_parser_exception_becomes_bad_response_naming_the_endpoint():
    def plan():
        data = yield Call("GET", "/api/v1/market/stats", {"symbol": "BTC-USDT"}, private=False)
        return data["missing"]  # a KeyError, as any parser could meet

    body = json.dumps({"code": "200000", "data": {}}).encode()
    with pytest.raises(BadResponse) as info:
        run_sync(drive(plan(), _ctx()), _Transport(200, body))
    assert "GET /api/v1/market/stats" in str(info.value) and "KeyError" in str(info.value)
    assert info.value.endpoint == "GET /api/v1/market/stats"
    assert isinstance(info.value.__cause__, KeyError)


def test_an_exception_before_any_answer_is_not_blamed_on_kucoin():
    def plan():
        raise ValueError("a plan bug")
        yield  # pragma: no cover

    with pytest.raises(ValueError):
        run_sync(drive(plan(), _ctx()), _Transport(200, b"{}"))


@pytest.mark.parametrize("text,what", [
    ('{"code":"200000","data":{"price":NaN}}', "NaN"),
    ('{"code":"200000","data":{"price":-Infinity}}', "-Infinity"),
    ('{"code":"200000","data":{"time":1' + "0" * 60 + "}}", "integer of 61 digits"),
    ('{"code":"200000","data":{"price":1e999999}}', "overflows"),
    ('{"code":"200000","data":' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"code":{"a":1},"data":{}}', "code is a dict"),
])
def test_json_that_no_kucoin_answer_carries_is_refused_while_decoding(text, what):
    with pytest.raises(BadResponse) as info:
        decode(200, {}, text.encode(), "GET", "/api/v1/market/stats")
    assert what in str(info.value) and "[GET /api/v1/market/stats]" in str(info.value)


def test_an_error_envelope_with_a_huge_msg_keeps_kucoins_code_and_a_short_message():
    body = json.dumps({"code": "400100", "msg": "x" * 100_000}).encode()
    with pytest.raises(ExchangeError) as info:
        decode(400, {}, body, "GET", "/api/v1/market/stats")
    assert info.value.code == "400100" and len(str(info.value)) < 300
    body = json.dumps({"code": "400100", "msg": {"nested": ["x"] * 10}}).encode()
    with pytest.raises(ExchangeError) as info:
        decode(400, {}, body, "GET", "/api/v1/market/stats")
    assert info.value.code == "400100" and len(str(info.value)) < 300


def test_a_rate_limit_reset_of_days_does_not_make_the_caller_sleep_for_days():
    headers = {"gw-ratelimit-reset": str(30 * 86_400_000), "gw-ratelimit-limit": "2000", "gw-ratelimit-remaining": "0"}
    body = json.dumps({"code": "429000", "msg": "Too many requests"}).encode()
    sleeps: list[float] = []

    class Limited(_Transport):
        def request(self, method, url, headers_, body_, timeout):
            self.requests += 1
            return Response(429, headers, self.body)

    with pytest.raises(BaseError):
        run_sync(drive((lambda: (yield Call("GET", "/api/v1/market/stats", private=False)))(), _ctx()),
                 Limited(429, body), sleep=sleeps.append)
    assert sleeps and max(sleeps) <= 60
