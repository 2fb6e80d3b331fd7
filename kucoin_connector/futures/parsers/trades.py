"""Futures public trades -> ccxt trade structures (pure core).

Source: https://www.kucoin.com/docs-new/api-3470232 (``/api/v1/trade/history``, the last 100 trades, newest
first): ``sequence tradeId makerOrderId takerOrderId ts size price side`` (``ts`` in ns, ``size`` in
contracts). As ccxt 4.5's ``parse_contract_trade``: ``id`` = ``tradeId``, ``order``/``type``/
``takerOrMaker`` None, ``amount`` = contracts, fee unknown.

``cost``: for a linear contract ``price x amount x contractSize`` (quote currency), as ccxt. For an inverse
contract ccxt also multiplies by the price (67,867.8 for one 1-USD contract); we give ccxt's general rule
for inverse markets (``safeTrade``): ``amount x contractSize / price``, the value in the base currency.
"""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.fields import dec, div_trunc, exact, mapping, out, text, to_int

__all__ = ["parse_contract_trade"]


def parse_contract_trade(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    item = mapping(item, "trade")
    ts = to_int(item.get("ts"))
    timestamp = ts // 1_000_000 if ts is not None else None
    price = dec(item.get("price"))
    amount = dec(item.get("size"))
    size = dec((market or {}).get("contractSize"))
    if market and market.get("inverse"):
        cost = div_trunc(exact("*", amount, size), price)
    else:
        cost = exact("*", exact("*", price, amount), size)
    return {
        "info": item,
        "id": text(item.get("tradeId"), "tradeId"),
        "order": None,
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "symbol": market.get("symbol") if market else None,
        "type": None,
        "takerOrMaker": None,
        "side": text(item.get("side"), "side"),
        "price": out(num, price),
        "amount": out(num, amount),
        "cost": out(num, cost),
        "fee": {"cost": None, "currency": None, "rate": None},
        "fees": [],
    }
