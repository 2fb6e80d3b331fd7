"""Futures ticker payloads -> ccxt ticker structures (pure core).

Layer: pure core. Rule: no I/O, no clock; exact decimal arithmetic, numbers leave through ``num``.

Accepted shapes (one parser, the fields overlap), as ccxt 4.5's ``parse_contract_ticker`` reads them:

* ``/api/v1/ticker`` data and ``/api/v1/allTickers`` items (https://www.kucoin.com/docs-new/api-3470222,
  api-3470223): ``price bestBidPrice bestBidSize bestAskPrice bestAskSize ts`` (``ts`` in ns);
* a ``/api/v1/contracts/active`` item (what ``fetch_tickers`` reads, as ccxt does): ``lastTradePrice
  highPrice lowPrice priceChg priceChgPct volumeOf24h turnoverOf24h markPrice indexPrice``, no time;
* ``/api/v1/mark-price/{symbol}/current`` data (https://www.kucoin.com/docs-new/api-3470233): ``value``
  (the mark price) and ``indexPrice``; ccxt leaves its ``timePoint`` out, and so do we.

Derivations are ccxt's ``safeTicker`` rules (shared with the spot parser): ``open = last - change``,
``percentage = change / open * 100`` (``priceChgPct * 100`` only when ``last`` or ``change`` is missing),
``average = (open + last) / 2`` to the tick's decimals, ``vwap = turnover / volume``; zero prices are None.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, Mapping, Optional

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.fields import dec, div_trunc, exact, first, mapping, nonzero, out, to_int
from ...core.ticker_math import average_digits, derive_ticker

__all__ = ["parse_contract_ticker"]

_HUNDRED = Decimal(100)
_NS_PER_MS = 1_000_000


def parse_contract_ticker(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    """A futures ticker payload -> ccxt ticker (``market``: the resolved contract, or None)."""
    if type(item) is not dict:
        item = mapping(item, "ticker")
    ts = to_int(item.get("ts"))
    timestamp = ts // _NS_PER_MS if ts is not None else None
    last = nonzero(dec(first(item, "price", "lastTradePrice")))
    change = dec(item.get("priceChg"))
    percentage = None
    if last is None or change is None:
        percentage = nonzero(exact("*", dec(item.get("priceChgPct")), _HUNDRED))
    base_volume = dec(item.get("volumeOf24h"))
    quote_volume = dec(item.get("turnoverOf24h"))
    open_, close, change, percentage, average = derive_ticker(
        last=last, change=change, percentage=percentage, average=None, open_=None,
        digits=average_digits(market))
    close = nonzero(close)
    return {
        "symbol": market.get("symbol") if market else None,
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "high": out(num, nonzero(dec(item.get("highPrice")))),
        "low": out(num, nonzero(dec(item.get("lowPrice")))),
        "bid": out(num, nonzero(dec(item.get("bestBidPrice")))),
        "bidVolume": out(num, dec(item.get("bestBidSize"))),
        "ask": out(num, nonzero(dec(item.get("bestAskPrice")))),
        "askVolume": out(num, dec(item.get("bestAskSize"))),
        "vwap": out(num, div_trunc(nonzero(quote_volume), base_volume)),
        "open": out(num, nonzero(open_)),
        "close": out(num, close),
        "last": out(num, close),
        "previousClose": None,
        "change": out(num, change),
        "percentage": out(num, nonzero(percentage)),
        "average": out(num, nonzero(average)),
        "baseVolume": out(num, base_volume),
        "quoteVolume": out(num, quote_volume),
        "markPrice": out(num, dec(first(item, "markPrice", "value"))),
        "indexPrice": out(num, dec(item.get("indexPrice"))),
        "info": item,
    }
