"""Futures order and fill payloads -> ccxt order and trade structures (pure core).

Layer: pure core. Rule: no I/O, no clock; Decimal math, numbers leave through ``num``.

Shapes read (https://www.kucoin.com/docs-new/rest/futures-trading/orders/...): the order detail
(``GET /api/v1/orders/{orderId}``, api-3470245, and the ``/api/v1/orders``, ``/api/v1/stopOrders`` lists):
``id symbol type side price size filledSize filledValue avgDealPrice isActive cancelExist stopPrice
timeInForce postOnly reduceOnly clientOid createdAt updatedAt``; placement acks ``{orderId, clientOid}``;
fills (``GET /api/v1/fills``, api-3470248): ``tradeId orderId side liquidity price size value fee feeRate
feeCurrency orderType createdAt``.

As ccxt 4.5's ``parse_contract_order`` (compared field by field in tests/parity/test_parity_futures_trading.py):
``amount`` = ``size`` (contracts), ``filled`` = ``filledSize``, ``cost`` = ``filledValue``, ``average`` =
``avgDealPrice`` (a zero means none yet), else ``filledValue / (contractSize x filledSize)`` on a linear
contract and ``contractSize x filledSize / filledValue`` on an inverse one; status ``isActive`` -> open,
else closed, ``cancelExist`` -> canceled. A fill's ``timestamp`` is ``createdAt`` (ms), its ``cost`` the
``value``, its fee ``{fee, feeCurrency, feeRate}``. Differences: an ack's ``fee`` is None and ``fees`` empty
(ccxt: a fee of None values); a market order's ``price`` is its average, as ccxt shows it.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional

from ...core.currency_codes import currency_code
from ...core.fields import dec, div_trunc, exact, first, listing, mapping, out, text, to_int
from ...core.numbers import Num
from ...core.timeutil import iso8601

__all__ = ["parse_contract_order", "parse_contract_orders", "parse_my_trade", "order_status"]


def _flag(item: Mapping[str, Any], key: str) -> Optional[bool]:
    value = item.get(key)
    return value if isinstance(value, bool) else None


def _positive(value: Optional[Decimal]) -> Optional[Decimal]:
    return value if value is not None and value > 0 else None


def _contract_size(market: Optional[Mapping[str, Any]]) -> Optional[Decimal]:
    info = (market or {}).get("info")
    multiplier = dec(info.get("multiplier")) if isinstance(info, Mapping) else None
    return abs(multiplier) if multiplier is not None else None


def order_status(item: Mapping[str, Any]) -> Optional[str]:
    """ccxt's status of a futures order payload: canceled, open, closed, or None for an ack."""
    if item.get("cancelExist") is True:
        return "canceled"
    active = _flag(item, "isActive")
    if active is None:
        return None
    return "open" if active else "closed"


def _average(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], filled: Optional[Decimal],
             cost: Optional[Decimal]) -> Optional[Decimal]:
    given = _positive(dec(item.get("avgDealPrice")))
    if given is not None or not filled or not cost:
        return given
    size = _contract_size(market)
    if size is None:
        return None
    if market and market.get("inverse"):
        return div_trunc(exact("*", size, filled), cost)
    return div_trunc(cost, exact("*", size, filled))


def parse_contract_order(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    """One futures order payload (or placement ack) -> ccxt order."""
    item = mapping(item, "order")
    created = to_int(item.get("createdAt"))
    order_type = text(item.get("type"), "order type")
    amount = _positive(dec(item.get("size")))
    filled = dec(item.get("filledSize"))
    cost = dec(item.get("filledValue"))
    average = _average(item, market, filled, cost)
    price = _positive(dec(item.get("price")))
    if price is None and order_type == "market":
        price = average  # a market order has no limit price ("0" on the wire): what it paid, as ccxt shows
    remaining = exact("-", amount, filled) if amount is not None and filled is not None else None
    trigger = _positive(dec(item.get("stopPrice")))
    fee_cost = dec(item.get("fee"))
    fee = None
    if fee_cost is not None:
        fee = {"cost": out(num, fee_cost), "currency": currency_code(item.get("feeCurrency")), "rate": None}
    return {
        "info": item,
        "id": text(first(item, "id", "orderId"), "order id"),
        "clientOrderId": text(item.get("clientOid"), "clientOid"),
        "symbol": market.get("symbol") if market else None,
        "type": order_type,
        "timeInForce": text(item.get("timeInForce"), "timeInForce"),
        "postOnly": _flag(item, "postOnly"),
        "reduceOnly": _flag(item, "reduceOnly"),
        "side": text(item.get("side"), "side"),
        "amount": out(num, amount),
        "price": out(num, price),
        "stopPrice": out(num, trigger),
        "triggerPrice": out(num, trigger),
        "cost": out(num, cost),
        "filled": out(num, filled),
        "remaining": out(num, remaining),
        "timestamp": created,
        "datetime": iso8601(created),
        "fee": fee,
        "status": order_status(item),
        "lastTradeTimestamp": None,
        "lastUpdateTimestamp": to_int(item.get("updatedAt")),
        "average": out(num, average),
        "trades": [],
        "fees": [dict(fee)] if fee else [],
        "takeProfitPrice": None,
        "stopLossPrice": None,
    }


def parse_contract_orders(items: Any, markets_by_id: Mapping[str, Mapping[str, Any]], num: Num,
                          since: Optional[int] = None, limit: Optional[int] = None) -> List[Dict[str, Any]]:
    """Parse, sort ascending by timestamp, keep ``timestamp >= since``, then ``limit`` (ccxt's rule: the first
    ``limit`` with ``since``, else the last ``limit``)."""
    orders = [parse_contract_order(item, markets_by_id.get(str(mapping(item, "order").get("symbol"))), num)
              for item in listing(items, "orders")]
    orders.sort(key=lambda o: (o["timestamp"] is None, o["timestamp"] or 0))
    if since is not None:
        orders = [o for o in orders if o["timestamp"] is not None and o["timestamp"] >= since]
    if limit is not None:
        orders = orders[:limit] if since is not None else orders[-limit:]
    return orders


def parse_my_trade(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    """One fill of ``GET /api/v1/fills`` -> ccxt trade (amount in contracts, cost = KuCoin's ``value``)."""
    item = mapping(item, "fill")
    timestamp = to_int(item.get("createdAt"))
    price = dec(item.get("price"))
    amount = dec(item.get("size"))
    cost = dec(item.get("value"))
    if cost is None:
        cost = exact("*", exact("*", price, amount), _contract_size(market))
    fee_cost = dec(item.get("fee"))
    fee = None
    if fee_cost is not None:
        code = currency_code(item.get("feeCurrency")) or ((market or {}).get("quote") if item.get("side") == "sell"
                                                          else (market or {}).get("base"))
        fee = {"cost": out(num, fee_cost), "currency": code, "rate": out(num, dec(item.get("feeRate")))}
    order_type = text(first(item, "type", "orderType"), "order type")
    return {
        "info": item,
        "id": text(first(item, "tradeId", "id"), "tradeId"),
        "order": text(item.get("orderId"), "orderId"),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "symbol": market.get("symbol") if market else None,
        "type": None if order_type == "match" else order_type,
        "takerOrMaker": text(item.get("liquidity"), "liquidity"),
        "side": text(item.get("side"), "side"),
        "price": out(num, price),
        "amount": out(num, amount),
        "cost": out(num, cost),
        "fee": fee,
        "fees": [dict(fee)] if fee else [],
    }
