"""Futures plans: which endpoint on which host, paging bounds, refusals before sending."""
from __future__ import annotations

import pytest
from futures_support import contract_items, funding_example, market_example

from kucoin_connector.core.numbers import number_converter
from kucoin_connector.errors import ArgumentsRequired, BadRequest, BadSymbol
from kucoin_connector.futures.plans import market_data as fmd
from kucoin_connector.futures.parsers.contracts import parse_contract
from kucoin_connector.rest.plan import PlanContext
from kucoin_connector.testing import PlanRun, step

NOW = 1_800_000_000_000


@pytest.fixture
def ctx():
    c = PlanContext(num=number_converter("float"), now_ms=lambda: NOW)
    c.registry.set_markets([parse_contract(i, c.num) for i in contract_items()], {})
    return c


def test_load_markets_reads_the_active_contracts_on_the_futures_host():
    ctx = PlanContext(num=number_converter("float"))
    run = step(fmd.load_markets(ctx), contract_items())
    (call,) = run.calls
    assert (call.method, call.path, call.host) == ("GET", "/api/v1/contracts/active", "futures")
    assert sorted(run.result) == ["BTC/USD:BTC", "BTC/USDT:USDT", "BTC/USDT:USDT-261225"]
    assert step(fmd.load_markets(ctx)).calls == []  # loaded once


@pytest.mark.parametrize("limit,endpoint,kept", [(None, "/api/v1/level2/snapshot", 2), (5, "/api/v1/level2/depth20", 1),
                                                 (20, "/api/v1/level2/depth20", 2), (21, "/api/v1/level2/depth100", 2),
                                                 (101, "/api/v1/level2/snapshot", 2)])
def test_order_book_depth_picks_the_endpoint(ctx, limit, endpoint, kept):
    data = market_example("/api/v1/level2/snapshot")
    limit_run = step(fmd.fetch_order_book(ctx, "BTC/USD:BTC", limit if limit != 5 else 1), data)
    (call,) = limit_run.calls
    assert (call.path, call.host, call.params) == (endpoint, "futures", {"symbol": "XBTUSDM"})
    assert len(limit_run.result["bids"]) == kept


def test_ticker_bids_asks_mark_funding_and_open_interest_endpoints(ctx):
    cases = [
        (fmd.fetch_ticker(ctx, "BTC/USD:BTC"), market_example("/api/v1/ticker"), "/api/v1/ticker"),
        (fmd.fetch_mark_price(ctx, "BTC/USDT:USDT"), market_example("/api/v1/mark-price/{symbol}/current"),
         "/api/v1/mark-price/XBTUSDTM/current"),
        (fmd.fetch_funding_rate(ctx, "BTC/USDT:USDT"), funding_example("/api/v1/funding-rate/{symbol}/current"),
         "/api/v1/funding-rate/XBTUSDTM/current"),
        (fmd.fetch_open_interest(ctx, "BTC/USDT:USDT"), market_example("/api/v1/contracts/{symbol}"),
         "/api/v1/contracts/XBTUSDTM"),
    ]
    for plan, answer, path in cases:
        run = step(plan, answer)
        assert (run.calls[0].path, run.calls[0].host) == (path, "futures")
        assert run.result["symbol"] in ("BTC/USD:BTC", "BTC/USDT:USDT")


def test_bids_asks_keep_only_the_asked_symbols(ctx):
    run = step(fmd.fetch_bids_asks(ctx, ["BTC/USD:BTC"]), market_example("/api/v1/allTickers"))
    assert run.calls[0].path == "/api/v1/allTickers"
    assert list(run.result) == ["BTC/USD:BTC"] and run.result["BTC/USD:BTC"]["bid"] == 67135.3


def test_tickers_read_the_contract_list(ctx):
    run = step(fmd.fetch_tickers(ctx), contract_items())
    assert run.calls[0].path == "/api/v1/contracts/active"
    assert set(run.result) == {"BTC/USDT:USDT", "BTC/USD:BTC", "BTC/USDT:USDT-261225"}


def test_malformed_and_unknown_symbols_send_nothing(ctx):
    with pytest.raises(BadSymbol):
        step(fmd.fetch_ticker(ctx, "BTC-USDT"))
    with pytest.raises(BadSymbol):
        step(fmd.fetch_ticker(ctx, "DOGE/USDT:USDT"))
    with pytest.raises(BadRequest):
        step(fmd.fetch_ohlcv(ctx, "BTC/USDT:USDT", "3m"))  # no futures granularity for 3 minutes
    with pytest.raises(ArgumentsRequired):
        step(fmd.fetch_funding_rate_history(ctx, None))


def test_ohlcv_sends_granularity_minutes_and_ms_window(ctx):
    run = step(fmd.fetch_ohlcv(ctx, "BTC/USDT:USDT", "8h", limit=3), market_example("/api/v1/kline/query"))
    (call,) = run.calls
    step_ms = 480 * 60_000  # the window holds the 500 candle opens up to now, on the 8h grid
    assert call.params["granularity"] == 480 and call.params["to"] == (NOW // step_ms + 1) * step_ms - 1
    assert call.params["from"] == (NOW // step_ms - 499) * step_ms
    assert [r[0] for r in run.result] == [1728576000000, 1728604800000, 1728633600000]


def test_ohlcv_backward_paging_stops_when_a_page_brings_nothing_new(ctx):
    rows = [[NOW - i * 60_000, 1, 2, 0.5, 1.5, 10] for i in range(500)]
    run = PlanRun(fmd.fetch_ohlcv(ctx, "BTC/USDT:USDT", "1m", limit=2000), lambda call: rows)
    assert len(run.calls) == 2  # the second answer repeats the first: the walk ends
    assert len(run.result) == 500


def test_ohlcv_since_far_before_history_finds_the_first_candles_in_few_requests(ctx):
    first = NOW - 3 * 86_400_000  # candles exist only for the last three days

    def answer(call):
        lo, hi = call.params["from"], call.params["to"]
        times = [t for t in range(first, NOW, 60_000) if lo <= t <= hi]
        return [[t, 1, 2, 0.5, 1.5, 10] for t in times[-500:]]

    run = PlanRun(fmd.fetch_ohlcv(ctx, "BTC/USDT:USDT", "1m", since=0, limit=10), answer)
    assert [r[0] for r in run.result] == list(range(first, first + 10 * 60_000, 60_000))
    assert len(run.calls) <= fmd.OHLCV_MAX_PAGES and len(run.calls) < 40


def test_funding_history_pages_back_until_since(ctx):
    period = 8 * 3_600_000
    since = NOW - 250 * period

    def answer(call):
        times = [t for t in range(NOW - NOW % period, since - 1, -period) if call.params["from"] <= t <= call.params["to"]]
        return [{"symbol": "XBTUSDTM", "fundingRate": 0.0001, "timepoint": t} for t in times[:100]]

    run = PlanRun(fmd.fetch_funding_rate_history(ctx, "BTC/USDT:USDT", since), answer)
    assert [c.params["from"] for c in run.calls] == [since] * len(run.calls)
    stamps = [r["timestamp"] for r in run.result]
    assert stamps == sorted(stamps) and stamps[0] >= since and len(stamps) == len(set(stamps))
    assert len(stamps) == len(range(NOW - NOW % period, since - 1, -period))
