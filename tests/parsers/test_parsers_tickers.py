"""parsers/tickers.py over /market/stats, /market/allTickers, level1 and the ticker WS push."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot.parsers.markets import parse_market
from kucoin_connector.spot.parsers.tickers import parse_ticker

from parser_support import TICKER_KEYS, load


@pytest.fixture
def btc_usdt():
    return parse_market(load("spot_symbols.json")["data"][0], number_converter("float"))


def _edge_market(symbol, num):
    item = next(i for i in load("edge_symbols.json")["data"] if i["symbol"] == symbol)
    return parse_market(item, num)


def test_market_stats_float(btc_usdt, fnum):
    data = load("spot_market_stats.json")["data"]
    t = parse_ticker(data, btc_usdt, fnum)
    assert set(t) == TICKER_KEYS
    assert t == {
        "symbol": "BTC/USDT", "timestamp": 1729175612158, "datetime": "2024-10-17T14:33:32.158Z",
        "high": 68107.7, "low": 66683.3, "bid": 66982.4, "bidVolume": None, "ask": 66982.5,
        "askVolume": None, "vwap": 67502.89186381867, "open": 67759.6, "close": 66981.5,
        "last": 66981.5, "previousClose": None, "change": -778.1, "percentage": -1.14,
        "average": 67281.21437289, "baseVolume": 1738.02898182, "quoteVolume": 117321982.415978333,
        "markPrice": None, "indexPrice": None, "info": data,
    }
    assert t["info"] is data


def test_market_stats_decimal_is_exact(btc_usdt, dnum):
    t = parse_ticker(load("spot_market_stats.json")["data"], btc_usdt, dnum)
    # vwap = volValue / vol truncated to 18 decimals, like ccxt's Precise
    assert t["vwap"] == Decimal("67502.891863818674535478")
    assert t["open"] == Decimal("67759.6")  # last - changePrice
    assert t["percentage"] == Decimal("-1.14")  # changeRate * 100
    assert t["quoteVolume"] == Decimal("117321982.415978333")


def test_all_tickers_item_uses_outer_time(btc_usdt, snum):
    data = load("spot_all_tickers.json")["data"]
    item = data["ticker"][0]
    t = parse_ticker(item, btc_usdt, snum, data["time"])
    assert set(t) == TICKER_KEYS
    assert (t["timestamp"], t["datetime"]) == (1729173207043, "2024-10-17T13:53:27.043Z")
    assert (t["bid"], t["bidVolume"], t["ask"], t["askVolume"]) == ("67192.5", "0.000025", "67192.6", "1.24949204")
    assert (t["last"], t["change"], t["percentage"], t["open"]) == ("67193", "-98.5", "-0.14", "67291.5")
    assert t["vwap"] == "67574.281290860764588417"
    assert "time" not in item  # the raw item is not mutated


def test_level1(btc_usdt, fnum):
    data = load("spot_orderbook_level1.json")["data"]
    t = parse_ticker(data, btc_usdt, fnum)
    assert set(t) == TICKER_KEYS
    assert (t["last"], t["close"], t["bid"], t["ask"]) == (67269.0, 67269.0, 67267.5, 67267.6)
    assert (t["bidVolume"], t["askVolume"]) == (2.5e-05, 1.24808993)
    assert t["timestamp"] == 1729172965609
    for key in ("high", "low", "open", "change", "percentage", "average", "vwap", "baseVolume", "quoteVolume"):
        assert t[key] is None, key


def test_ws_ticker_push(btc_usdt, snum):
    data = load("ws_spot_ticker_all.json")["data"]
    t = parse_ticker(data, btc_usdt, snum)
    assert (t["last"], t["bid"], t["ask"], t["timestamp"]) == ("67220", "67218.6", "67218.7", 1729757723612)


def test_no_market_gives_no_symbol(fnum):
    t = parse_ticker(load("spot_market_stats.json")["data"], None, fnum)
    assert t["symbol"] is None
    assert t["average"] == 67281.21437289


def test_zero_fields_mean_unknown(snum):
    data = load("edge_all_tickers.json")["data"]
    item = next(i for i in data["ticker"] if i["symbol"] == "OLD-BTC")
    t = parse_ticker(item, _edge_market("OLD-BTC", snum), snum, data["time"])
    assert set(t) == TICKER_KEYS
    assert (t["bid"], t["ask"], t["high"], t["low"], t["vwap"]) == (None, None, None, None, None)
    assert (t["bidVolume"], t["askVolume"]) == (None, None)
    assert (t["baseVolume"], t["quoteVolume"]) == ("0", "0")
    # a flat day: change "0" is real, so open = last and the percentage is derived as 0
    assert (t["last"], t["open"], t["change"], t["percentage"]) == ("0.000000123", "0.000000123", "0", "0")
    assert t["average"] == "0.000000123"


def test_missing_change_is_derived_from_the_rate(snum):
    data = load("edge_all_tickers.json")["data"]
    item = next(i for i in data["ticker"] if i["symbol"] == "SHIB-USDT")
    t = parse_ticker(item, _edge_market("SHIB-USDT", snum), snum, data["time"])
    assert t["percentage"] == "1.23"
    assert t["open"] == "0.000017494813790378"  # last / (1 + 1.23/100), 18 decimals, truncated
    assert t["change"] == "0.000000215186209622"  # last - open
    assert t["average"] == "0.0000176"  # (open + last) / 2 truncated to the 8-decimal price tick
    assert t["vwap"] == "3.333333333333333333"


def test_all_missing(fnum):
    t = parse_ticker({}, None, fnum)
    assert set(t) == TICKER_KEYS
    assert all(v is None for k, v in t.items() if k != "info")
