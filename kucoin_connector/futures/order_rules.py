"""Futures order validation and rounding against a contract's lot, tick and limits (pure core).

Layer: pure core. Rule: no I/O, no clock; Decimal arithmetic on KuCoin's own strings. An order that cannot
be valid raises :class:`InvalidOrder` (a suspended contract :class:`BadSymbol`), so nothing is sent.

Contract fields (https://www.kucoin.com/docs-new/api-3470220, "Get All Symbols", futures): ``lotSize`` (the
size step, in contracts), ``maxOrderQty``, ``tickSize``, ``maxPrice``, ``maxLeverage``. ccxt counts a futures
``amount`` in contracts and rounds as for spot: the amount truncated to the lot (``amount_to_precision``), the
price rounded half away from zero to the tick (``price_to_precision``); ccxt refuses an amount below 1
contract ("minimum contract order amount is 1"), which is the lot minimum here.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Optional

from ..core.numbers import parse_decimal, plain
from ..core.precision import positive_decimal, round_to_step, truncate_to_step
from ..errors import BadSymbol, InvalidOrder

__all__ = ["contract_rule", "check_contracts", "check_price", "check_leverage", "wire_size"]


def contract_rule(market: Mapping[str, Any], key: str) -> Optional[Decimal]:
    """A contract field as an exact Decimal, read from the market's raw ``info`` (KuCoin's own value)."""
    info = market.get("info")
    return parse_decimal(info.get(key)) if isinstance(info, Mapping) else None


def _active(market: Mapping[str, Any]) -> str:
    symbol = str(market.get("symbol"))
    if market.get("active") is False:
        raise BadSymbol(f"trading of {symbol} is suspended (contract not Open)")
    return symbol


def check_contracts(market: Mapping[str, Any], amount: Any, what: str = "amount") -> Decimal:
    """Contracts truncated to ``lotSize``, at least one lot and at most ``maxOrderQty``."""
    symbol = _active(market)
    value = positive_decimal(amount, what, error=InvalidOrder, where=symbol)
    lot = contract_rule(market, "lotSize") or Decimal(1)
    size = truncate_to_step(value, lot)
    if size < lot:
        raise InvalidOrder(f"{what} {plain(value)} of {symbol} is below the minimum of one lot ({plain(lot)} "
                           f"contracts)")
    maximum = contract_rule(market, "maxOrderQty")
    if maximum is not None and maximum > 0 and size > maximum:
        raise InvalidOrder(f"{what} {plain(size)} of {symbol} is above the maximum {plain(maximum)} contracts")
    return size


def wire_size(size: Decimal) -> Any:
    """KuCoin's ``size`` is an integer count of lots: an int when whole, else the plain text."""
    return int(size) if size == size.to_integral_value() else plain(size)


def check_price(market: Mapping[str, Any], price: Any, what: str = "price") -> str:
    """Price rounded half away from zero to ``tickSize``, positive and at most ``maxPrice``; wire text."""
    symbol = _active(market)
    raw = positive_decimal(price, what, error=InvalidOrder, where=symbol)
    tick = contract_rule(market, "tickSize")
    rounded = round_to_step(raw, tick) if tick else raw
    if rounded <= 0:
        raise InvalidOrder(f"{what} {plain(raw)} of {symbol} rounds to zero at the tick {plain(tick)}")
    maximum = contract_rule(market, "maxPrice")
    if maximum is not None and maximum > 0 and rounded > maximum:
        raise InvalidOrder(f"{what} {plain(rounded)} of {symbol} is above the maximum {plain(maximum)}")
    return plain(rounded)


def check_leverage(market: Mapping[str, Any], leverage: Any, error: type[Exception] = InvalidOrder) -> Any:
    """Leverage within 1..``maxLeverage`` of the contract (KuCoin's risk limit); an int when whole."""
    symbol = str(market.get("symbol"))
    value = positive_decimal(leverage, "leverage", error=error, where=symbol)
    maximum = contract_rule(market, "maxLeverage")
    if value < 1 or (maximum is not None and value > maximum):
        raise error(f"leverage {plain(value)} of {symbol} is outside 1..{plain(maximum) if maximum else '-'}")
    return int(value) if value == value.to_integral_value() else plain(value)
