"""Futures positions, leverage, margin mode, risk-limit tiers, funding payments and the futures account
-> ccxt structures (pure core).

Layer: pure core. Rule: no I/O, no clock; Decimal math, numbers leave through ``num``.

Sources (https://www.kucoin.com/docs-new/rest/futures-trading/positions/...): ``GET /api/v1/position``
(api-3470252), ``/api/v1/positions`` (api-3470253), ``/api/v1/history-positions`` (api-3470254),
``/api/v2/getCrossUserLeverage`` (api-3470260), ``/api/v2/position/getMarginMode`` (api-3470259),
``/api/v1/contracts/risk-limit/{symbol}`` (api-3470263), ``/api/v1/funding-history`` (api-3470267),
``/api/v1/account-overview`` (api-3470129). Field -> unified key as ccxt 4.5's ``parse_position``,
``parse_leverage``, ``parse_margin_mode``, ``parse_market_leverage_tiers``, ``fetch_funding_history`` and
``fetch_contract_balance`` map them (compared in tests/parity/test_parity_futures_trading.py).

Differences from ccxt, deliberate: ccxt's ``safe_position`` derives ``marginRatio`` and ``percentage`` (and,
when KuCoin omits them, margins and prices) from the other fields with its own rounding; ours reports what
KuCoin states and leaves those two None. ``initialMarginPercentage`` is ``posInit / posCost`` exactly, or
``1 / leverage`` without margin figures (a closed position), as ccxt.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional

from ...core.currency_codes import currency_code
from ...core.fields import dec, div_trunc, exact, first, mapping, out, text, to_int
from ...core.numbers import Num
from ...core.timeutil import iso8601

__all__ = ["parse_position", "parse_leverage", "parse_margin_mode", "parse_leverage_tiers",
           "parse_funding_payment", "parse_balance", "parse_margin_change"]


def _abs(value: Optional[Decimal]) -> Optional[Decimal]:
    return abs(value) if value is not None else None


def _side(item: Mapping[str, Any], size: Optional[Decimal]) -> Optional[str]:
    side = item.get("side")
    if isinstance(side, str) and side:
        return side.lower()
    if size is not None and size != 0:
        return "long" if size > 0 else "short"
    kind = item.get("type")
    if isinstance(kind, str) and kind:
        return "long" if "long" in kind.lower() else "short"
    return None


def _margin_mode(item: Mapping[str, Any]) -> Optional[str]:
    cross = item.get("crossMode")
    if isinstance(cross, bool):
        return "cross" if cross else "isolated"
    mode = item.get("marginMode")
    return mode.lower() if isinstance(mode, str) and mode else None


def parse_position(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    """An open position (``/api/v1/position(s)``) or a closed one (``/api/v1/history-positions``)."""
    item = mapping(item, "position")
    timestamp = to_int(item.get("currentTimestamp"))
    size = dec(first(item, "currentQty", "size", "maxSize", "closeSize"))
    notional = _abs(dec(first(item, "posCost", "positionValue")))
    initial = dec(first(item, "posInit", "initialMargin"))
    unrealised = dec(first(item, "unrealisedPnl", "unrealizedPnL"))
    mode = _margin_mode(item)
    collateral = dec(item.get("maintMargin"))
    margin = None
    if collateral is None and mode == "isolated":
        margin = dec(item.get("posMargin"))
        collateral = exact("+", margin, unrealised) if unrealised is not None else margin
    elif mode == "isolated":
        margin = dec(item.get("posMargin"))
    updated = to_int(item.get("closeTime"))
    leverage = dec(first(item, "realLeverage", "leverage"))
    initial_pct = div_trunc(initial, notional) if initial is not None and notional else None
    if initial_pct is None and leverage:
        initial_pct = div_trunc(Decimal(1), leverage)  # no margin figures (a closed position): 1 / leverage
    return {
        "info": item,
        "id": text(first(item, "id", "positionId", "closeId"), "position id"),
        "symbol": market.get("symbol") if market else None,
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "lastUpdateTimestamp": updated,
        "hedged": None,
        "side": _side(item, size),
        "contracts": out(num, _abs(size)),
        "contractSize": (market or {}).get("contractSize"),
        "entryPrice": out(num, dec(first(item, "avgEntryPrice", "openPrice", "entryPrice"))),
        "markPrice": out(num, dec(item.get("markPrice"))),
        "lastPrice": out(num, dec(item.get("closePrice"))),
        "notional": out(num, notional),
        "leverage": out(num, leverage),
        "collateral": out(num, collateral),
        "initialMargin": out(num, initial),
        "initialMarginPercentage": out(num, initial_pct),
        "maintenanceMargin": out(num, dec(first(item, "posMaint", "maintenanceMargin"))),
        "maintenanceMarginPercentage": out(num, dec(first(item, "maintMarginReq", "mmr"))),
        "unrealizedPnl": out(num, unrealised),
        "realizedPnl": out(num, dec(first(item, "realisedPnl", "pnl", "realizedPnL"))),
        "liquidationPrice": out(num, dec(item.get("liquidationPrice"))),
        "marginMode": mode,
        "marginRatio": None,
        "percentage": None,
        "positionMargin": out(num, margin),
        "stopLossPrice": None,
        "takeProfitPrice": None,
    }


def parse_leverage(item: Any, market: Mapping[str, Any], num: Num, mode: Optional[str] = "cross") -> Dict[str, Any]:
    """``{symbol, leverage}`` -> ccxt leverage (one value for both sides)."""
    leverage = dec(item.get("leverage")) if isinstance(item, Mapping) else dec(item)
    value = out(num, leverage)
    return {"info": item, "symbol": market["symbol"], "marginMode": mode, "longLeverage": value,
            "shortLeverage": value}


def parse_margin_mode(item: Mapping[str, Any], market: Mapping[str, Any]) -> Dict[str, Any]:
    item = mapping(item, "margin mode")
    return {"info": item, "symbol": market["symbol"],
            "marginMode": "isolated" if item.get("marginMode") == "ISOLATED" else "cross"}


def parse_leverage_tiers(items: Any, market: Mapping[str, Any], num: Num) -> List[Dict[str, Any]]:
    """Risk-limit levels -> ccxt leverage tiers (notional bounds in the settle currency)."""
    return [{
        "tier": out(num, dec(first(t, "level", "tier"))),
        "symbol": market["symbol"],
        "currency": market.get("base"),
        "minNotional": out(num, dec(first(t, "minRiskLimit", "minSize"))),
        "maxNotional": out(num, dec(first(t, "maxRiskLimit", "maxSize"))),
        "maintenanceMarginRate": out(num, dec(first(t, "maintainMargin", "maintainMarginRate"))),
        "maxLeverage": out(num, dec(t.get("maxLeverage"))),
        "info": t,
    } for t in (items or []) if isinstance(t, Mapping)]


def parse_funding_payment(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    item = mapping(item, "funding payment")
    timestamp = to_int(first(item, "timePoint", "settlementTime"))
    return {
        "info": item,
        "symbol": market.get("symbol") if market else None,
        "code": currency_code(item.get("settleCurrency")),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "id": out(num, dec(item.get("id"))),
        "amount": out(num, dec(first(item, "funding", "fundingFee"))),
        "fundingRate": out(num, dec(item.get("fundingRate"))),
        "markPrice": out(num, dec(item.get("markPrice"))),
        "positionQty": out(num, dec(first(item, "positionQty", "size"))),
        "positionCost": out(num, dec(first(item, "positionCost", "positionValue"))),
    }


def parse_balance(items: List[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    """Account overviews (one per settle currency) -> ccxt balance: ``free`` = ``availableBalance``,
    ``total`` = ``accountEquity``, ``used`` = their difference."""
    result: Dict[str, Any] = {"info": items[0] if len(items) == 1 else list(items), "timestamp": None,
                              "datetime": None, "free": {}, "used": {}, "total": {}}
    for item in items:
        item = mapping(item, "account overview")
        code = currency_code(item.get("currency"))
        if code is None:
            continue
        free, total = dec(item.get("availableBalance")), dec(item.get("accountEquity"))
        used = exact("-", total, free) if free is not None and total is not None else None
        account = {"free": out(num, free), "used": out(num, used), "total": out(num, total)}
        result[code] = account
        for key in ("free", "used", "total"):
            result[key][code] = account[key]
    return result


def parse_margin_change(item: Any, market: Mapping[str, Any], num: Num, kind: str, amount: Decimal,
                        status: Optional[str]) -> Dict[str, Any]:
    """An add (``deposit-margin``, answers the position) or reduce (``withdrawMargin``) of isolated margin."""
    position = item if isinstance(item, Mapping) else {}
    timestamp = to_int(position.get("currentTimestamp"))
    return {
        "info": item,
        "symbol": market["symbol"],
        "type": kind,
        "marginMode": "isolated",
        "amount": out(num, amount),
        "total": out(num, dec(position.get("posMargin"))),
        "code": market.get("settle"),
        "status": status,
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
    }
