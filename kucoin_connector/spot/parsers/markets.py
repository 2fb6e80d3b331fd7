"""``/api/v2/symbols`` items -> ccxt spot market structures (pure core).

Layer: pure core. Rule: no I/O; numbers leave through the face's ``num`` converter.

Source: https://www.kucoin.com/docs-new/api-3470154 ("Get All Symbols") and
https://www.kucoin.com/docs-new/api-3470159 ("Get Symbol"). Field -> unified key, as ccxt 4.5 maps
them (observed by running its ``fetch_markets``/``load_markets`` on the spec example):

* ``symbol`` "BTC-USDT" -> ``id``; ``baseId``/``quoteId`` from splitting the id on ``-``; ``base``/
  ``quote`` through :func:`~kucoin_connector.spot.parsers.currencies.currency_code` (XBT -> BTC ...);
* ``enableTrading`` -> ``active``; ``isMarginEnabled`` (or a cross/isolated listing) -> ``margin``;
* ``precision``: ``amount`` = ``baseIncrement``, ``price`` = ``priceIncrement`` (tick sizes, ccxt
  ``TICK_SIZE`` mode); ``limits``: amount = ``baseMinSize``..``baseMaxSize``, cost =
  ``quoteMinSize``..``quoteMaxSize``, price and leverage unknown (None);
* ``taker``/``maker``: ``takerFeeRate * takerCoefficient`` from the ``/api/v1/market/allTickers``
  item of the same symbol when the caller passes it, else KuCoin's base spot rate 0.001 (what
  ccxt's ``load_markets`` fills in from its fee table when no ticker rate is known).

Deliberate differences from ccxt (ccxt emits only ``precision.amount``/``price``): the key set of
``reference/ccxt.md`` also has ``precision.cost``/``base``/``quote``; we fill ``cost`` and ``quote``
with ``quoteIncrement`` (KuCoin's step for market-order ``funds``) and ``base`` with
``baseIncrement``. ccxt's loaded markets also carry ``tierBased``/``percentage``/``tiers`` from its
static fee table; those are not market facts and are left out.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, Mapping, Optional

from ...core.numbers import Num
from ...core.fields import dec, exact, mapping, out, text
from ...core.currency_codes import currency_code

__all__ = ["parse_market", "DEFAULT_SPOT_FEE"]

# KuCoin's base (VIP0) spot maker/taker rate: the takerFeeRate/makerFeeRate ("Basic Taker/Maker
# Fee") of https://www.kucoin.com/docs-new/api-3470167 for a coefficient of 1.
DEFAULT_SPOT_FEE = Decimal("0.001")


def _split_id(item: Mapping[str, Any]) -> "tuple[str, str, str]":
    market_id = item.get("symbol")
    if not isinstance(market_id, str) or not market_id:
        raise ValueError(f"symbol item without a 'symbol' id (got {type(market_id).__name__})")
    parts = market_id.split("-")
    if len(parts) == 2 and all(parts):
        return market_id, parts[0], parts[1]
    base_id, quote_id = text(item.get("baseCurrency"), "baseCurrency"), text(item.get("quoteCurrency"), "quoteCurrency")
    if not base_id or not quote_id:
        raise ValueError(f"cannot tell base and quote of {market_id[:40]!r}")
    return market_id, base_id, quote_id


def _fee(ticker: Optional[Mapping[str, Any]], rate_key: str, coefficient_key: str) -> Decimal:
    if ticker:
        ticker = mapping(ticker, "ticker")
        fee = exact("*", dec(ticker.get(rate_key)), dec(ticker.get(coefficient_key)))
        if fee is not None:
            return fee
    return DEFAULT_SPOT_FEE


def parse_market(
    item: Mapping[str, Any],
    num: Num,
    *,
    ticker: Optional[Mapping[str, Any]] = None,
    cross: bool = False,
    isolated: bool = False,
) -> Dict[str, Any]:
    """One ``/api/v2/symbols`` item -> ccxt market (spot).

    ``ticker``: the ``allTickers`` item of this symbol, for its fee rates (optional).
    ``cross``/``isolated``: whether the symbol is listed by the (private) cross / isolated margin
    symbol endpoints; ccxt only knows this when credentials are set, else both are False.
    Raises ``ValueError`` for an item without a usable ``symbol``.
    """
    item = mapping(item, "symbol item")
    market_id, base_id, quote_id = _split_id(item)
    base, quote = currency_code(base_id), currency_code(quote_id)
    margin_enabled = item.get("isMarginEnabled") is True
    enable_trading = item.get("enableTrading")
    base_step = dec(item.get("baseIncrement"))
    quote_step = dec(item.get("quoteIncrement"))
    return {
        "id": market_id,
        "lowercaseId": None,
        "symbol": f"{base}/{quote}",
        "base": base,
        "quote": quote,
        "settle": None,
        "baseId": base_id,
        "quoteId": quote_id,
        "settleId": None,
        "type": "spot",
        "spot": True,
        "margin": margin_enabled or cross or isolated,
        "swap": False,
        "future": False,
        "option": False,
        "index": None,
        "active": enable_trading if isinstance(enable_trading, bool) else None,
        "contract": False,
        "linear": None,
        "inverse": None,
        "subType": None,
        "taker": out(num, _fee(ticker, "takerFeeRate", "takerCoefficient")),
        "maker": out(num, _fee(ticker, "makerFeeRate", "makerCoefficient")),
        "contractSize": None,
        "expiry": None,
        "expiryDatetime": None,
        "strike": None,
        "optionType": None,
        "precision": {
            "amount": out(num, base_step),
            "price": out(num, dec(item.get("priceIncrement"))),
            "cost": out(num, quote_step),
            "base": out(num, base_step),
            "quote": out(num, quote_step),
        },
        "limits": {
            "leverage": {"min": None, "max": None},
            "amount": {
                "min": out(num, dec(item.get("baseMinSize"))),
                "max": out(num, dec(item.get("baseMaxSize"))),
            },
            "price": {"min": None, "max": None},
            "cost": {
                "min": out(num, dec(item.get("quoteMinSize"))),
                "max": out(num, dec(item.get("quoteMaxSize"))),
            },
        },
        "marginModes": {"cross": bool(cross), "isolated": bool(isolated)},
        "created": None,
        "info": item,
    }
