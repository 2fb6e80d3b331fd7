"""KucoinFutures / AsyncKucoinFutures against the simulator: ccxt identity and honest ``has``, NotSupported
stubs, market data end to end, and one limiter shared with a spot client of the same account."""
from __future__ import annotations

import asyncio

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector import AsyncKucoinFutures, Kucoin, KucoinFutures
from kucoin_connector.core.interface import UNIFIED_METHODS
from kucoin_connector.errors import NotSupported
from kucoin_connector.io.limiter_local import SharedLimiter
from kucoin_connector.rest.ratelimit import quotas_for_vip


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=5, symbols=12, tick_interval=0) as s:
        s.step(5)
        yield s


def _config(sim):
    return {"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}}


def test_identity_and_has_follow_kucoinfutures():
    ex = KucoinFutures()
    assert (ex.id, ex.name) == ("kucoinfutures", "KuCoin Futures")
    assert (ex.has["spot"], ex.has["swap"], ex.has["future"], ex.has["option"]) == (False, True, True, None)
    for cap in ("fetchMarkets", "fetchTicker", "fetchTickers", "fetchOrderBook", "fetchTrades", "fetchOHLCV",
                "fetchMarkPrice", "fetchFundingRate", "fetchFundingRateHistory", "fetchOpenInterest", "fetchTime",
                "watchTicker", "watchTickers", "watchBidsAsks", "watchOrderBook", "watchOrderBookForSymbols",
                "watchTrades", "watchTradesForSymbols", "watchOHLCV", "watchMarkPrice", "watchFundingRate",
                "unWatchOrderBook", "unWatchMarkPrice", "unWatchFundingRate", "watchOrders", "watchMyTrades",
                "watchBalance", "unWatchOrders", "unWatchMyTrades", "watchPositions", "watchPosition",
                "unWatchPositions"):
        assert ex.has[cap] is True, cap
    for cap in ("createOrder", "createOrders", "createStopOrder", "createStopLossOrder", "createTakeProfitOrder",
                "createReduceOnlyOrder", "createOrderWithTakeProfitAndStopLoss", "closePosition", "cancelOrder",
                "cancelOrders", "cancelAllOrders", "fetchOrder", "fetchOrders", "fetchOpenOrders",
                "fetchClosedOrders", "fetchMyTrades", "fetchOrderTrades", "fetchPosition", "fetchPositions",
                "fetchPositionsHistory", "setLeverage", "fetchLeverage", "setMarginMode", "fetchMarginMode",
                "addMargin", "reduceMargin", "fetchMarketLeverageTiers", "fetchFundingHistory", "fetchBalance",
                "transfer", "fetchLedger", "fetchTransfers", "fetchTradingFee", "fetchMarkPrices", "fetchFundingRates",
                "fetchFundingInterval", "fetchOpenInterests", "fetchLeverageTiers", "fetchOrdersByStatus",
                "fetchPositionHistory"):
        assert ex.has[cap] is True, cap
    for cap in ("editOrder", "fetchCanceledOrders", "setPositionMode", "fetchCurrencies"):
        assert ex.has[cap] is False, cap


@pytest.mark.parametrize("face", [KucoinFutures, AsyncKucoinFutures], ids=["sync", "asyncio"])
def test_what_is_not_built_is_a_not_supported_stub_and_nothing_is_abstract(face):
    assert face.__abstractmethods__ == frozenset()
    ex = face()
    refused = 0
    for name in UNIFIED_METHODS:
        cap = name.split("_")[0] + "".join(p.capitalize() for p in name.split("_")[1:])
        if ex.has.get(cap) is False and name.startswith(("watch_", "set_", "edit_")):
            with pytest.raises(NotSupported):
                result = getattr(ex, name)(*(["BTC/USDT:USDT"] * _required(face, name)))
                if asyncio.iscoroutine(result):
                    asyncio.run(result)
            refused += 1
    assert refused >= 2  # edit_order, set_position_mode


def _required(face, name):
    import inspect
    params = list(inspect.signature(getattr(face, name)).parameters.values())[1:]
    return sum(1 for p in params if p.default is inspect.Parameter.empty and p.kind == p.POSITIONAL_OR_KEYWORD)


def test_market_data_end_to_end_sync(sim):
    with KucoinFutures(_config(sim)) as ex:
        markets = ex.load_markets()
        dated = [s for s in markets if markets[s]["future"]]
        assert {"BTC/USDT:USDT", "ETH/USDT:USDT", "BTC/USD:BTC"} <= set(markets) and len(dated) == 1
        assert dated[0].startswith("BTC/USDT:USDT-")
        true_book = sim.futures.book("XBTUSDTM", 20, 0)
        book = ex.fetch_order_book("BTC/USDT:USDT", 20)
        assert book["bids"] == [[float(p), float(s)] for p, s in true_book["bids"]]
        assert book["nonce"] == true_book["sequence"]
        ticker = ex.fetch_ticker("BTC/USDT:USDT")
        assert ticker["bid"] == book["bids"][0][0] and ticker["ask"] == book["asks"][0][0]
        trades = ex.fetch_trades("BTC/USD:BTC", limit=5)
        assert len(trades) == 5 and [t["timestamp"] for t in trades] == sorted(t["timestamp"] for t in trades)
        candles = ex.fetch_ohlcv("ETH/USDT:USDT", "1h", limit=600)
        assert len(candles) == 600 and all(b[0] - a[0] == 3_600_000 for a, b in zip(candles, candles[1:]))
        rate = ex.fetch_funding_rate("BTC/USDT:USDT")
        assert rate["interval"] == "8h" and rate["fundingTimestamp"] > ex.milliseconds() - 1
        history = ex.fetch_funding_rate_history("BTC/USDT:USDT", limit=3)
        assert len(history) == 3 and history[-1]["timestamp"] == rate["previousFundingTimestamp"]
        assert ex.fetch_mark_price("BTC/USD:BTC")["markPrice"] > 0
        assert ex.fetch_open_interest("BTC/USDT:USDT")["openInterestAmount"] > 0
        assert ex.fetch_status()["status"] == "ok" and ex.fetch_time() > 0
        assert ex.amount_to_precision("BTC/USDT:USDT", 3.7) == "3"  # contracts, by the lot size


def test_market_data_end_to_end_asyncio(sim):
    async def main():
        async with AsyncKucoinFutures(_config(sim)) as ex:
            tickers = await ex.fetch_tickers()
            bids_asks = await ex.fetch_bids_asks(["BTC/USD:BTC"])
            return tickers, bids_asks

    tickers, bids_asks = asyncio.run(main())
    assert len(tickers) == 4 and tickers["BTC/USDT:USDT"]["markPrice"] > 0
    assert list(bids_asks) == ["BTC/USD:BTC"] and bids_asks["BTC/USD:BTC"]["bid"] > 0


def test_spot_and_futures_clients_of_one_account_share_one_limiter():
    limiter = SharedLimiter(quotas_for_vip(0))
    with Simulator(seed=6, symbols=4, tick_interval=0) as fresh:  # its Public pool counts only these calls
        spot = Kucoin(_config(fresh), limiter=limiter)
        futures = KucoinFutures(_config(fresh), limiter=limiter)
        _share(limiter, spot, futures)


def _share(limiter, spot, futures):
    try:
        assert futures.limiter is spot.limiter is limiter
        used = limiter.snapshot("Public")[2]
        spot.fetch_time()  # weight 3 in the Public pool (spot /api/v1/timestamp)
        after_spot = limiter.snapshot("Public")[2]
        futures.fetch_time()  # weight 2 in the same pool (futures /api/v1/timestamp)
        after_futures = limiter.snapshot("Public")[2]
        assert (used, after_spot, after_futures) == (0, 3, 5)
        assert KucoinFutures().limiter is not spot.limiter  # without limiter=, each client has its own
    finally:
        spot.close()
        futures.close()
