"""KuCoin Futures' index, premium-index and interest-rate point series: the simulator's answers (the spec's
keys, paging by maxCount/offset/reverse, the documented model) and ccxt's implicit methods on both faces
(the whole answer, params checked before anything is sent)."""
from __future__ import annotations

import asyncio
import json
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector import AsyncKucoinFutures, KucoinFutures
from kucoin_connector.errors import BadRequest, InvalidOrder

ROUTES = {"/api/v1/index/query": ".KXBTUSDT", "/api/v1/premium/query": ".XBTUSDTMPI",
          "/api/v1/interest/query": ".USDTINT8H"}
# the official schema's required keys of each dataList row (openapi-futures-market.json)
ROW_KEYS = {"/api/v1/index/query": {"symbol", "granularity", "timePoint", "value", "decomposionList"},
            "/api/v1/premium/query": {"symbol", "granularity", "timePoint", "value"},
            "/api/v1/interest/query": {"symbol", "granularity", "timePoint", "value"}}


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=5, symbols=8, tick_interval=0) as s:
        s.step(5)
        s.pause()
        yield s


def _get(sim, path, **query):
    url = f"{sim.futures_url}{path}?{urllib.parse.urlencode(query)}"
    try:
        with urllib.request.urlopen(url) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_the_simulator_answers_with_the_specs_keys_and_pages_exactly(sim, path):
    symbol = ROUTES[path]
    whole = _get(sim, path, symbol=symbol, maxCount=6)["data"]
    assert whole["hasMore"] is True and len(whole["dataList"]) == 6
    for row in whole["dataList"]:
        assert set(row) == ROW_KEYS[path] and row["symbol"] == symbol
    points = [r["timePoint"] for r in whole["dataList"]]
    step = whole["dataList"][0]["granularity"]
    assert points == sorted(points, reverse=True) and {a - b for a, b in zip(points, points[1:])} == {step}
    first = _get(sim, path, symbol=symbol, maxCount=3)["data"]["dataList"]
    rest = _get(sim, path, symbol=symbol, maxCount=3, offset=first[-1]["timePoint"])["data"]["dataList"]
    assert first + rest == whole["dataList"]  # offset continues after the last point, nothing lost or repeated
    oldest = _get(sim, path, symbol=symbol, maxCount=2, reverse="false")["data"]["dataList"]
    assert oldest[0]["timePoint"] < oldest[1]["timePoint"] < points[-1]


def test_the_simulators_model_index_premium_and_interest(sim):
    (index,) = _get(sim, "/api/v1/index/query", symbol=".KXBTUSDT", maxCount=1)["data"]["dataList"]
    assert index["granularity"] == 60_000
    assert Decimal(str(index["value"])) == (sim.futures.last("XBTUSDTM") * Decimal("0.9999")).quantize(
        Decimal("0.01"))  # the newest point: the current minute's close is the last price
    assert index["decomposionList"] == [{"exchange": "kucoin", "price": index["value"], "weight": 1.0}]
    premium = _get(sim, "/api/v1/premium/query", symbol=".XBTUSDTMPI8H", maxCount=5)["data"]["dataList"]
    assert {p["granularity"] for p in premium} == {8 * 3600 * 1000}
    assert all(abs(Decimal(str(p["value"]))) <= Decimal("0.001") for p in premium)
    base = _get(sim, "/api/v1/interest/query", symbol=".XBTINT8H", maxCount=1)["data"]["dataList"][0]["value"]
    quote = _get(sim, "/api/v1/interest/query", symbol=".USDTINT", maxCount=1)["data"]["dataList"][0]
    assert (base, quote["value"], quote["granularity"]) == (0.0001, 0.0003, 60_000)


def test_the_simulator_refuses_what_kucoin_refuses(sim):
    assert _get(sim, "/api/v1/index/query", symbol=".NOPE")["code"] == "300000"
    assert _get(sim, "/api/v1/index/query")["code"] == "400100"
    assert _get(sim, "/api/v1/premium/query", symbol=".XBTUSDTMPI", maxCount=101)["code"] == "400100"
    assert _get(sim, "/api/v1/premium/query", symbol=".XBTUSDTMPI", offset="x")["code"] == "400100"


def _config(sim):
    return {"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}}


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_ccxts_implicit_methods_return_the_whole_answer_on_both_faces(sim, path):
    name = {"/api/v1/index/query": "futuresPublicGetIndexQuery", "/api/v1/premium/query":
            "futuresPublicGetPremiumQuery", "/api/v1/interest/query": "futuresPublicGetInterestQuery"}[path]
    params = {"symbol": ROUTES[path], "maxCount": 4, "reverse": True}
    raw = _get(sim, path, symbol=ROUTES[path], maxCount=4, reverse="true")
    with KucoinFutures(_config(sim)) as ex:
        assert getattr(ex, name)(params) == raw
        snake = "futurespublic_get_" + path.split("/")[3] + "_query"
        assert getattr(type(ex), snake) is getattr(type(ex), name)  # one method, ccxt's two spellings

    async def run():
        ex = AsyncKucoinFutures(_config(sim))
        try:
            return await getattr(ex, name)(params)
        finally:
            await ex.close()
    assert asyncio.run(run()) == raw


@pytest.mark.parametrize("params", [
    None, {"symbol": "XBTUSDTM"}, {"symbol": ".KXBTUSDT/../x"}, {"symbol": ".KXBTUSDT", "maxcount": 5},
    {"symbol": ".KXBTUSDT", "reverse": "yes"}, {"symbol": ".KXBTUSDT", "startAt": -1},
    {"symbol": ".KXBTUSDT", "offset": True}, [("symbol", ".KXBTUSDT")]])
def test_bad_params_raise_before_anything_is_sent(sim, params):
    with KucoinFutures(_config(sim)) as ex:
        sent = sim.request_log
        with pytest.raises(BadRequest):
            ex.futuresPublicGetIndexQuery(params)
        assert sim.request_log == sent  # nothing reached the exchange


def test_an_unknown_series_is_the_exchanges_typed_error(sim):
    with KucoinFutures(_config(sim)) as ex, pytest.raises(InvalidOrder, match="300000"):
        ex.futuresPublicGetPremiumQuery({"symbol": ".NOPEPI"})


@pytest.mark.parametrize(("name", "path", "weight"), [
    ("futurespublic_get_index_query", "/api/v1/index/query", 2),
    ("futurespublic_get_premium_query", "/api/v1/premium/query", 3),
    ("futurespublic_get_interest_query", "/api/v1/interest/query", 5)])
def test_each_series_is_one_public_request_with_the_spec_weight(name, path, weight):
    from futures_support import trading_ctx

    from kucoin_connector.futures.plans.series import series_query
    from kucoin_connector.rest.calls import Call, prepare
    from kucoin_connector.testing import step

    params = {"symbol": ".KXBTUSDT", "startAt": 1, "maxCount": 2, "forward": False}
    run = step(series_query(trading_ctx(), name, params), {"dataList": [], "hasMore": False})
    (call,) = run.calls
    assert call == Call("GET", path, params, host="futures", private=False)
    wire = prepare(call)
    assert (wire.pool, wire.weight, wire.private) == ("Public", weight, False)
    assert run.result == {"code": "200000", "data": {"dataList": [], "hasMore": False}}
