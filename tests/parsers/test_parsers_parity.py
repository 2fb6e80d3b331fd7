"""Differential tests: our parsers against ccxt 4.5 on the same payloads (``-m parity``).

Needs ccxt installed (the ``parity`` extra); skipped otherwise. ccxt is only called on in-memory
payloads: its HTTP layer is replaced so no request can leave the process. The deliberate
differences documented in the parser modules are applied to ccxt's side before comparing.
"""
from __future__ import annotations

import copy
import random
from decimal import Decimal

import pytest

from kucoin_connector.core import precision as ours_precision
from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot.parsers import (
    parse_currency,
    parse_market,
    parse_ohlcvs,
    parse_order_book,
    parse_ticker,
    parse_trades,
)
from kucoin_connector.spot.timeframes import TIMEFRAMES, parse_timeframe
from kucoin_connector.core.timeutil import iso8601, parse8601

from parser_support import load

ccxt = pytest.importorskip("ccxt")
pytestmark = pytest.mark.parity

NUM = number_converter("float")
SYMBOLS = load("spot_symbols.json")["data"] + load("edge_symbols.json")["data"]
TICKERS = load("spot_all_tickers.json")["data"]["ticker"] + load("edge_all_tickers.json")["data"]["ticker"]
TICKERS_BY_ID = {t["symbol"]: t for t in TICKERS}


def _offline(*_args, **_kwargs):
    raise RuntimeError("parity tests never touch the network")


def _loaded(symbols):
    ex = ccxt.kucoin({"options": {"fetchMarkets": {"types": ["spot"], "fetchTickersFees": True}}})
    ex.fetch = _offline
    ex.publicGetSymbols = lambda params={}: {"code": "200000", "data": copy.deepcopy(symbols)}
    ex.publicGetMarketAllTickers = lambda params={}: {
        "code": "200000", "data": {"time": 1729173207043, "ticker": copy.deepcopy(TICKERS)}}
    ex.publicGetCurrencies = lambda params={}: copy.deepcopy(load("spot_currencies.json"))
    ex.load_markets()
    return ex


@pytest.fixture(scope="module")
def exchange():
    # XBT-USDT would also be "BTC/USDT" and hide the real one in ccxt's symbol-keyed dict
    return _loaded([s for s in SYMBOLS if s["symbol"] != "XBT-USDT"])


def _ours_market(item):
    return parse_market(item, NUM, ticker=TICKERS_BY_ID.get(item["symbol"]))


@pytest.mark.parametrize("item", SYMBOLS, ids=lambda i: i["symbol"])
def test_markets(exchange, item):
    ours = _ours_market(item)
    loaded = _loaded([item]) if item["symbol"] == "XBT-USDT" else exchange
    theirs = dict(loaded.markets[ours["symbol"]])
    for key in ("tierBased", "percentage", "tiers"):  # ccxt's static fee table, not market facts
        theirs.pop(key)
    theirs["precision"] = dict(theirs["precision"], cost=ours["precision"]["cost"],
                               base=ours["precision"]["base"], quote=ours["precision"]["quote"])
    assert ours == theirs


@pytest.mark.parametrize("name", ["spot_currencies.json", "edge_currencies.json"])
def test_currencies(exchange, name):
    for item in load(name)["data"]:
        theirs = exchange.parse_currency(copy.deepcopy(item))
        if theirs["limits"] is None:  # ccxt leaves limits None without chains; we keep the shape
            theirs["limits"] = {"deposit": {"min": None, "max": None}, "withdraw": {"min": None, "max": None}}
        assert parse_currency(item, NUM) == theirs


def test_tickers(exchange):
    theirs = exchange.fetch_tickers()
    for item in TICKERS:
        market = exchange.markets_by_id[item["symbol"]][0]
        ours = parse_ticker(item, _ours_market(market["info"]), NUM, 1729173207043)
        expected = dict(theirs[market["symbol"]])
        expected["info"] = item  # ccxt writes the outer time into the raw item; we keep it raw
        assert ours == expected


@pytest.mark.parametrize("name", ["spot_market_stats.json", "spot_orderbook_level1.json"])
def test_single_tickers(exchange, name):
    data = load(name)["data"]
    market = _ours_market(SYMBOLS[0])
    assert parse_ticker(data, market, NUM) == exchange.parse_spot_or_uta_ticker(
        copy.deepcopy(data), exchange.markets["BTC/USDT"])


def test_random_ticker_fields(exchange):
    rng = random.Random(20241017)
    values = [None, "", "0", "-0", "1", "-3.3", "100.05", "0.0123", "-0.0114", "1e-8", "99", "123456.789012345678901"]
    keys = ["buy", "sell", "changeRate", "changePrice", "high", "low", "vol", "volValue", "last", "price",
            "averagePrice", "bestBidSize", "bestAskSize", "bestBid", "bestAsk", "open"]
    market = _ours_market(SYMBOLS[0])
    for _ in range(2000):
        item = {"symbol": "BTC-USDT", "time": 1729175612158}
        item.update({k: rng.choice(values) for k in keys if rng.random() < 0.6})
        expected = exchange.parse_spot_or_uta_ticker(copy.deepcopy(item), exchange.markets["BTC/USDT"])
        assert parse_ticker(item, market, NUM) == expected, item


def test_trades(exchange):
    market = _ours_market(SYMBOLS[0])
    for items in (load("spot_trade_histories.json")["data"], load("spot_hf_fills.json")["data"]["items"]):
        theirs = exchange.parse_trades(copy.deepcopy(items), exchange.markets["BTC/USDT"])
        for trade in theirs:
            if trade["id"] is None:  # ccxt ignores the history items' sequence; we use it as id
                trade["id"] = trade["info"]["sequence"]
            if trade["fee"] == {"cost": None, "currency": None}:
                trade["fee"]["rate"] = None  # the reference key set has rate; ccxt omits it here
        assert parse_trades(items, market, NUM) == theirs


def test_order_book(exchange):
    exchange.publicGetMarketOrderbookLevelLevelLimit = lambda params={}: copy.deepcopy(
        load("spot_orderbook_level2_part.json"))
    assert parse_order_book(load("spot_orderbook_level2_part.json")["data"], "BTC/USDT", NUM) == \
        exchange.fetch_order_book("BTC/USDT")


@pytest.mark.parametrize("since, limit", [(None, None), (None, 2), (1566789660000, 2), (1566789660001, None)])
def test_ohlcv(exchange, since, limit):
    for name in ("spot_candles.json", "edge_candles.json"):
        rows = load(name)["data"]
        assert parse_ohlcvs(rows, NUM, since, limit) == exchange.parse_ohlcvs(copy.deepcopy(rows), None, "1m", since, limit)


def test_precision(exchange):
    rng = random.Random(7)
    steps = ["0.1", "0.00000001", 1e-08, 0.1, "10", "0.25", "0.000001", 0.001, "5"]
    for _ in range(3000):
        step = rng.choice(steps)
        value = rng.choice([
            str(round(rng.uniform(0, 1000), rng.randrange(0, 12))), rng.uniform(0, 100),
            rng.randrange(0, 100000), rng.choice([0.1 + 0.2, 1.005, 8.25, 0.07, 1e-9]),
        ])
        market = {"id": "X-Y", "symbol": "X/Y", "precision": {"amount": step, "price": step}}
        exchange.markets = {"X/Y": market}
        exchange.markets_by_id = {"X-Y": [market]}
        for name in ("amount_to_precision", "price_to_precision", "cost_to_precision"):
            try:
                expected = getattr(exchange, name)("X/Y", value)
            except ccxt.InvalidOrder:
                expected = "0"  # ccxt refuses a zero result; we return "0" and the face refuses it
            assert getattr(ours_precision, name)(market, value) == expected, (name, value, step)


def test_time_helpers():
    for ms in (0, 1, 999, 1729175612158, 253402300799999, -1, 253402300800000):
        assert iso8601(ms) == ccxt.Exchange.iso8601(ms)
    for text in ("2024-10-17T14:33:32.158Z", "2024-10-17T14:33:32+0200", "2024-10-17 14:33:32.1Z",
                 "2024-10-17", "garbage", "2024-02-30T00:00:00Z", "1969-12-31T23:59:59.999Z"):
        assert parse8601(text) == ccxt.Exchange.parse8601(text)
    exchange = ccxt.kucoin()
    assert TIMEFRAMES == exchange.timeframes
    for tf in list(TIMEFRAMES) + ["1y", "30s"]:
        assert parse_timeframe(tf) == exchange.parse_timeframe(tf)


def test_decimal_mode_agrees_with_float_mode():
    dnum = number_converter("decimal")
    item = load("spot_market_stats.json")["data"]
    market = _ours_market(SYMBOLS[0])
    as_float, as_decimal = parse_ticker(item, market, NUM), parse_ticker(item, market, dnum)
    for key, value in as_decimal.items():
        if isinstance(value, Decimal):
            assert float(value) == as_float[key], key
