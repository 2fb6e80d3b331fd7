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

import functools
from typing import Any, Dict, Iterable, List, Mapping, Optional

from ...errors import BadResponse
from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.fields import dec, listing, mapping, out, text, to_int
from ...core.currency_codes import currency_code

__all__ = ["parse_balance", "parse_cross_margin_balance", "parse_isolated_balance", "parse_account",
           "parse_ledger_entry"]


def _finish(result: Dict[str, Any]) -> Dict[str, Any]:
    codes = [k for k in result if k not in ("info", "timestamp", "datetime")]
    for key in ("free", "used", "total"):
        result[key] = {code: result[code][key] for code in codes}
    if any("debt" in result[c] for c in codes):
        result["debt"] = {code: result[code].get("debt") for code in codes}
    return result


def _typed(endpoint: str):
    """A malformed field (a number of the wrong type, NaN, a huge exponent...) is a BadResponse naming the
    endpoint, never a bare TypeError/ValueError/AttributeError."""
    def wrap(parse):
        @functools.wraps(parse)
        def parse_typed(*args: Any, **kwargs: Any) -> Any:
            try:
                return parse(*args, **kwargs)
            except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
                raise BadResponse(f"{endpoint}: malformed answer ({type(exc).__name__}: {str(exc)[:120]})",
                                  endpoint=endpoint) from exc
        return parse_typed
    return wrap


def _object(value: Any, what: str, endpoint: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise BadResponse(f"{endpoint}: {what} is not an object ({type(value).__name__})", endpoint=endpoint)
    return value


def _objects(value: Any, what: str, endpoint: str) -> List[Mapping[str, Any]]:
    """A list of objects (None -> empty); anything else is a BadResponse naming the endpoint."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadResponse(f"{endpoint}: {what} is not a list ({type(value).__name__})", endpoint=endpoint)
    return [_object(v, f"an item of {what}", endpoint) for v in value]


@_typed("GET /api/v1/accounts")
def parse_balance(items: Iterable[Mapping[str, Any]], account_type: str, num: Num,
                  info: Any = None) -> Dict[str, Any]:
    """Accounts list filtered to ``account_type`` (``trade_hf``, ``trade``, ``main``...) -> balance."""
    result: Dict[str, Any] = {"info": info if info is not None else items, "timestamp": None, "datetime": None}
    for item in _objects(items, "data", "GET /api/v1/accounts"):
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


_CROSS = "GET /api/v3/margin/accounts"
_ISOLATED = "GET /api/v3/isolated/accounts"


@_typed(_CROSS)
def parse_cross_margin_balance(data: Any, num: Num) -> Dict[str, Any]:
    """Cross-margin answer -> balance with ``debt``; a malformed answer is a BadResponse."""
    data = _object({} if data is None else data, "data", _CROSS)
    result: Dict[str, Any] = {"info": data, "timestamp": to_int(data.get("timestamp")), "datetime": None}
    result["datetime"] = iso8601(result["timestamp"])
    for asset in _objects(data.get("accounts"), "data.accounts", _CROSS):
        code = currency_code(asset.get("currency"))
        if code is not None:
            result[code] = _margin_entry(asset, num)
    return _finish(result)


@_typed(_ISOLATED)
def parse_isolated_balance(data: Any, markets_by_id: Mapping[str, Mapping[str, Any]],
                           num: Num) -> Dict[str, Any]:
    """Isolated margin: one sub-balance per unified symbol, ``{symbol: {BASE: {...}, QUOTE: {...}}}``
    (ccxt's shape for isolated accounts)."""
    data = _object({} if data is None else data, "data", _ISOLATED)
    timestamp = to_int(data.get("timestamp"))
    result: Dict[str, Any] = {"info": data, "timestamp": timestamp, "datetime": iso8601(timestamp)}
    for pair in _objects(data.get("assets"), "data.assets", _ISOLATED):
        if not isinstance(pair.get("symbol"), str) or not pair["symbol"]:
            raise BadResponse(f"{_ISOLATED}: an asset without a symbol", endpoint=_ISOLATED)
        market = markets_by_id.get(pair["symbol"])
        symbol = market["symbol"] if market else pair["symbol"].replace("-", "/")
        entry: Dict[str, Any] = {}
        for side in ("baseAsset", "quoteAsset"):
            asset = _object(pair.get(side) or {}, f"{side} of {symbol}", _ISOLATED)
            code = currency_code(asset.get("currency"))
            if code is not None:
                entry[code] = _margin_entry(asset, num)
        result[symbol] = entry
    return result


def parse_account(item: Mapping[str, Any]) -> Dict[str, Any]:
    """ccxt account: ``{id, type, code, info}``."""
    item = mapping(item, "account")
    return {"id": text(item.get("id"), "id"), "type": text(item.get("type"), "type"),
            "code": currency_code(item.get("currency")), "info": item}


_LEDGER_TYPES = {"TRADE_EXCHANGE": "trade", "MARGIN_EXCHANGE": "trade", "ISOLATED_EXCHANGE": "trade",
                 "Exchange": "trade", "TRANSFER": "transfer", "SUB_TRANSFER": "transfer", "Transfer": "transfer", "DEPOSIT": "deposit", "Deposit": "deposit", "WITHDRAW": "withdrawal",
                 "Withdrawal": "withdrawal", "KUCOIN_BONUS": "bonus", "Rebate": "rebate", "REBATE": "rebate"}


def parse_ledger_entry(item: Mapping[str, Any], num: Num) -> Dict[str, Any]:
    """One ledger item -> ccxt ledger entry. ``after`` is KuCoin's ``balance``; ``before`` = after - amount
    for "in" and after + amount for "out" (exact)."""
    item = mapping(item, "ledger entry")
    timestamp = to_int(item.get("createdAt"))
    amount = dec(item.get("amount"))
    after = dec(item.get("balance"))
    direction = text(item.get("direction"), "direction")
    before = None
    if amount is not None and after is not None and direction in ("in", "out"):
        before = after - amount if direction == "in" else after + amount
    code = currency_code(item.get("currency"))
    fee = dec(item.get("fee"))
    biz = text(item.get("bizType"), "bizType")
    account = item.get("accountType")
    return {
        "id": text(item.get("id"), "id"),
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
    entries = [parse_ledger_entry(i, num) for i in listing(items, "ledger")]
    entries.sort(key=lambda e: (e["timestamp"] is None, e["timestamp"] or 0))
    if since is not None:
        entries = [e for e in entries if e["timestamp"] is not None and e["timestamp"] >= since]
    if limit is not None:
        entries = entries[:limit] if since is not None else entries[-limit:]
    return entries
