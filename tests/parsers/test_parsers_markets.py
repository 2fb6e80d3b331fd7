"""parsers/markets.py over /api/v2/symbols payloads."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector.core.currency_codes import COMMON_CURRENCIES, currency_code
from kucoin_connector.spot.parsers.markets import parse_market

from parser_support import MARGIN_MODES_KEYS, MARKET_KEYS, MARKET_LIMITS_KEYS, MARKET_PRECISION_KEYS, MIN_MAX, load


def _edge(symbol):
    return next(i for i in load("edge_symbols.json")["data"] if i["symbol"] == symbol)


def _edge_ticker(symbol):
    return next(t for t in load("edge_all_tickers.json")["data"]["ticker"] if t["symbol"] == symbol)


def assert_market_shape(m):
    assert set(m) == MARKET_KEYS
    assert set(m["precision"]) == MARKET_PRECISION_KEYS
    assert set(m["limits"]) == MARKET_LIMITS_KEYS
    assert all(set(v) == MIN_MAX for v in m["limits"].values())
    assert set(m["marginModes"]) == MARGIN_MODES_KEYS


def test_spec_example_float(fnum):
    item = load("spot_symbols.json")["data"][0]
    m = parse_market(item, fnum)
    assert_market_shape(m)
    assert m == {
        "id": "BTC-USDT", "lowercaseId": None, "symbol": "BTC/USDT", "base": "BTC", "quote": "USDT",
        "settle": None, "baseId": "BTC", "quoteId": "USDT", "settleId": None, "type": "spot",
        "spot": True, "margin": True, "swap": False, "future": False, "option": False, "index": None,
        "active": True, "contract": False, "linear": None, "inverse": None, "subType": None,
        "taker": 0.001, "maker": 0.001, "contractSize": None, "expiry": None, "expiryDatetime": None,
        "strike": None, "optionType": None,
        "precision": {"amount": 1e-08, "price": 0.1, "cost": 1e-06, "base": 1e-08, "quote": 1e-06},
        "limits": {
            "leverage": {"min": None, "max": None},
            "amount": {"min": 1e-05, "max": 10000000000.0},
            "price": {"min": None, "max": None},
            "cost": {"min": 0.1, "max": 99999999.0},
        },
        "marginModes": {"cross": False, "isolated": False},
        "created": None,
        "info": item,
    }
    assert m["info"] is item


def test_single_symbol_endpoint_gives_the_same_market(fnum):
    assert parse_market(load("spot_symbol.json")["data"], fnum) == parse_market(
        load("spot_symbols.json")["data"][0], fnum
    )


def test_decimal_and_str_modes(dnum, snum):
    item = load("spot_symbols.json")["data"][0]
    d = parse_market(item, dnum)
    assert d["precision"]["amount"] == Decimal("0.00000001")
    assert d["precision"]["price"] == Decimal("0.1")
    assert d["limits"]["amount"]["max"] == Decimal("10000000000")
    assert d["taker"] == Decimal("0.001")
    s = parse_market(item, snum)
    assert s["precision"] == {"amount": "0.00000001", "price": "0.1", "cost": "0.000001",
                              "base": "0.00000001", "quote": "0.000001"}
    assert s["limits"]["cost"] == {"min": "0.1", "max": "99999999"}
    assert s["limits"]["amount"] == {"min": "0.00001", "max": "10000000000"}
    assert s["maker"] == "0.001"


def test_fees_from_all_tickers_item(fnum, snum):
    tick = load("spot_all_tickers.json")["data"]["ticker"][0]
    m = parse_market(load("spot_symbols.json")["data"][0], fnum, ticker=tick)
    assert (m["taker"], m["maker"]) == (0.001, 0.001)
    old = parse_market(_edge("OLD-BTC"), snum, ticker=_edge_ticker("OLD-BTC"))
    assert (old["taker"], old["maker"]) == ("0.004", "0.001")  # 0.002 * 2, 0.002 * 0.5


def test_tiny_increments_and_integer_step(snum, fnum):
    m = parse_market(_edge("SHIB-USDT"), snum)
    assert_market_shape(m)
    assert m["precision"]["amount"] == "1"
    assert m["precision"]["price"] == "0.00000001"
    assert m["margin"] is False
    assert parse_market(_edge("SHIB-USDT"), fnum)["precision"]["price"] == 1e-08


def test_disabled_symbol_is_inactive(fnum):
    m = parse_market(_edge("OLD-BTC"), fnum)
    assert m["active"] is False
    assert m["symbol"] == "OLD/BTC"
    assert m["precision"]["price"] == 1e-09
    assert m["limits"]["cost"] == {"min": 1e-05, "max": 99999999.0}


def test_xbt_is_renamed_and_nulls_stay_none(any_num):
    m = parse_market(_edge("XBT-USDT"), any_num)
    assert_market_shape(m)
    assert (m["symbol"], m["base"], m["baseId"]) == ("BTC/USDT", "BTC", "XBT")
    assert m["limits"]["amount"] == {"min": None, "max": None}
    assert m["limits"]["cost"] == {"min": None, "max": None}
    assert m["precision"]["cost"] is None and m["precision"]["quote"] is None
    assert m["margin"] is True


def test_margin_listings():
    from kucoin_connector.core.numbers import number_converter

    item = dict(_edge("SHIB-USDT"))
    m = parse_market(item, number_converter("float"), cross=True)
    assert m["margin"] is True and m["marginModes"] == {"cross": True, "isolated": False}
    m = parse_market(item, number_converter("float"), isolated=True)
    assert m["marginModes"] == {"cross": False, "isolated": True}


def test_missing_symbol_is_a_value_error(fnum):
    with pytest.raises(ValueError):
        parse_market({"baseCurrency": "BTC"}, fnum)


def test_odd_id_falls_back_to_currency_fields(fnum):
    m = parse_market({"symbol": "ODD", "baseCurrency": "AAA", "quoteCurrency": "USDT"}, fnum)
    assert (m["id"], m["symbol"]) == ("ODD", "AAA/USDT")


def test_currency_code_table():
    assert COMMON_CURRENCIES["XBT"] == "BTC"
    assert currency_code("xbt") == "BTC"
    assert currency_code("BCHSV") == "BSV"
    assert currency_code("WAX") == "WAXP"
    assert currency_code("KALT") == "ALT"
    assert currency_code("ALT") == "APTOSLAUNCHTOKEN"
    assert currency_code("usdt") == "USDT"
    assert currency_code(None) is None
