"""``/api/v1/contracts/active`` items -> ccxt contract markets; open interest (pure core).

Layer: pure core. Rule: no I/O; numbers leave through the face's ``num`` converter.

Source: https://www.kucoin.com/docs-new/api-3470220 ("Get All Symbols", futures) and
https://www.kucoin.com/docs-new/api-3470221 ("Get Symbol"). Field -> unified key, as ccxt 4.5's
``kucoinfutures.fetch_markets`` maps them (observed by running it on the spec example):

* ``symbol`` "XBTUSDTM" -> ``id``; ``baseCurrency``/``quoteCurrency``/``settleCurrency`` -> ``*Id``, and
  through :func:`~kucoin_connector.spot.parsers.currencies.currency_code` (XBT -> BTC) the codes;
* a contract without ``nextFundingRateTime`` is a dated ``future`` (symbol ``BTC/USDT:USDT-261225``, the
  ``expireDate`` as yymmdd), else a perpetual ``swap`` (``BTC/USDT:USDT``; inverse ``BTC/USD:BTC``);
* ``isInverse`` -> ``inverse`` (``linear`` is its negation, ``subType`` names it); ``status == "Open"`` ->
  ``active``; ``contractSize`` = ``|multiplier|`` (KuCoin writes inverse multipliers negative: -1 USD);
* ``precision``: ``amount`` = ``lotSize`` (amounts count contracts), ``price`` = ``tickSize``;
  ``limits``: amount ``lotSize``..``maxOrderQty``, price ``tickSize``..``maxPrice``, leverage
  1..``maxLeverage``, cost unknown; ``taker``/``maker`` = ``takerFeeRate``/``makerFeeRate``;
  ``created`` = ``firstOpenDate``.

Differences from ccxt, deliberate: the market carries the whole key set of ``reference/ccxt.md``
(``precision.cost``/``base``/``quote`` None); ``marginModes.cross`` is the contract's ``supportCross``
(ccxt: None). ccxt's loaded markets also carry fee ``tiers`` from its static table; left out as for spot.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, Mapping, Optional

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.fields import dec, exact, mapping, out, text, to_int
from ...core.currency_codes import currency_code

__all__ = ["parse_contract", "parse_open_interest", "contract_symbol"]

_ONE = Decimal(1)


def contract_symbol(base: str, quote: str, settle: Optional[str], expiry: Optional[int]) -> str:
    """``BASE/QUOTE:SETTLE``, plus ``-yymmdd`` of the expiry for a dated contract."""
    symbol = f"{base}/{quote}:{settle}"
    if expiry is not None:
        day = iso8601(expiry) or ""
        symbol += "-" + day[2:4] + day[5:7] + day[8:10]
    return symbol


def parse_contract(item: Mapping[str, Any], num: Num) -> Dict[str, Any]:
    """One contract item -> ccxt market (swap or future). Raises ``ValueError`` without a usable id."""
    item = mapping(item, "contract item")
    market_id = text(item.get("symbol"), "symbol")
    base_id = text(item.get("baseCurrency"), "baseCurrency")
    quote_id = text(item.get("quoteCurrency"), "quoteCurrency")
    settle_id = text(item.get("settleCurrency"), "settleCurrency")
    if not market_id or not base_id or not quote_id:
        raise ValueError(f"contract item without symbol, base or quote ({str(market_id)[:40]!r})")
    base, quote, settle = currency_code(base_id), currency_code(quote_id), currency_code(settle_id)
    dated = item.get("nextFundingRateTime") is None
    expiry = to_int(item.get("expireDate"))
    inverse = item.get("isInverse")
    inverse = inverse if isinstance(inverse, bool) else None
    multiplier = dec(item.get("multiplier"))
    tick = dec(item.get("tickSize"))
    lot = dec(item.get("lotSize"))
    cross = item.get("supportCross")
    return {
        "id": market_id,
        "lowercaseId": None,
        "symbol": contract_symbol(base, quote, settle, expiry if dated else None),
        "base": base,
        "quote": quote,
        "settle": settle,
        "baseId": base_id,
        "quoteId": quote_id,
        "settleId": settle_id,
        "type": "future" if dated else "swap",
        "spot": False,
        "margin": False,
        "swap": not dated,
        "future": dated,
        "option": False,
        "index": None,
        "active": item.get("status") == "Open",
        "contract": True,
        "linear": inverse is not True,
        "inverse": inverse,
        "subType": "inverse" if inverse else "linear",
        "taker": out(num, dec(item.get("takerFeeRate"))),
        "maker": out(num, dec(item.get("makerFeeRate"))),
        "contractSize": out(num, abs(multiplier) if multiplier is not None else None),
        "expiry": expiry,
        "expiryDatetime": iso8601(expiry),
        "strike": None,
        "optionType": None,
        "precision": {"amount": out(num, lot), "price": out(num, tick), "cost": None, "base": None,
                      "quote": None},
        "limits": {
            "leverage": {"min": out(num, _ONE), "max": out(num, dec(item.get("maxLeverage")))},
            "amount": {"min": out(num, lot), "max": out(num, dec(item.get("maxOrderQty")))},
            "price": {"min": out(num, tick), "max": out(num, dec(item.get("maxPrice")))},
            "cost": {"min": None, "max": None},
        },
        "marginModes": {"cross": cross if isinstance(cross, bool) else None, "isolated": None},
        "created": to_int(item.get("firstOpenDate")),
        "info": item,
    }


def parse_open_interest(item: Mapping[str, Any], market: Mapping[str, Any], num: Num,
                        now_ms: Optional[int] = None) -> Dict[str, Any]:
    """A contract item's ``openInterest`` (contracts) -> ccxt open-interest structure. KuCoin's futures
    host states no time for it, so ``timestamp`` is the moment the answer was read (``now_ms``);
    ``openInterestValue`` = contracts x contract size x mark price for a linear contract (quote), and
    contracts x contract size for an inverse one (its contracts are quote units, USD)."""
    item = mapping(item, "contract item")
    amount = dec(item.get("openInterest"))
    size = dec(market.get("info", {}).get("multiplier"))
    mark = dec(item.get("markPrice"))
    value = None
    if amount is not None and size is not None:
        contracts = exact("*", amount, abs(size))
        value = contracts if market.get("inverse") else exact("*", contracts, mark)
    return {
        "symbol": market.get("symbol"),
        "baseVolume": None,
        "quoteVolume": None,
        "openInterestAmount": out(num, amount),
        "openInterestValue": out(num, value),
        "timestamp": now_ms,
        "datetime": iso8601(now_ms),
        "info": item,
    }
