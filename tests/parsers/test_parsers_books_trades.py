"""parsers/order_book.py and parsers/trades.py."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot.parsers.markets import parse_market
from kucoin_connector.spot.parsers.order_book import parse_order_book
from kucoin_connector.spot.parsers.trades import parse_trade, parse_trades

from parser_support import FEE_KEYS, ORDER_BOOK_KEYS, TRADE_KEYS, load


@pytest.fixture
def btc_usdt():
    return parse_market(load("spot_symbols.json")["data"][0], number_converter("float"))


@pytest.mark.parametrize("name", ["spot_orderbook_level2_part.json", "spot_orderbook_level2_full.json"])
def test_order_book_spec_example(name, fnum):
    book = parse_order_book(load(name)["data"], "BTC/USDT", fnum)
    assert set(book) == ORDER_BOOK_KEYS
    assert book == {
        "symbol": "BTC/USDT",
        "bids": [[66976.4, 0.69109872], [66976.3, 0.14377]],
        "asks": [[66976.5, 0.05408199], [66976.8, 0.0005]],
        "timestamp": 1729176273859,
        "datetime": "2024-10-17T14:44:33.859Z",
        "nonce": 14610502970,
    }


def test_order_book_modes(dnum, snum):
    data = load("spot_orderbook_level2_part.json")["data"]
    assert parse_order_book(data, "BTC/USDT", dnum)["bids"][0] == [Decimal("66976.4"), Decimal("0.69109872")]
    assert parse_order_book(data, "BTC/USDT", snum)["asks"][1] == ["66976.8", "0.0005"]


def test_empty_book(any_num):
    book = parse_order_book(load("edge_orderbook_empty.json")["data"], "X/Y", any_num)
    assert set(book) == ORDER_BOOK_KEYS
    assert (book["bids"], book["asks"], book["nonce"]) == ([], [], 7)


def test_unsorted_book_is_sorted_and_malformed_levels_skipped(snum):
    book = parse_order_book(load("edge_orderbook_unsorted.json")["data"], "X/Y", snum)
    assert book["bids"] == [["0.00000011", "1"], ["0.0000001", "2"], ["0.00000009", "5"]]
    assert book["asks"] == [["0.00000012", "3"], ["0.00000013", "4"]]
    assert book["nonce"] == 14610502971


def test_ws_depth5_uses_timestamp_key(fnum):
    book = parse_order_book(load("ws_spot_level2depth5.json")["data"], "BTC/USDT", fnum)
    assert book["timestamp"] == 1729822226746 and book["nonce"] is None
    assert book["bids"][0] == [67996.6, 0.37969491] and book["asks"][0] == [67996.7, 1.14213262]
    assert [p for p, _ in book["bids"]] == sorted((p for p, _ in book["bids"]), reverse=True)


def test_public_trade_history(btc_usdt, fnum):
    items = load("spot_trade_histories.json")["data"]
    t = parse_trade(items[0], btc_usdt, fnum)
    assert set(t) == TRADE_KEYS and set(t["fee"]) == FEE_KEYS
    assert t == {
        "info": items[0], "id": "10976028003549185", "order": None, "timestamp": 1729177117877,
        "datetime": "2024-10-17T14:58:37.877Z", "symbol": "BTC/USDT", "type": None,
        "takerOrMaker": None, "side": "buy", "price": 67122.0, "amount": 2.5e-05, "cost": 1.67805,
        "fee": {"cost": None, "currency": None, "rate": None}, "fees": [],
    }


def test_public_trade_id_is_the_sequence(btc_usdt, fnum):
    items = load("spot_trade_histories.json")["data"]
    ids = [parse_trade(i, btc_usdt, fnum)["id"] for i in items]
    assert ids == ["10976028003549185", "10976028003549188", "10976028003549191"]
    # same millisecond, three distinct trades: (timestamp, id) keeps them apart
    assert len({(t["timestamp"], t["id"]) for t in parse_trades(items, btc_usdt, fnum)}) == 3


def test_trade_cost_is_exact(btc_usdt, dnum, snum):
    item = load("spot_trade_histories.json")["data"][2]
    assert parse_trade(item, btc_usdt, dnum)["cost"] == Decimal("3795.322751181")  # 67122.9 * 0.05654289
    assert parse_trade(item, btc_usdt, snum)["cost"] == "3795.322751181"


def test_nanoseconds_are_floored_to_ms(btc_usdt, fnum):
    t = parse_trade({"price": "1", "size": "1", "side": "sell", "time": 1729177117877999999}, btc_usdt, fnum)
    assert t["timestamp"] == 1729177117877


def test_hf_fill_with_fee(btc_usdt, snum):
    item = load("spot_hf_fills.json")["data"]["items"][0]
    t = parse_trade(item, btc_usdt, snum)
    assert set(t) == TRADE_KEYS
    assert (t["id"], t["order"], t["type"], t["takerOrMaker"]) == (
        "11029373945659392", "6717422bd51c29000775ea03", "limit", "taker")
    assert (t["timestamp"], t["datetime"]) == (1729577515473, "2024-10-22T06:11:55.473Z")
    assert (t["price"], t["amount"], t["cost"]) == ("67717.6", "0.00001", "0.677176")
    assert t["fee"] == {"cost": "0.000677176", "currency": "USDT", "rate": "0.001"}
    assert t["fees"] == [t["fee"]] and t["fees"][0] is not t["fee"]


def test_fee_currency_defaults_by_side(btc_usdt, snum):
    sell = parse_trade({"side": "sell", "fee": "0.1", "createdAt": 1}, btc_usdt, snum)
    buy = parse_trade({"side": "buy", "fee": "0.1", "createdAt": 1}, btc_usdt, snum)
    assert (sell["fee"]["currency"], buy["fee"]["currency"]) == ("USDT", "BTC")


def test_ws_match_push(btc_usdt, fnum):
    data = load("ws_spot_match.json")["data"]
    t = parse_trade(data, btc_usdt, fnum)
    assert (t["id"], t["type"], t["timestamp"]) == ("11067996711960577", None, 1729843222921)
    assert (t["price"], t["amount"], t["side"]) == (67523.0, 0.003, "buy")


def test_parse_trades_sorts_and_filters(btc_usdt, fnum):
    items = [
        {"sequence": "3", "price": "3", "size": "1", "side": "buy", "time": 3_000_000},
        {"sequence": "1", "price": "1", "size": "1", "side": "buy", "time": 1_000_000},
        {"sequence": "2", "price": "2", "size": "1", "side": "buy", "time": 2_000_000},
    ]
    prices = lambda trades: [t["price"] for t in trades]  # noqa: E731
    assert prices(parse_trades(items, btc_usdt, fnum)) == [1.0, 2.0, 3.0]
    assert prices(parse_trades(items, btc_usdt, fnum, since=2)) == [2.0, 3.0]
    assert prices(parse_trades(items, btc_usdt, fnum, since=2, limit=1)) == [2.0]
    assert prices(parse_trades(items, btc_usdt, fnum, limit=2)) == [2.0, 3.0]
    assert parse_trades(items, btc_usdt, fnum, limit=0) == []
