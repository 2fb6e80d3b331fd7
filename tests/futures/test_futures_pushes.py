"""Futures push parsers over the official WebSocket examples (reference/kucoin-openapi/ws): each field as
ccxt.pro reads it (ticker and bid/ask from ``ts`` in ns, executions as contract trades, candle volume at
index 6, mark/index price as a ticker, the funding rate structure), exact decimals, ccxt's key sets; and the
topic table routes each example to its channel."""
from __future__ import annotations

from decimal import Decimal

import pytest
from futures_support import contract_items
from futures_ws_support import ws_example

from kucoin_connector.core.markets import MarketRegistry
from kucoin_connector.core.numbers import number_converter
from kucoin_connector.futures.parsers.contracts import parse_contract
from kucoin_connector.futures.pushes import (bids_asks_from_ticker_v2, funding_rate_from_instrument,
                                             mark_price_from_instrument, ohlcv_from_candle, ticker_from_push,
                                             trade_from_execution)
from kucoin_connector.futures.topics import FUTURES_TOPICS, KINDS
from kucoin_connector.streaming.channels import ChannelKey
from kucoin_connector.streaming.engine import Message
from kucoin_connector.streaming.state import StreamState
from kucoin_connector.streaming.topics import ConnectionKey

DECIMAL = number_converter("decimal")
STR = number_converter("str")
TICKER_KEYS = set(
    "symbol timestamp datetime high low bid bidVolume ask askVolume vwap open close last "
    "previousClose change percentage average baseVolume quoteVolume markPrice indexPrice info".split())
FUNDING_KEYS = set(
    "info symbol markPrice indexPrice interestRate estimatedSettlePrice timestamp datetime fundingRate "
    "fundingTimestamp fundingDatetime nextFundingRate nextFundingTimestamp nextFundingDatetime "
    "previousFundingRate previousFundingTimestamp previousFundingDatetime interval".split())
# the official funding.rate example (https://www.kucoin.com/docs-new/3470089w0; not in the vendored spec)
FUNDING_PUSH = {"topic": "/contract/instrument:XBTUSDTM", "subject": "funding.rate",
                "data": {"granularity": 60000, "fundingRate": -0.002966, "timestamp": 1551770400000}}


@pytest.fixture
def market():
    return parse_contract(contract_items()[0], DECIMAL)


def test_ticker_v1_is_the_last_trade_and_the_best_prices(market):
    data = ws_example("/contractMarket/ticker:{symbol}")["data"]
    t = ticker_from_push(data, market, DECIMAL)
    assert set(t) == TICKER_KEYS and t["symbol"] == "BTC/USDT:USDT"
    assert (t["last"], t["close"]) == (Decimal("90147.7"), Decimal("90147.7"))
    assert (t["bid"], t["bidVolume"], t["ask"], t["askVolume"]) == (Decimal("90147.7"), 2186, Decimal("90147.8"), 275)
    assert t["timestamp"] == 1731679215637 and t["datetime"] == "2024-11-15T14:00:15.637Z"


def test_ticker_v2_fills_only_the_bid_and_ask(market):
    data = ws_example("/contractMarket/tickerV2:{symbol}")["data"]
    t = bids_asks_from_ticker_v2(data, market, DECIMAL)
    assert set(t) == TICKER_KEYS and t["last"] is None
    assert (t["bid"], t["bidVolume"], t["ask"], t["askVolume"]) == (Decimal("88987.4"), 713, Decimal("88987.5"), 1037)
    assert t["timestamp"] == 1731665526461


def test_execution_is_a_contract_trade(market):
    data = ws_example("/contractMarket/execution:{symbol}")["data"]
    trade = trade_from_execution(data, market, DECIMAL)
    assert (trade["id"], trade["side"], trade["price"], trade["amount"]) == ("1794100537695", "buy",
                                                                             Decimal("90503.9"), 2)
    assert trade["cost"] == Decimal("90503.9") * 2 * Decimal("0.001")  # price x contracts x contract size
    assert trade["timestamp"] == 1731898619520 and trade["symbol"] == "BTC/USDT:USDT"


def test_limit_candle_reads_the_volume_at_index_6_as_ccxt():
    data = ws_example("/contractMarket/limitCandle:{symbol}_{type}")["data"]
    data = dict(data, candles=data["candles"][:5] + ["99.0", "21"])  # tell the two volume columns apart
    assert ohlcv_from_candle(data, DECIMAL) == [1731898200000, Decimal("90638.6"), Decimal("90638.6"),
                                                Decimal("90638.6"), Decimal("90638.6"), Decimal("21")]


def test_mark_index_price_is_a_ticker_with_mark_and_index(market):
    data = ws_example("/contract/instrument:{symbol}")["data"]
    t = mark_price_from_instrument(data, market, DECIMAL)
    assert set(t) == TICKER_KEYS
    assert (t["markPrice"], t["indexPrice"]) == (Decimal("90445.02"), Decimal("90445.02"))
    assert t["timestamp"] == 1731899129000 and t["last"] is None and t["info"] == data


def test_funding_rate_push_is_a_funding_rate_structure(market):
    rate = funding_rate_from_instrument(FUNDING_PUSH["data"], market, DECIMAL)
    assert set(rate) == FUNDING_KEYS
    assert rate["fundingRate"] == Decimal("-0.002966") and rate["timestamp"] == 1551770400000
    assert rate["symbol"] == "BTC/USDT:USDT" and rate["interval"] is None  # 60000 is the push interval


def test_depth_snapshot_push_replaces_the_depth_book_with_exact_levels():
    state = StreamState(MarketRegistry(), STR, FUTURES_TOPICS)
    key = ChannelKey(KINDS.DEPTH[5], "XBTUSDTM")
    state.channel(key)
    updated, _ = state.apply([Message(ConnectionKey("futures", "public", 0),
                                      ws_example("/contractMarket/level2Depth5:{symbol}"))])
    assert updated == {key}
    book = state.channel(key).items[-1].to_ccxt(STR, None, "BTC/USDT:USDT")
    assert book["bids"][0] == ["89720.9", "513"] and book["asks"][0] == ["89721", "906"]
    assert book["nonce"] == 1709294294670 and book["timestamp"] == 1731680019100


@pytest.mark.parametrize("pattern,kind", [
    ("/contractMarket/ticker:{symbol}", KINDS.TICKER), ("/contractMarket/tickerV2:{symbol}", KINDS.BIDS_ASKS),
    ("/contractMarket/execution:{symbol}", KINDS.TRADES), ("/contract/instrument:{symbol}", KINDS.MARK_PRICE),
    (None, KINDS.FUNDING_RATE)])
def test_each_official_example_lands_in_its_channel(pattern, kind):
    registry = MarketRegistry()
    registry.set_markets([parse_contract(i, DECIMAL) for i in contract_items()])
    state = StreamState(registry, STR, FUTURES_TOPICS)
    key = ChannelKey(kind, "XBTUSDTM")
    state.channel(key)
    message = ws_example(pattern) if pattern else FUNDING_PUSH
    updated, _ = state.apply([Message(ConnectionKey("futures", "public", 0), message)])
    assert updated == {key} and state.bad_pushes == 0
    assert state.channel(key).take()[-1]["info"] in (message["data"], message)


def test_a_candle_push_lands_under_its_topic_argument():
    state = StreamState(MarketRegistry(), STR, FUTURES_TOPICS)
    key = ChannelKey(KINDS.OHLCV, "XBTUSDTM_1min")
    state.channel(key)
    state.apply([Message(ConnectionKey("futures", "public", 0),
                         ws_example("/contractMarket/limitCandle:{symbol}_{type}"))])
    assert state.channel(key).take() == [[1731898200000, "90638.6", "90638.6", "90638.6", "90638.6", "21"]]


def test_every_futures_topic_is_kucoins_with_its_access_and_one_symbol_per_topic():
    """The futures topic and watch tables against reference/kucoin-ws-topics.tsv (domain futures)."""
    import csv
    import pathlib

    from kucoin_connector.futures.topics import TOPIC_HANDLERS
    from kucoin_connector.futures.watches import WATCHES
    from kucoin_connector.streaming.topics import MULTI_SYMBOL_PREFIXES, PRIVATE_PREFIXES

    path = pathlib.Path(__file__).resolve().parents[2] / "reference/kucoin-ws-topics.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["domain"] == "futures"]
    access = {r["topic"].split(":")[0]: r["access"] for r in rows}
    for prefix in set(TOPIC_HANDLERS) | {spec.topic_prefix for spec in WATCHES.values()}:
        assert prefix in access, prefix
        assert (prefix in PRIVATE_PREFIXES) == (access[prefix] == "private"), prefix
        assert prefix not in MULTI_SYMBOL_PREFIXES, prefix
    assert all(spec.family == "futures" for spec in WATCHES.values())
    assert {p for p, a in access.items() if a == "private"} <= PRIVATE_PREFIXES
