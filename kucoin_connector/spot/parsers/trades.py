"""Spot trade payloads -> ccxt trade structures (pure core).

Layer: pure core. Rule: no I/O, no clock; numbers leave through ``num``.

Source: https://www.kucoin.com/docs-new/api-3470162 ("Get Trade History", ``/api/v1/market/
histories``): items ``{sequence, price, size, side, time}`` where ``time`` is in **nanoseconds**.
The same function reads HF fills (https://www.kucoin.com/docs-new/api-3470180, ``/api/v1/hf/fills``:
``tradeId orderId liquidity type price size funds fee feeRate feeCurrency createdAt`` in ms), so a
private-trades parser can reuse it.

Mirrored from ccxt 4.5 (observed on the spec example): ``id`` is ``tradeId``/``id``; type
``"match"`` -> None; ``cost = funds`` or else ``price * amount`` exactly; a trade without a fee has
``fee`` with None values and ``fees: []``; with one, ``fees`` is ``[fee]`` and a missing
``feeCurrency`` defaults to quote for sells and base for buys.

Deliberate differences: public history items carry no ``tradeId``, only ``sequence`` (unique and
increasing per symbol; the ``/market/match`` push sends the same value as ``tradeId``), and ccxt
leaves their ``id`` None; we use ``sequence`` so consumers that de-duplicate on (timestamp, id),
like Freqtrade's trade download, do not merge distinct trades of the same millisecond. ns -> ms uses
integer division (ccxt divides as a float, which rounds
``...877999999`` ns up to ``...878`` ms); the fee-less ``fee`` also has ``rate: None`` (the
``reference/ccxt.md`` key set; ccxt emits only cost and currency there).
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.fields import dec, exact, first, listing, mapping, out, text, to_int
from ...core.currency_codes import currency_code

__all__ = ["parse_trade", "parse_trades"]


def _timestamp(item: Mapping[str, Any]) -> Optional[int]:
    nanoseconds = to_int(first(item, "time", "ts"))
    if nanoseconds is not None:
        return nanoseconds // 1_000_000
    created = to_int(item.get("createdAt"))
    if created is not None and "dealValue" in item:
        return created * 1000  # classic order-trade items in seconds (ccxt's rule)
    return created


def _fee(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    cost = dec(item.get("fee"))
    if cost is None:
        return {"cost": None, "currency": None, "rate": None}
    code = currency_code(item.get("feeCurrency"))
    if code is None and market:
        code = market.get("quote") if item.get("side") == "sell" else market.get("base")
    return {"cost": out(num, cost), "currency": code, "rate": out(num, dec(item.get("feeRate")))}


def parse_trade(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    """A trade-history item (or HF fill) -> ccxt trade."""
    if type(item) is not dict:
        item = mapping(item, "trade")
    timestamp = _timestamp(item)
    price = dec(first(item, "price", "dealPrice"))
    amount = dec(first(item, "size", "amount"))
    cost = dec(first(item, "funds", "dealValue"))
    if cost is None:
        cost = exact("*", price, amount)
    trade_id = text(first(item, "tradeId", "id", "sequence"), "trade id")
    order_id = text(item.get("orderId"), "orderId")
    trade_type = text(item.get("type"), "trade type")
    fee = _fee(item, market, num)
    return {
        "info": item,
        "id": trade_id,
        "order": order_id,
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "symbol": market.get("symbol") if market else None,
        "type": None if trade_type == "match" else trade_type,
        "takerOrMaker": text(item.get("liquidity"), "liquidity"),
        "side": text(item.get("side"), "side"),
        "price": out(num, price),
        "amount": out(num, amount),
        "cost": out(num, cost),
        "fee": fee,
        "fees": [] if fee["cost"] is None else [dict(fee)],
    }


def parse_trades(
    items: List[Mapping[str, Any]],
    market: Optional[Mapping[str, Any]],
    num: Num,
    since: Optional[int] = None,
    limit: Optional[int] = None,
) -> List[Dict[str, Any]]:
    """Parse, sort ascending by (timestamp, id) (stable), keep ``timestamp >= since``, then the first
    ``limit`` when ``since`` is given, else the last ``limit`` (ccxt's ``filterBySinceLimit``)."""
    trades = [parse_trade(item, market, num) for item in listing(items, "trades")]
    trades.sort(key=lambda t: (t["timestamp"] is None, t["timestamp"] or 0, t["id"] or ""))
    if since is not None:
        trades = [t for t in trades if t["timestamp"] and t["timestamp"] >= since]
    if limit is not None:
        if limit <= 0:
            return []
        trades = trades[:limit] if since is not None else trades[-limit:]
    return trades
