"""Account payloads -> ccxt balance, account and ledger structures (pure core).

Layer: pure core. Rule: no I/O, no clock; numbers leave through ``num``.

Sources: ``GET /api/v1/accounts`` (https://www.kucoin.com/docs-new/api-3470125: ``id currency type
balance available holds``), ``GET /api/v3/margin/accounts`` (api-3470127: ``accounts[] {currency total
available hold liability}``), ``GET /api/v3/isolated/accounts`` (api-3470128: ``assets[] {symbol,
baseAsset, quoteAsset}``), ledgers ``GET /api/v1/accounts/ledgers`` and ``/api/v1/hf/accounts/ledgers``
(``id currency amount fee balance accountType bizType direction createdAt context``).
Balance: free = available, used = holds, total = balance; margin adds ``debt`` = liability.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional

from ..numbers import Num
from ..timeutil import iso8601
from ._common import dec, out, to_int
from .currencies import currency_code

__all__ = ["parse_balance", "parse_cross_margin_balance", "parse_isolated_balance", "parse_account",
           "parse_ledger_entry"]


def _finish(result: Dict[str, Any]) -> Dict[str, Any]:
    codes = [k for k in result if k not in ("info", "timestamp", "datetime")]
    for key in ("free", "used", "total"):
        result[key] = {code: result[code][key] for code in codes}
    if any("debt" in result[c] for c in codes):
        result["debt"] = {code: result[code].get("debt") for code in codes}
    return result


def parse_balance(items: Iterable[Mapping[str, Any]], account_type: str, num: Num,
                  info: Any = None) -> Dict[str, Any]:
    """Accounts list filtered to ``account_type`` (``trade_hf``, ``trade``, ``main``...) -> balance."""
    result: Dict[str, Any] = {"info": info if info is not None else items, "timestamp": None, "datetime": None}
    for item in items or ():
        if item.get("type") != account_type:
            continue
        code = currency_code(item.get("currency"))
        if code is None:
            continue
        result[code] = {"free": out(num, dec(item.get("available"))), "used": out(num, dec(item.get("holds"))),
                        "total": out(num, dec(item.get("balance")))}
    return _finish(result)


def _margin_entry(asset: Mapping[str, Any], num: Num) -> Dict[str, Any]:
    return {"free": out(num, dec(asset.get("available"))), "used": out(num, dec(asset.get("hold"))),
            "total": out(num, dec(asset.get("total"))), "debt": out(num, dec(asset.get("liability")))}


def parse_cross_margin_balance(data: Mapping[str, Any], num: Num) -> Dict[str, Any]:
    result: Dict[str, Any] = {"info": data, "timestamp": to_int(data.get("timestamp")), "datetime": None}
    result["datetime"] = iso8601(result["timestamp"])
    for asset in data.get("accounts") or ():
        code = currency_code(asset.get("currency"))
        if code is not None:
            result[code] = _margin_entry(asset, num)
    return _finish(result)


def parse_isolated_balance(data: Mapping[str, Any], markets_by_id: Mapping[str, Mapping[str, Any]],
                           num: Num) -> Dict[str, Any]:
    """Isolated margin: one sub-balance per unified symbol, ``{symbol: {BASE: {...}, QUOTE: {...}}}``
    (ccxt's shape for isolated accounts)."""
    timestamp = to_int(data.get("timestamp"))
    result: Dict[str, Any] = {"info": data, "timestamp": timestamp, "datetime": iso8601(timestamp)}
    for pair in data.get("assets") or ():
        market = markets_by_id.get(str(pair.get("symbol")))
        symbol = market["symbol"] if market else str(pair.get("symbol")).replace("-", "/")
        entry: Dict[str, Any] = {}
        for side in ("baseAsset", "quoteAsset"):
            asset = pair.get(side) or {}
            code = currency_code(asset.get("currency"))
            if code is not None:
                entry[code] = _margin_entry(asset, num)
        result[symbol] = entry
    return result


def parse_account(item: Mapping[str, Any]) -> Dict[str, Any]:
    """ccxt account: ``{id, type, code, info}``."""
    return {"id": item.get("id"), "type": item.get("type"), "code": currency_code(item.get("currency")),
            "info": item}


_LEDGER_TYPES = {"TRADE_EXCHANGE": "trade", "MARGIN_EXCHANGE": "trade", "ISOLATED_EXCHANGE": "trade",
                 "Exchange": "trade", "TRANSFER": "transfer", "SUB_TRANSFER": "transfer", "Transfer": "transfer", "DEPOSIT": "deposit", "Deposit": "deposit", "WITHDRAW": "withdrawal",
                 "Withdrawal": "withdrawal", "KUCOIN_BONUS": "bonus", "Rebate": "rebate", "REBATE": "rebate"}


def parse_ledger_entry(item: Mapping[str, Any], num: Num) -> Dict[str, Any]:
    """One ledger item -> ccxt ledger entry. ``after`` is KuCoin's ``balance``; ``before`` = after - amount
    for "in" and after + amount for "out" (exact)."""
    timestamp = to_int(item.get("createdAt"))
    amount = dec(item.get("amount"))
    after = dec(item.get("balance"))
    direction = item.get("direction")
    before = None
    if amount is not None and after is not None and direction in ("in", "out"):
        before = after - amount if direction == "in" else after + amount
    code = currency_code(item.get("currency"))
    fee = dec(item.get("fee"))
    biz = item.get("bizType")
    account = item.get("accountType")
    return {
        "id": item.get("id"),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "direction": direction,
        "account": account.lower() if isinstance(account, str) else None,
        "referenceId": None,
        "referenceAccount": None,
        "type": _LEDGER_TYPES.get(biz, biz),
        "currency": code,
        "amount": out(num, amount),
        "before": out(num, before),
        "after": out(num, after),
        "status": None,
        "fee": {"cost": out(num, fee), "currency": code},
        "info": item,
    }


def parse_ledger(items: Iterable[Mapping[str, Any]], num: Num, since: Optional[int] = None,
                 limit: Optional[int] = None) -> List[Dict[str, Any]]:
    entries = [parse_ledger_entry(i, num) for i in items or ()]
    entries.sort(key=lambda e: (e["timestamp"] is None, e["timestamp"] or 0))
    if since is not None:
        entries = [e for e in entries if e["timestamp"] is not None and e["timestamp"] >= since]
    if limit is not None:
        entries = entries[:limit] if since is not None else entries[-limit:]
    return entries
