"""What hosts read besides the operations (shared/reference/hosts.md), each as ccxt's kucoin behaves:
features, fees, calculate_fee, set_markets_from_exchange, assignable options, session, describe()."""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from kucoin_connector import AsyncKucoin, Kucoin
from kucoin_connector.errors import ArgumentsRequired, BadRequest, ExchangeError

SYMBOL = "BTC/USDT"


@pytest.fixture(scope="module")
def loaded(sim):
    ex = Kucoin({"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}})
    ex.load_markets()
    return ex


def test_static_members(loaded):
    assert (loaded.id, loaded.name, loaded.precisionMode) == ("kucoin", "KuCoin", 4)
    assert loaded.features["spot"]["fetchOHLCV"]["limit"] == 1500  # Freqtrade's candle limit for KuCoin
    assert loaded.features["spot"]["createOrders"]["max"] == 5
    assert loaded.fees["trading"]["taker"] == 0.001 and loaded.fees["trading"]["percentage"] is True
    assert loaded.timeframes["1h"] == "1hour" and SYMBOL in loaded.symbols and loaded.markets[SYMBOL]
    assert loaded.has["fetchOHLCV"] is True


def test_describe_carries_the_static_description(loaded):
    d = loaded.describe()
    assert d["id"] == "kucoin" and d["name"] == "KuCoin" and d["precisionMode"] == 4
    assert d["has"] == loaded.has and d["features"] == loaded.features and d["timeframes"] == loaded.timeframes
    assert d["requiredCredentials"]["password"] is True
    d["features"]["spot"]["fetchOHLCV"]["limit"] = 1  # a copy: the client's description is unchanged
    assert loaded.features["spot"]["fetchOHLCV"]["limit"] == 1500


def test_calculate_fee_is_exact_decimal_in_quote(loaded):
    market = loaded.market(SYMBOL)
    fee = loaded.calculate_fee(SYMBOL, "limit", "buy", 0.1, 3, "maker")
    rate = Decimal(repr(market["maker"]))
    assert fee == {"type": "maker", "currency": "USDT", "rate": market["maker"],
                   "cost": float(Decimal("0.3") * rate)}


def test_calculate_fee_market_orders_are_taker(loaded):
    market = loaded.market(SYMBOL)
    fee = loaded.calculate_fee(SYMBOL, "market", "sell", 2, 10)
    assert fee["type"] == "taker" and fee["rate"] == market["taker"]
    with pytest.raises(ArgumentsRequired, match="maker"):
        loaded.calculate_fee(SYMBOL, "market", "buy", 1, 10, "maker")


def test_calculate_fee_follows_the_clients_number_mode(sim):
    ex = Kucoin({"urls": {"api": {"spot": sim.spot_url}}, "options": {"numbers": "decimal"}})
    fee = ex.calculate_fee(SYMBOL, "limit", "buy", "0.1", "3")  # the sync face loads markets lazily
    assert isinstance(fee["cost"], Decimal) and fee["cost"] == Decimal("0.3") * fee["rate"]


def test_set_markets_from_exchange_hands_async_markets_to_sync(sim):
    urls = {"api": {"spot": sim.spot_url}}

    async def load():
        async with AsyncKucoin({"urls": urls}) as source:
            await source.load_markets()
            return source

    source = asyncio.run(load())
    target = Kucoin({"urls": {"api": {"spot": "http://127.0.0.1:9"}}})  # nothing listens there
    assert target.set_markets_from_exchange(source) is target
    assert target.markets[SYMBOL] is source.markets[SYMBOL]
    assert target.symbols == source.symbols and target.markets_by_id.keys() == source.markets_by_id.keys()
    assert target.currencies["BTC"] == source.currencies["BTC"]
    assert target.amount_to_precision(SYMBOL, 0.123456789)  # no load (the URL above would refuse it)


def test_set_markets_from_exchange_refuses_other_exchanges_and_unloaded_ones(sim):
    target = Kucoin()

    class Other:
        id, markets = "binance", {"BTC/USDT": {}}

    with pytest.raises(ArgumentsRequired, match="binance"):
        target.set_markets_from_exchange(Other())
    with pytest.raises(ExchangeError, match="loaded markets"):
        target.set_markets_from_exchange(Kucoin())


def test_options_are_assignable_like_ccxt(sim):
    urls = {"api": {"spot": sim.spot_url}}
    source = AsyncKucoin({"urls": urls, "options": {"maxRetries": 1, "myHostKey": "x"}})
    target = Kucoin({"urls": urls})
    target.options = source.options  # what Freqtrade does after set_markets_from_exchange
    assert target.options == source.options and target.options["myHostKey"] == "x"
    assert target._rest.retry.max_retries == 1  # re-applied, not only stored
    target.options = {"numbers": "decimal"}
    assert isinstance(target.fetch_ticker(SYMBOL)["last"], Decimal)
    assert target.options["maxRetries"] == 3  # replaced as a whole, defaults filled in
    with pytest.raises(BadRequest, match="poolSize"):
        target.options = {"poolSize": 3}
    with pytest.raises(BadRequest, match="numbers"):
        target.options = {"numbers": "fraction"}
    assert target.options["numbers"] == "decimal"  # a refused assignment changes nothing


def test_async_session_is_set_until_close(sim):
    async def go():
        ex = AsyncKucoin({"urls": {"api": {"spot": sim.spot_url}}})
        await ex.fetch_time()
        assert ex.session is not None
        await ex.close()  # Freqtrade: `if api_async.session: await api_async.close()`
        return ex.session

    assert asyncio.run(go()) is None
