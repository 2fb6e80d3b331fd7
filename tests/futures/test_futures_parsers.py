"""Futures parsers over the official examples of KuCoin's spec: every field mapped as ccxt's kucoinfutures
maps it, exact decimals, the ccxt key sets."""
from __future__ import annotations

from decimal import Decimal

import pytest
from futures_support import contract_items, funding_example, market_example

from kucoin_connector.core.numbers import number_converter
from kucoin_connector.futures.parsers.contracts import parse_contract, parse_open_interest
from kucoin_connector.futures.parsers.funding_rates import parse_funding_rate, parse_funding_rate_history
from kucoin_connector.futures.parsers.order_book import parse_contract_order_book
from kucoin_connector.futures.parsers.tickers import parse_contract_ticker
from kucoin_connector.futures.parsers.trades import parse_contract_trade
from kucoin_connector.core.candles import parse_ohlcvs

FLOAT = number_converter("float")
DECIMAL = number_converter("decimal")
MARKET_KEYS = set(
    "id lowercaseId symbol base quote settle baseId quoteId settleId type spot margin swap future "
    "option index active contract linear inverse subType taker maker contractSize expiry "
    "expiryDatetime strike optionType precision limits marginModes created info".split())
TICKER_KEYS = set(
    "symbol timestamp datetime high low bid bidVolume ask askVolume vwap open close last "
    "previousClose change percentage average baseVolume quoteVolume markPrice indexPrice info".split())
TRADE_KEYS = set("info id order timestamp datetime symbol type takerOrMaker side price amount cost fee fees".split())
FUNDING_KEYS = set(
    "info symbol markPrice indexPrice interestRate estimatedSettlePrice timestamp datetime fundingRate "
    "fundingTimestamp fundingDatetime nextFundingRate nextFundingTimestamp nextFundingDatetime "
    "previousFundingRate previousFundingTimestamp previousFundingDatetime interval".split())


@pytest.fixture
def markets():
    return {m["id"]: m for m in (parse_contract(item, DECIMAL) for item in contract_items())}


def test_linear_perpetual_contract_is_a_ccxt_swap_market():
    m = parse_contract(contract_items()[0], FLOAT)
    assert set(m) == MARKET_KEYS
    assert (m["id"], m["symbol"], m["base"], m["quote"], m["settle"]) == (
        "XBTUSDTM", "BTC/USDT:USDT", "BTC", "USDT", "USDT")
    assert (m["baseId"], m["quoteId"], m["settleId"]) == ("XBT", "USDT", "USDT")
    assert (m["type"], m["swap"], m["future"], m["spot"], m["contract"]) == ("swap", True, False, False, True)
    assert (m["linear"], m["inverse"], m["subType"], m["active"]) == (True, False, "linear", True)
    assert (m["contractSize"], m["taker"], m["maker"]) == (0.001, 0.0006, 0.0002)
    assert m["precision"] == {"amount": 1.0, "price": 0.1, "cost": None, "base": None, "quote": None}
    assert m["limits"] == {"leverage": {"min": 1.0, "max": 125.0}, "amount": {"min": 1.0, "max": 1000000.0},
                           "price": {"min": 0.1, "max": 1000000.0}, "cost": {"min": None, "max": None}}
    assert (m["expiry"], m["expiryDatetime"], m["created"]) == (None, None, 1585555200000)


def test_inverse_contract_has_a_positive_contract_size_and_settles_in_the_base():
    m = parse_contract(contract_items()[1], DECIMAL)
    assert (m["symbol"], m["settle"], m["linear"], m["inverse"], m["subType"]) == (
        "BTC/USD:BTC", "BTC", False, True, "inverse")
    assert m["contractSize"] == Decimal("1")


def test_dated_contract_is_a_future_with_its_expiry_in_the_symbol():
    m = parse_contract(contract_items()[2], FLOAT)
    assert (m["symbol"], m["type"], m["future"], m["swap"]) == ("BTC/USDT:USDT-261225", "future", True, False)
    assert (m["expiry"], m["expiryDatetime"]) == (1798185600000, "2026-12-25T08:00:00.000Z")


def test_contract_without_base_is_refused():
    with pytest.raises(ValueError):
        parse_contract({**contract_items()[0], "baseCurrency": None}, FLOAT)


def test_ticker_example(markets):
    data = market_example("/api/v1/ticker")  # XBTUSDM in the example
    t = parse_contract_ticker(data, markets["XBTUSDM"], DECIMAL)
    assert set(t) == TICKER_KEYS
    assert (t["symbol"], t["timestamp"], t["datetime"]) == ("BTC/USD:BTC", 1729163001780, "2024-10-17T11:03:21.780Z")
    assert (t["last"], t["bid"], t["bidVolume"], t["ask"], t["askVolume"]) == (
        Decimal("67158.4"), Decimal("67169.6"), Decimal("32345"), Decimal("67169.7"), Decimal("7251"))
    assert (t["open"], t["change"], t["percentage"], t["high"], t["baseVolume"]) == (None,) * 5


def test_contract_item_as_a_ticker_derives_open_percentage_average_and_vwap(markets):
    item = contract_items()[0]
    t = parse_contract_ticker(item, markets["XBTUSDTM"], DECIMAL)
    last, change = Decimal(repr(item["lastTradePrice"])), Decimal(repr(item["priceChg"]))
    assert t["last"] == last and t["change"] == change and t["open"] == last - change
    assert abs(t["percentage"] - change / (last - change) * 100) < Decimal("1e-15")
    assert t["average"] == ((last - change + last) / 2).quantize(Decimal("0.1"), rounding="ROUND_DOWN")
    assert t["markPrice"] == Decimal(repr(item["markPrice"])) and t["indexPrice"] == Decimal(repr(item["indexPrice"]))
    assert t["timestamp"] is None and t["bid"] is None


def test_mark_price_example(markets):
    t = parse_contract_ticker(market_example("/api/v1/mark-price/{symbol}/current"), markets["XBTUSDTM"], FLOAT)
    assert (t["markPrice"], t["indexPrice"], t["last"]) == (67687.08, 67683.58, None)


def test_order_book_example_in_ns_with_numbers(markets):
    data = market_example("/api/v1/level2/snapshot")
    for num, one in ((FLOAT, 2.0), (DECIMAL, Decimal(2))):
        book = parse_contract_order_book(data, "BTC/USD:BTC", num)
        assert (book["timestamp"], book["nonce"]) == (1729168101216, 1697895963339)
        assert book["bids"][0] == [num(66968) if num is FLOAT else Decimal(66968), one]
        assert [p for p, _ in book["asks"]] == sorted(p for p, _ in book["asks"])


def test_trades_example_cost_in_quote_for_linear_and_base_for_inverse(markets):
    item = market_example("/api/v1/trade/history")[0]
    t = parse_contract_trade(item, markets["XBTUSDTM"], DECIMAL)
    assert set(t) == TRADE_KEYS
    assert (t["id"], t["timestamp"], t["side"], t["price"], t["amount"]) == (
        "1697915257909", 1729242032152, "sell", Decimal("67878"), Decimal(1))
    assert t["cost"] == Decimal("67.878")  # 1 contract x 0.001 BTC x 67878
    inverse = parse_contract_trade(item, markets["XBTUSDM"], DECIMAL)
    assert inverse["cost"] == (Decimal(1) / Decimal("67878")).quantize(Decimal("1e-18"), rounding="ROUND_DOWN")


def test_klines_example_rows_keep_their_order_of_columns():
    rows = parse_ohlcvs(market_example("/api/v1/kline/query"), DECIMAL)
    assert rows[0] == [1728576000000, Decimal("60791.1"), Decimal("61035"), Decimal("58940"), Decimal("60300"),
                       Decimal("5501167")]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


def test_current_funding_rate_example(markets):
    f = parse_funding_rate(funding_example("/api/v1/funding-rate/{symbol}/current"), markets["XBTUSDTM"], DECIMAL)
    assert set(f) == FUNDING_KEYS
    assert (f["symbol"], f["fundingRate"], f["nextFundingRate"], f["interval"]) == (
        "BTC/USDT:USDT", Decimal("0.000061"), Decimal("0.000109"), "8h")
    assert (f["fundingTimestamp"], f["previousFundingTimestamp"]) == (1748491200000, 1748462400000)
    assert f["fundingDatetime"] == "2025-05-29T04:00:00.000Z"


def test_funding_rate_history_example_ascending_and_filtered(markets):
    items = funding_example("/api/v1/contract/funding-rates")
    rows = parse_funding_rate_history(items, markets["XBTUSDTM"], DECIMAL)
    assert len(rows) == len(items)
    assert [r["timestamp"] for r in rows] == sorted(i["timepoint"] for i in items)
    assert rows[-1]["fundingRate"] == Decimal("0.00021")
    newest_two = parse_funding_rate_history(items, markets["XBTUSDTM"], DECIMAL, limit=2)
    assert [r["timestamp"] for r in newest_two] == [1702267200000, 1702296000000]
    since = parse_funding_rate_history(items, markets["XBTUSDTM"], DECIMAL, since=1702267200000)
    assert [r["timestamp"] for r in since] == [1702267200000, 1702296000000]


def test_open_interest_from_the_contract_item(markets):
    item = market_example("/api/v1/contracts/{symbol}")
    oi = parse_open_interest(item, markets["XBTUSDTM"], DECIMAL, now_ms=1)
    contracts = Decimal(item["openInterest"])
    assert oi["openInterestAmount"] == contracts
    assert oi["openInterestValue"] == contracts * Decimal("0.001") * Decimal(repr(item["markPrice"]))
    assert oi["timestamp"] == 1
