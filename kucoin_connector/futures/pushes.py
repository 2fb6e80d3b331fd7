"""KuCoin Futures WebSocket pushes -> ccxt structures (pure core).

Layer: pure core. Rule: pure functions of (push ``data``, market, ``num``); where a push carries a REST
item's fields they go through the futures REST parsers, so a ticker or trade looks the same from REST or
from a stream. Shapes (official examples in ``reference/kucoin-openapi/ws/openapi-futures-public.json``):

* ``/contractMarket/ticker:{s}`` (``ticker``): ``symbol sequence side size price bestBidSize bestBidPrice
  bestAskPrice tradeId bestAskSize ts`` (ns);
* ``/contractMarket/tickerV2:{s}`` (``tickerV2``): ``symbol sequence bestBidSize bestBidPrice bestAskPrice
  bestAskSize ts`` (ns);
* ``/contractMarket/execution:{s}`` (``match``): ``symbol sequence side size price takerOrderId makerOrderId
  tradeId ts`` (ns);
* ``/contractMarket/limitCandle:{s}_{type}`` (``candle.stick``): ``symbol``, ``candles: [time_s, open, close,
  high, low, volume, amount]``, ``time`` (ms). KuCoin documents index 5 as "incorrect, do not use"; ccxt
  4.5 reads the volume at index 6, and so do we;
* ``/contract/instrument:{s}``: subject ``mark.index.price`` (``markPrice indexPrice granularity
  timestamp``) and ``funding.rate`` (``granularity fundingRate timestamp``; its granularity is the push
  interval, 60000, not the funding interval).
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from ..core.candles import parse_ohlcv
from ..core.fields import dec, listing, mapping, out, to_int
from ..core.numbers import Num
from ..core.timeutil import iso8601
from .parsers.tickers import parse_contract_ticker
from .parsers.trades import parse_contract_trade

__all__ = ["ticker_from_push", "bids_asks_from_ticker_v2", "trade_from_execution", "ohlcv_from_candle",
           "mark_price_from_instrument", "funding_rate_from_instrument"]

Market = Optional[Mapping[str, Any]]


def ticker_from_push(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """``/contractMarket/ticker`` push -> ccxt ticker (last trade, best bid and ask; no 24 h statistics)."""
    return parse_contract_ticker(data, market, num)


def bids_asks_from_ticker_v2(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """``/contractMarket/tickerV2`` push -> ccxt ticker with only bid/ask filled (``watch_bids_asks``)."""
    return parse_contract_ticker(data, market, num)


def trade_from_execution(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """``/contractMarket/execution`` push -> ccxt trade (``ts`` in ns; ``id`` is ``tradeId``)."""
    return parse_contract_trade(data, market, num)


def ohlcv_from_candle(data: Mapping[str, Any], num: Num) -> list[Any]:
    """``/contractMarket/limitCandle`` push -> ``[ms, open, high, low, close, volume]`` (volume: index 6)."""
    row = listing(data.get("candles"), "candles")
    if len(row) > 6:
        row = list(row[:5]) + [row[6]]
    return parse_ohlcv(row, num)


def mark_price_from_instrument(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """A ``mark.index.price`` push -> ccxt ticker carrying ``markPrice`` and ``indexPrice`` (as ccxt.pro's
    ``watch_mark_price``), stamped with the push's ``timestamp`` (ms)."""
    data = mapping(data, "instrument")
    ticker = parse_contract_ticker({"markPrice": data.get("markPrice"), "indexPrice": data.get("indexPrice")},
                                   market, num)
    stamp = to_int(data.get("timestamp"))
    ticker.update(timestamp=stamp, datetime=iso8601(stamp), info=data)
    return ticker


def funding_rate_from_instrument(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """A ``funding.rate`` push -> ccxt funding-rate structure (rate and time; KuCoin's push has no
    funding times or interval)."""
    data = mapping(data, "instrument")
    stamp = to_int(data.get("timestamp"))
    return {
        "info": data,
        "symbol": market.get("symbol") if market else None,
        "markPrice": None,
        "indexPrice": None,
        "interestRate": None,
        "estimatedSettlePrice": None,
        "timestamp": stamp,
        "datetime": iso8601(stamp),
        "fundingRate": out(num, dec(data.get("fundingRate"))),
        "fundingTimestamp": None,
        "fundingDatetime": None,
        "nextFundingRate": None,
        "nextFundingTimestamp": None,
        "nextFundingDatetime": None,
        "previousFundingRate": None,
        "previousFundingTimestamp": None,
        "previousFundingDatetime": None,
        "interval": None,
    }
