"""Funding and margin-loan payloads -> ccxt structures (pure core).

Layer: pure core. Rule: no I/O, no clock (timestamps are parameters); numbers leave through ``num``.

Deposits/withdrawals (``GET /api/v1/deposits``, ``/api/v1/withdrawals``: ``currency chain status address memo
isInner amount fee walletTxId createdAt updatedAt remark``); status SUCCESS -> ok, PROCESSING /
WALLET_PROCESSING -> pending, FAILURE -> failed. Deposit addresses (``address memo chainId currency``).
``network`` is the unified network code of KuCoin's chain id (``trx`` -> ``TRC20``), as ccxt reports it.
Loans (``orderNo actualSize``) and interest items (``currency dayRatio interestAmount createdTime``).
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.fields import dec, listing, mapping, out, text, to_int
from ...errors import BadResponse
from ...core.currency_codes import currency_code
from .networks import network_code

__all__ = ["parse_transaction", "parse_transactions", "parse_deposit_address", "parse_loan",
           "parse_borrow_interest"]

_STATUS = {"SUCCESS": "ok", "PROCESSING": "pending", "WALLET_PROCESSING": "pending", "REVIEW": "pending",
           "FAILURE": "failed", "CANCEL": "canceled"}


def parse_transaction(item: Mapping[str, Any], kind: str, num: Num) -> Dict[str, Any]:
    item = mapping(item, "transaction")
    timestamp = to_int(item.get("createdAt"))
    code = currency_code(item.get("currency"))
    memo = text(item.get("memo"), "memo") or None
    address = text(item.get("address"), "address")
    fee = dec(item.get("fee"))
    return {
        "info": item, "id": text(item.get("id"), "id"), "txid": text(item.get("walletTxId"), "walletTxId"),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp), "network": _network(item.get("chain")), "address": address,
        "addressTo": address, "addressFrom": None, "tag": memo, "tagTo": memo, "tagFrom": None, "type": kind,
        "currency": code, "amount": out(num, dec(item.get("amount"))),
        "status": _status(text(item.get("status"), "status")),
        "comment": text(item.get("remark"), "remark") or None, "internal": _bool(item.get("isInner")),
        "fee": {"cost": out(num, fee), "currency": code} if fee is not None else None,
        "updated": to_int(item.get("updatedAt")),
    }


def parse_transactions(items: List[Mapping[str, Any]], kind: str, num: Num, since: Optional[int] = None,
                       limit: Optional[int] = None) -> List[Dict[str, Any]]:
    result = [parse_transaction(i, kind, num) for i in listing(items, "transactions")]
    result.sort(key=lambda t: (t["timestamp"] is None, t["timestamp"] or 0))
    if since is not None:
        result = [t for t in result if t["timestamp"] is not None and t["timestamp"] >= since]
    if limit is not None:
        result = result[:limit] if since is not None else result[-limit:]
    return result


def _status(raw: Optional[str]) -> Optional[str]:
    return None if raw is None else _STATUS.get(raw, "pending")


def _bool(value: Any) -> Optional[bool]:
    return value if isinstance(value, bool) else None


def _network(chain: Any) -> Optional[str]:
    """Unified network code for a KuCoin chain id (``bsc`` -> ``BEP20``), as ccxt reports it."""
    return network_code(chain) if isinstance(chain, str) and chain else None


def parse_deposit_address(item: Mapping[str, Any], code: str) -> Dict[str, Any]:
    """``address memo chainId currency`` -> ccxt deposit address; ``network`` is the unified code."""
    if not isinstance(item, Mapping):
        raise BadResponse(f"deposit address: expected an object, got {type(item).__name__}")
    return {"info": item, "currency": currency_code(item.get("currency")) or code,
            "network": _network(item.get("chainId") or item.get("chain")),
            "address": text(item.get("address"), "address"), "tag": text(item.get("memo"), "memo") or None}


def parse_loan(item: Mapping[str, Any], code: str, symbol: Optional[str], num: Num, now_ms: int) -> Dict[str, Any]:
    """ccxt margin loan: ``{id, currency, amount, symbol, timestamp, datetime, info}``."""
    item = mapping(item, "loan")
    timestamp = to_int(item.get("timestamp")) or now_ms
    return {"id": text(item.get("orderNo"), "orderNo"), "currency": currency_code(code), "amount": out(num, dec(item.get("actualSize"))),
            "symbol": symbol, "timestamp": timestamp, "datetime": iso8601(timestamp), "info": item}


def parse_borrow_interest(items: List[Mapping[str, Any]], symbol: Optional[str], mode: str, num: Num,
                          since: Optional[int] = None, limit: Optional[int] = None) -> List[Dict[str, Any]]:
    """ccxt borrow interest: ``{info symbol currency interest interestRate amountBorrowed marginMode
    timestamp datetime}``; KuCoin's ``dayRatio`` is the daily rate."""
    result = []
    for item in listing(items, "interest items"):
        item = mapping(item, "interest item")
        timestamp = to_int(item.get("createdTime"))
        result.append({"info": item, "symbol": symbol, "currency": currency_code(item.get("currency")),
                       "interest": out(num, dec(item.get("interestAmount"))),
                       "interestRate": out(num, dec(item.get("dayRatio"))), "amountBorrowed": None,
                       "marginMode": mode, "timestamp": timestamp, "datetime": iso8601(timestamp)})
    result.sort(key=lambda r: (r["timestamp"] is None, r["timestamp"] or 0))
    if since is not None:
        result = [r for r in result if r["timestamp"] is not None and r["timestamp"] >= since]
    if limit is not None:
        result = result[:limit] if since is not None else result[-limit:]
    return result
