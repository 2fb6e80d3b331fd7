"""Spot ticker payloads -> ccxt ticker structures (pure core).

Layer: pure core. Rule: no I/O, no clock; exact decimal arithmetic, numbers leave through ``num``.

Accepted shapes (one parser, the fields overlap):

* ``/api/v1/market/stats`` data (https://www.kucoin.com/docs-new/api-3470161): ``time symbol buy
  sell changeRate changePrice high low vol volValue last averagePrice ...``;
* an ``/api/v1/market/allTickers`` ``ticker[]`` item (https://www.kucoin.com/docs-new/api-3470167):
  the same fields plus ``bestBidSize``/``bestAskSize``, but no ``time`` of its own: the caller
  passes the outer ``data.time`` as ``timestamp``;
* ``/api/v1/market/orderbook/level1`` data (https://www.kucoin.com/docs-new/api-3470160) and the
  ``/market/ticker`` WS push: ``time price size bestBid bestBidSize bestAsk bestAskSize``.

Derivations follow ccxt 4.5's spot path (``fetch_ticker`` -> ``parseSpotOrUtaTicker`` ->
``safeTicker``), observed on the spec examples: ``percentage = changeRate * 100``; zero ``bid``,
``ask``, ``high``, ``low``, ``open``, ``last``, ``percentage`` and ``average`` mean "unknown" (None);
``open = last - change``; ``vwap = volValue / vol`` truncated to 18 decimals; a missing ``average``
is ``(open + last) / 2`` truncated to the market's price decimals. ccxt's public
``kucoin.parse_ticker`` is the futures parser and gives None for most spot fields; we follow what
``fetch_ticker``/``fetch_tickers`` return.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, Mapping, Optional

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.ticker_math import average_digits, derive_ticker
from ...core.fields import dec, div_trunc, exact, first, mapping, nonzero, out, to_int

__all__ = ["parse_ticker"]

_HUNDRED = Decimal(100)


def parse_ticker(
    item: Mapping[str, Any],
    market: Optional[Mapping[str, Any]],
    num: Num,
    timestamp: Optional[int] = None,
) -> Dict[str, Any]:
    """A spot ticker payload -> ccxt ticker.

    ``market``: the already-resolved market (the caller looked ``item["symbol"]`` up in its
    ``markets_by_id``); None gives ``symbol`` None. ``timestamp``: overrides ``item["time"]``
    (pass the outer ``time`` of ``allTickers``).
    """
    if type(item) is not dict:
        item = mapping(item, "ticker")
    timestamp = to_int(first(item, "time", "datetime", "timePoint") if timestamp is None else timestamp)
    rate = dec(item.get("changeRate"))
    percentage = nonzero(exact("*", rate, _HUNDRED))
    base_volume = dec(first(item, "vol", "baseVolume"))
    quote_volume = dec(first(item, "volValue", "quoteVolume"))
    open_, close, change, percentage, average = derive_ticker(
        last=nonzero(dec(first(item, "price", "last", "lastTradedPrice", "lastPrice"))),
        change=dec(first(item, "changePrice", "priceChange")),  # a flat day's "0" is a real change
        percentage=percentage,
        average=nonzero(dec(item.get("averagePrice"))),
        open_=nonzero(dec(item.get("open"))),
        digits=average_digits(market),
    )
    close = nonzero(close)
    return {
        "symbol": market.get("symbol") if market else None,
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "high": out(num, nonzero(dec(item.get("high")))),
        "low": out(num, nonzero(dec(item.get("low")))),
        "bid": out(num, nonzero(dec(first(item, "buy", "bestBid", "bestBidPrice")))),
        "bidVolume": out(num, dec(item.get("bestBidSize"))),
        "ask": out(num, nonzero(dec(first(item, "sell", "bestAsk", "bestAskPrice")))),
        "askVolume": out(num, dec(item.get("bestAskSize"))),
        "vwap": out(num, div_trunc(nonzero(quote_volume), base_volume)),
        "open": out(num, nonzero(open_)),
        "close": out(num, close),
        "last": out(num, close),
        "previousClose": None,
        "change": out(num, change),
        "percentage": out(num, percentage),
        "average": out(num, average),
        "baseVolume": out(num, base_volume),
        "quoteVolume": out(num, quote_volume),
        "markPrice": out(num, dec(first(item, "markPrice", "value"))),
        "indexPrice": out(num, dec(item.get("indexPrice"))),
        "info": item,
    }
