"""Every served endpoint answers with exactly the keys of the official example in the KuCoin spec.

The spec is the copy vendored in reference/kucoin-openapi (or $KUCOIN_OPENAPI_DIR); the
examples are JSON stored as strings with one extra layer of escaping. Keys are compared recursively,
lists by their first element. Also checks that no number or numeric string shows an exponent.
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import sys
from typing import Any

import pytest
from simhelpers import Client, FakeClock

from kucoin_conformance.simulator import Simulator

SPEC_DIR = pathlib.Path(os.environ.get(
    "KUCOIN_OPENAPI_DIR", pathlib.Path(__file__).resolve().parents[2] / "reference/kucoin-openapi")) / "rest"

# (host, method, route pattern) -> (spec file, spec path, sample request path, private)
ENDPOINTS: dict[tuple[str, str, str], tuple[str, str, str, bool]] = {
    ("spot", "GET", "/api/v1/timestamp"): ("openapi-spot-market.json", "/api/v1/timestamp", "/api/v1/timestamp", False),
    ("spot", "GET", "/api/v1/status"): ("openapi-spot-market.json", "/api/v1/status", "/api/v1/status", False),
    ("spot", "GET", "/api/v2/symbols"): ("openapi-spot-market.json", "/api/v2/symbols", "/api/v2/symbols", False),
    ("spot", "GET", "/api/v2/symbols/{symbol}"): (
        "openapi-spot-market.json", "/api/v2/symbols/{symbol}", "/api/v2/symbols/BTC-USDT", False),
    ("spot", "GET", "/api/v1/markets"): ("openapi-spot-market.json", "/api/v1/markets", "/api/v1/markets", False),
    ("spot", "GET", "/api/v3/currencies"): (
        "openapi-spot-market.json", "/api/v3/currencies", "/api/v3/currencies", False),
    ("spot", "GET", "/api/v3/currencies/{currency}"): (
        "openapi-spot-market.json", "/api/v3/currencies/{currency}", "/api/v3/currencies/BTC", False),
    ("spot", "GET", "/api/v1/prices"): ("openapi-spot-market.json", "/api/v1/prices", "/api/v1/prices", False),
    ("spot", "GET", "/api/v1/market/orderbook/level1"): (
        "openapi-spot-market.json", "/api/v1/market/orderbook/level1",
        "/api/v1/market/orderbook/level1?symbol=BTC-USDT", False),
    ("spot", "GET", "/api/v1/market/allTickers"): (
        "openapi-spot-market.json", "/api/v1/market/allTickers", "/api/v1/market/allTickers", False),
    ("spot", "GET", "/api/v1/market/stats"): (
        "openapi-spot-market.json", "/api/v1/market/stats", "/api/v1/market/stats?symbol=BTC-USDT", False),
    ("spot", "GET", "/api/v1/market/orderbook/level2_20"): (
        "openapi-spot-market.json", "/api/v1/market/orderbook/level2_{size}",
        "/api/v1/market/orderbook/level2_20?symbol=BTC-USDT", False),
    ("spot", "GET", "/api/v1/market/orderbook/level2_100"): (
        "openapi-spot-market.json", "/api/v1/market/orderbook/level2_{size}",
        "/api/v1/market/orderbook/level2_100?symbol=BTC-USDT", False),
    ("spot", "GET", "/api/v3/market/orderbook/level2"): (
        "openapi-spot-market.json", "/api/v3/market/orderbook/level2",
        "/api/v3/market/orderbook/level2?symbol=BTC-USDT", True),
    ("spot", "GET", "/api/v1/market/histories"): (
        "openapi-spot-market.json", "/api/v1/market/histories", "/api/v1/market/histories?symbol=BTC-USDT", False),
    ("spot", "GET", "/api/v1/market/candles"): (
        "openapi-spot-market.json", "/api/v1/market/candles",
        "/api/v1/market/candles?symbol=BTC-USDT&type=1hour", False),
    ("spot", "GET", "/api/v3/margin/symbols"): (
        "openapi-margin-market.json", "/api/v3/margin/symbols", "/api/v3/margin/symbols", False),
    ("spot", "GET", "/api/v1/isolated/symbols"): (
        "openapi-margin-market.json", "/api/v1/isolated/symbols", "/api/v1/isolated/symbols", False),
    ("spot", "GET", "/api/v1/accounts"): (
        "openapi-account-account.json", "/api/v1/accounts", "/api/v1/accounts", True),
    ("spot", "GET", "/api/v1/accounts/{accountId}"): (
        "openapi-account-account.json", "/api/v1/accounts/{accountId}", "/api/v1/accounts/{accountId}", True),
    ("spot", "GET", "/api/v1/hf/accounts/opened"): (
        "openapi-account-account.json", "/api/v1/hf/accounts/opened", "/api/v1/hf/accounts/opened", True),
    ("spot", "GET", "/api/v2/user-info"): (
        "openapi-account-account.json", "/api/v2/user-info", "/api/v2/user-info", True),
    ("futures", "GET", "/api/v1/timestamp"): (
        "openapi-futures-market.json", "/api/v1/timestamp", "/api/v1/timestamp", False),
    ("futures", "GET", "/api/v1/status"): ("openapi-futures-market.json", "/api/v1/status", "/api/v1/status", False),
    ("futures", "GET", "/api/v1/contracts/active"): (
        "openapi-futures-market.json", "/api/v1/contracts/active", "/api/v1/contracts/active", False),
    ("futures", "GET", "/api/v1/contracts/{symbol}"): (
        "openapi-futures-market.json", "/api/v1/contracts/{symbol}", "/api/v1/contracts/XBTUSDM", False),
    ("futures", "GET", "/api/v1/ticker"): (
        "openapi-futures-market.json", "/api/v1/ticker", "/api/v1/ticker?symbol=XBTUSDTM", False),
    ("futures", "GET", "/api/v1/allTickers"): (
        "openapi-futures-market.json", "/api/v1/allTickers", "/api/v1/allTickers", False),
    ("futures", "GET", "/api/v1/level2/snapshot"): (
        "openapi-futures-market.json", "/api/v1/level2/snapshot", "/api/v1/level2/snapshot?symbol=XBTUSDM", False),
    ("futures", "GET", "/api/v1/level2/depth{size}"): (
        "openapi-futures-market.json", "/api/v1/level2/depth{size}", "/api/v1/level2/depth20?symbol=XBTUSDTM",
        False),
    ("futures", "GET", "/api/v1/trade/history"): (
        "openapi-futures-market.json", "/api/v1/trade/history", "/api/v1/trade/history?symbol=ETHUSDTM", False),
    ("futures", "GET", "/api/v1/kline/query"): (
        "openapi-futures-market.json", "/api/v1/kline/query", "/api/v1/kline/query?symbol=XBTUSDTM&granularity=60",
        False),
    ("futures", "GET", "/api/v1/mark-price/{symbol}/current"): (
        "openapi-futures-market.json", "/api/v1/mark-price/{symbol}/current", "/api/v1/mark-price/XBTUSDTM/current",
        False),
    ("futures", "GET", "/api/v1/index/query"): (
        "openapi-futures-market.json", "/api/v1/index/query", "/api/v1/index/query?symbol=.KXBTUSDT", False),
    ("futures", "GET", "/api/v1/premium/query"): (
        "openapi-futures-market.json", "/api/v1/premium/query", "/api/v1/premium/query?symbol=.XBTUSDTMPI", False),
    ("futures", "GET", "/api/v1/interest/query"): (
        "openapi-futures-market.json", "/api/v1/interest/query", "/api/v1/interest/query?symbol=.XBTINT", False),
    ("futures", "GET", "/api/v1/funding-rate/{symbol}/current"): (
        "openapi-futures-fundingfees.json", "/api/v1/funding-rate/{symbol}/current",
        "/api/v1/funding-rate/XBTUSDTM/current", False),
    ("futures", "GET", "/api/v1/contract/funding-rates"): (
        "openapi-futures-fundingfees.json", "/api/v1/contract/funding-rates",
        "/api/v1/contract/funding-rates?symbol=XBTUSDTM&from=0&to=4102444800000", False),
}
MAP_VALUED = {"/api/v1/prices"}  # data is {currency: price}: compare value kinds, not the currency names


def _example(spec_file: str, path: str, method: str) -> Any:
    doc = json.loads((SPEC_DIR / spec_file).read_text(encoding="utf-8"))
    raw = doc["paths"][path][method.lower()]["x-response-example"]
    return json.loads(json.loads('"' + raw + '"'))


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return None


def _fetch(sim, clients, host: str, sample: str, private: bool, clock) -> Any:
    client = clients[host]
    if "{accountId}" in sample:
        sample = sample.replace("{accountId}", sim.accounts.account("trade_hf", "USDT").id)
    resp = client.signed("GET", sample, sim.credentials, now=clock.ms) if private else client.get(sample)
    assert resp.status == 200, (sample, resp.body)
    return resp


# Routes whose product (UTA) the vendored spec does not cover; their answers are checked in
# tests/simulator/test_account_mode.py against the shape KuCoin documents.
OUTSIDE_SPEC = {("spot", "GET", "/api/ua/v1/account/mode"), ("spot", "GET", "/api/ua/v2/account/mode")}


@pytest.fixture(scope="module")
def clock():
    return FakeClock()


@pytest.fixture(scope="module")
def sim(clock):
    with Simulator(seed=11, symbols=40, tick_interval=0, clock=clock) as sim:
        sim.step(3)
        yield sim


@pytest.fixture(scope="module")
def clients(sim):
    pair = {"spot": Client(sim.spot_url), "futures": Client(sim.futures_url)}
    yield pair
    for c in pair.values():
        c.close()


def test_every_served_route_is_covered(sim):
    served = {("spot", r.method, r.pattern) for r in sim.spot_router.routes()}
    served |= {("futures", r.method, r.pattern) for r in sim.futures_router.routes()}
    from test_keysets_trading import routes_covered
    from test_ws_session import bullet_routes_covered
    futures_dir = str(pathlib.Path(__file__).parent / "futures")
    if futures_dir not in sys.path:
        sys.path.insert(0, futures_dir)
    from test_fsim_keysets import routes_covered as futures_routes_covered
    served -= futures_routes_covered()
    assert served - routes_covered() - bullet_routes_covered() - OUTSIDE_SPEC == set(ENDPOINTS), \
        "add new routes to ENDPOINTS with their spec example"


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS), ids=lambda e: f"{e[0]}:{e[2]}")
def test_keys_match_official_example(sim, clients, clock, endpoint):
    spec_file, spec_path, sample, private = ENDPOINTS[endpoint]
    example = _example(spec_file, spec_path, endpoint[1])
    answer = _fetch(sim, clients, endpoint[0], sample, private, clock).json()
    assert set(answer) == set(example) == {"code", "data"}
    if spec_path in MAP_VALUED:
        assert answer["data"] and all(isinstance(v, str) for v in answer["data"].values())
        assert all(isinstance(v, str) for v in example["data"].values())
        return
    assert _shape(answer["data"]) == _shape(example["data"])


_EXPONENT = re.compile(r"[eE]")
_NUMERIC = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _strings(value: Any):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS), ids=lambda e: f"{e[0]}:{e[2]}")
def test_no_exponent_on_the_wire(sim, clients, clock, endpoint):
    _, _, sample, private = ENDPOINTS[endpoint]
    body = _fetch(sim, clients, endpoint[0], sample, private, clock).body
    numbers: list[str] = []
    doc = json.loads(body, parse_float=lambda s: numbers.append(s) or 0.0,
                     parse_int=lambda s: numbers.append(s) or 0)
    assert not [n for n in numbers if _EXPONENT.search(n)]
    numeric_strings = [s for s in _strings(doc) if _NUMERIC.fullmatch(s)]
    assert not [s for s in numeric_strings if _EXPONENT.search(s)]
