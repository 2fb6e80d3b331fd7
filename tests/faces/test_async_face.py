"""The asyncio face runs the same plans: same results, coroutines, concurrency without blocking the loop."""
from __future__ import annotations

import asyncio
import inspect

import pytest

from kucoin_connector import AsyncKucoin, BadSymbol, Kucoin, NotSupported
from kucoin_connector.core.interface import AsyncUnifiedExchange


def run(coro):
    return asyncio.run(coro)


def test_operations_are_coroutine_functions_with_ccxt_signatures():
    assert isinstance(AsyncKucoin({}), AsyncUnifiedExchange)
    for name in ("load_markets", "fetch_ticker", "fetch_order_book", "fetch_ohlcv", "create_order", "watch_ticker"):
        assert inspect.iscoroutinefunction(getattr(AsyncKucoin, name)), name
    assert list(inspect.signature(AsyncKucoin.fetch_ohlcv).parameters) == \
        ["self", "symbol", "timeframe", "since", "limit", "params"]


def test_same_results_as_the_sync_face(sim, urls):
    sync = Kucoin({"urls": urls})

    async def main():
        async with AsyncKucoin({"urls": urls}) as ex:
            book, tickers, trades = await asyncio.gather(ex.fetch_order_book("BTC/USDT", 20),
                                                         ex.fetch_tickers(["ETH/USDT", "BTC/USDT"]),
                                                         ex.fetch_trades("BTC/USDT"))
            return book, tickers, trades, ex.market("ETH/USDT")

    book, tickers, trades, market = run(main())
    assert book == sync.fetch_order_book("BTC/USDT", 20) | {"timestamp": book["timestamp"],
                                                          "datetime": book["datetime"]}
    assert {k: v["last"] for k, v in tickers.items()} == \
        {k: v["last"] for k, v in sync.fetch_tickers(["ETH/USDT", "BTC/USDT"]).items()}
    assert trades == sync.fetch_trades("BTC/USDT")
    assert market == sync.market("ETH/USDT")


def test_errors_and_not_supported(urls):
    async def main():
        async with AsyncKucoin({"urls": urls}) as ex:
            with pytest.raises(BadSymbol):
                await ex.fetch_ticker("NOPE/USDT")
            with pytest.raises(NotSupported):
                await ex.fetch_positions()
            with pytest.raises(Exception, match="load_markets"):
                AsyncKucoin({"urls": urls}).market("BTC/USDT")  # helpers cannot do I/O in asyncio
    run(main())
