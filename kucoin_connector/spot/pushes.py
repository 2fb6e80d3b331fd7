"""KuCoin WebSocket pushes -> ccxt structures (pure core).

Layer: pure core. Rule: pure functions of (push ``data``, market, ``num``); they reshape the push into
the REST item the shared parsers in :mod:`kucoin_connector.spot.parsers` already read, so a ticker, trade,
candle, order or balance looks the same whether it came from REST or from a stream.

Shapes (official examples in ``reference/kucoin-openapi/ws/openapi-spot-*.json``):

* ``/market/ticker:{s}`` (``trade.ticker``): ``sequence price size bestAsk bestAskSize bestBid
  bestBidSize Time`` (capital T in the example, ``time`` on ``/market/ticker:all`` where ``subject``
  is the symbol);
* ``/spotMarket/level1:{s}``: ``asks: [price, size]``, ``bids: [price, size]``, ``timestamp``;
* ``/market/match:{s}`` (``trade.l3match``): ``makerOrderId price sequence side size symbol
  takerOrderId time(ns) tradeId type``;
* ``/market/candles:{s}_{type}``: ``symbol``, ``candles: [time_s, open, close, high, low, volume,
  turnover]``, ``time`` (ns);
* ``/spotMarket/tradeOrdersV2`` (``orderChange``): ``clientOid orderId orderTime orderType originSize
  side status symbol ts(ns) type`` plus ``price size remainSize filledSize canceledSize`` and, on a
  ``match``, ``matchPrice matchSize tradeId liquidity feeType``;
* ``/account/balance`` (``account.balance``): ``accountId currency total available hold
  availableChange holdChange relationContext relationEvent relationEventId time``.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from ..core.numbers import Num
from ..core.fields import dec, out, to_int
from ..core.currency_codes import currency_code
from ..core.candles import parse_ohlcv
from .parsers.orders import parse_order
from .parsers.tickers import parse_ticker
from .parsers.trades import parse_trade

__all__ = ["ticker_from_push", "bids_asks_from_level1", "trade_from_match", "ohlcv_from_candles",
           "order_from_change", "my_trade_from_change", "balance_entry_from_push"]

Market = Optional[Mapping[str, Any]]


def ticker_from_push(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """``/market/ticker`` push -> ccxt ticker (bid/ask/last and their sizes; no 24 h statistics)."""
    stamp = to_int(data.get("time", data.get("Time")))
    return parse_ticker(data, market, num, timestamp=stamp)


def bids_asks_from_level1(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """``/spotMarket/level1`` push -> ccxt ticker with only bid/ask filled (what watch_bids_asks gives)."""
    bids = data.get("bids") or [None, None]
    asks = data.get("asks") or [None, None]
    item = {"bestBid": bids[0], "bestBidSize": bids[1], "bestAsk": asks[0], "bestAskSize": asks[1]}
    return parse_ticker(item, market, num, timestamp=to_int(data.get("timestamp")))


def trade_from_match(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """``/market/match`` push -> ccxt trade (``time`` is in ns; ``id`` is ``tradeId``)."""
    return parse_trade(data, market, num)


def ohlcv_from_candles(data: Mapping[str, Any], num: Num) -> list[Any]:
    """``/market/candles`` push -> ``[ms, open, high, low, close, volume]``."""
    return parse_ohlcv(list(data.get("candles") or []), num)


def _order_item(data: Mapping[str, Any]) -> dict[str, Any]:
    event = data.get("type")
    status = data.get("status")
    ts = to_int(data.get("ts"))
    item: dict[str, Any] = {
        "id": data.get("orderId"),
        "clientOid": data.get("clientOid"),
        "symbol": data.get("symbol"),
        "type": data.get("orderType"),
        "side": data.get("side"),
        "price": data.get("price"),
        "size": data.get("size", data.get("originSize")),
        "dealSize": data.get("filledSize"),
        "remainSize": data.get("remainSize"),
        "canceledSize": data.get("canceledSize"),
        "orderTime": data.get("orderTime"),
        "lastUpdatedAt": None if ts is None else ts // 1_000_000,
    }
    # ``status`` is new/open/match/done; ``type`` tells whether a done order was filled or canceled.
    if status == "done" or event in ("filled", "canceled"):
        item["active"] = False
        item["cancelExist"] = event == "canceled"
    else:
        item["active"] = True
    return item


def order_from_change(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """``orderChange`` push -> ccxt order; ``info`` is the push ``data``."""
    order = parse_order(_order_item(data), market, num)
    if data.get("type") == "canceled":
        order["status"] = "canceled"
    order["info"] = data
    return order


def my_trade_from_change(data: Mapping[str, Any], market: Market, num: Num) -> Optional[dict[str, Any]]:
    """An ``orderChange`` push of type ``match`` -> ccxt trade (None for other types)."""
    if data.get("type") != "match":
        return None
    ts = to_int(data.get("ts"))
    item = {"tradeId": data.get("tradeId"), "orderId": data.get("orderId"), "side": data.get("side"),
            "price": data.get("matchPrice"), "size": data.get("matchSize"), "ts": ts,
            "liquidity": data.get("liquidity"), "type": data.get("orderType")}
    trade = parse_trade(item, market, num)
    trade["info"] = data
    return trade


def balance_entry_from_push(data: Mapping[str, Any], num: Num) -> tuple[Optional[str], dict[str, Any], Optional[int]]:
    """``account.balance`` push -> (currency code, ``{free, used, total}``, timestamp ms)."""
    code = currency_code(data.get("currency"))
    entry = {"free": out(num, dec(data.get("available"))), "used": out(num, dec(data.get("hold"))),
             "total": out(num, dec(data.get("total")))}
    return code, entry, to_int(data.get("time"))

