"""Futures host: the futures account per settle currency, its ledger and the spot<->futures transfers.

Layer: simulator (exchange side). Rule: the futures account of a currency is the ``contract`` account in
``Accounts`` (also reachable by the universal transfer's ``CONTRACT`` type): ``balance`` is the wallet
balance, ``holds`` the order margin plus the position margin. GET /api/v1/account-overview
(https://www.kucoin.com/docs-new/api-3470129; default currency XBT as on KuCoin): ``marginBalance`` = the
wallet balance, ``accountEquity`` = it + unrealised PnL on the mark price, ``availableBalance`` = wallet
balance - positionMargin - orderMargin, ``frozenFunds`` 0. The ledger (GET /api/v1/transaction-history,
api-3470130) lists the account's changes, newest first, with KuCoin's types (``RealisedPNL`` for fills,
fees, funding and liquidations, ``TransferIn``/``TransferOut``); ``offset`` is the entry's id. Transfers:
POST /api/v1/transfer-in and /api/v3/transfer-out (api-3470303/-3470302) move funds at once (status
SUCCESS on KuCoin after processing; the answer says PROCESSING as the official example).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..accounts import text
from ..futures_orders import ACCOUNT, MAKER_FEE, TAKER_FEE
from ..futures_positions import json_number
from ..futures_trading import FUTURES_FUNDING
from ..routing import ApiError, Context, Router
from .account import page

__all__ = ["register"]

_SPOT = {"MAIN": "main", "TRADE": "trade"}
_TYPES = {"RealisedPNL": "RealisedPNL", "TransferIn": "TransferIn", "TransferOut": "TransferOut"}


def _currency(ctx: Context, value: Any) -> str:
    currency = str(value or "")
    if currency not in {c.settle for c in ctx.sim.futures.contracts} | {c for c, _ in FUTURES_FUNDING}:
        raise ApiError("400100", "Parameter [currency] is not a futures account currency")
    return currency


def account_overview(ctx: Context) -> dict[str, Any]:
    return ctx.sim.futures_desk.overview(_currency(ctx, ctx.params.get("currency") or "XBT"))


def transaction_history(ctx: Context) -> dict[str, Any]:
    """Newest first; ``offset`` (exclusive) and ``forward`` page through, ``maxCount`` (default 50)."""
    p = ctx.params
    currency = p.get("currency") or ""
    kinds = set((p.get("type") or "").split(",")) - {""}
    start, end, offset = ctx.int_param("startAt", 0), ctx.int_param("endAt", 0), ctx.int_param("offset", 0)
    forward = (p.get("forward") or "true").lower() != "false"
    limit = max(1, min(ctx.int_param("maxCount", 50), 1000))
    with ctx.sim.accounts.lock:
        rows = []
        for e in ctx.sim.accounts.ledger:
            if e.acc_type != ACCOUNT or (currency and e.currency != currency):
                continue
            kind = "TransferIn" if e.biz == "TRANSFER" and e.direction == "in" else \
                "TransferOut" if e.biz == "TRANSFER" else _TYPES.get(e.biz, e.biz)
            if (kinds and kind not in kinds) or (start and e.created_at < start) or (end and e.created_at > end):
                continue
            if offset and (e.seq >= offset if forward else e.seq <= offset):
                continue
            signed = e.amount if e.direction == "in" else -e.amount
            rows.append({"time": e.created_at, "type": kind, "amount": json_number(signed), "fee": json_number(e.fee),
                         "accountEquity": json_number(e.balance), "status": "Completed",
                         "remark": str(e.context.get("symbol") or e.context.get("remark") or ""),
                         "offset": e.seq, "currency": e.currency})
    rows.sort(key=lambda r: r["offset"], reverse=forward)
    return {"dataList": rows[:limit], "hasMore": len(rows) > limit}


def _amount(body: dict[str, Any]) -> Decimal:
    try:
        amount = Decimal(str(body.get("amount")))
    except (InvalidOperation, ValueError):
        raise ApiError("400100", "Parameter [amount] is invalid") from None
    if not amount.is_finite() or amount <= 0:
        raise ApiError("400100", "Parameter [amount] must be positive")
    return amount


def _move(ctx: Context, currency: str, amount: Decimal, src: str, dst: str) -> None:
    accounts = ctx.sim.accounts
    with accounts.lock:
        a, b = accounts.account(src, currency), accounts.account(dst, currency)
        if a.available < amount:
            raise ApiError("300003" if src == ACCOUNT else "200004", "Balance insufficient")
        out_biz, in_biz = ("TransferOut", "TRANSFER") if src == ACCOUNT else ("TRANSFER", "TransferIn")
        accounts.credit(a, -amount, out_biz, ctx.now_ms, {"remark": f"Transferred to {dst}"})
        accounts.credit(b, amount, in_biz, ctx.now_ms, {"remark": f"Transferred from {src}"})
    ctx.sim.futures_desk.balance_changed(currency)


def transfer_in(ctx: Context) -> None:
    """POST /api/v1/transfer-in: ``payAccountType`` MAIN or TRADE -> the futures account."""
    body = ctx.json_body()
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    src = _SPOT.get(str(body.get("payAccountType") or "").upper())
    if src is None:
        raise ApiError("400100", "Parameter [payAccountType] must be MAIN or TRADE")
    _move(ctx, _currency(ctx, body.get("currency")), _amount(body), src, ACCOUNT)
    return None


def transfer_out(ctx: Context) -> dict[str, Any]:
    """POST /api/v3/transfer-out: the futures account -> ``recAccountType`` MAIN or TRADE."""
    body = ctx.json_body()
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    dst = _SPOT.get(str(body.get("recAccountType") or "").upper())
    if dst is None:
        raise ApiError("400100", "Parameter [recAccountType] must be MAIN or TRADE")
    currency, amount = _currency(ctx, body.get("currency")), _amount(body)
    _move(ctx, currency, amount, ACCOUNT, dst)
    desk = ctx.sim.futures_desk
    apply_id = desk.next_id()
    desk.transfers_out.append({"applyId": apply_id, "currency": currency, "recRemark": "", "recSystem": "KUCOIN",
                               "status": "SUCCESS", "amount": format(amount, "f"), "reason": "",
                               "offset": int(apply_id) % 10**16, "createdAt": ctx.now_ms, "remark": "",
                               "type": dst.upper()})
    return {"applyId": apply_id, "bizNo": desk.next_id(), "payAccountType": "CONTRACT", "payTag": "DEFAULT",
            "remark": "", "recAccountType": dst.upper(), "recTag": "DEFAULT", "recRemark": "",
            "recSystem": "KUCOIN", "status": "PROCESSING", "currency": currency, "amount": format(amount, "f"),
            "fee": "0", "sn": int(apply_id) % 10**16, "reason": "", "createdAt": ctx.now_ms,
            "updatedAt": ctx.now_ms}


def transfer_list(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/transfer-list: the transfers out of the futures account, newest first (``currency``,
    ``type`` = the receiving account, ``startAt``/``endAt``; page paging)."""
    p = ctx.params
    start, end = ctx.int_param("startAt", 0), ctx.int_param("endAt", 0)
    with ctx.sim.futures_desk.lock:
        rows = [{k: v for k, v in r.items() if k != "type"} for r in reversed(ctx.sim.futures_desk.transfers_out)
                if (not p.get("currency") or r["currency"] == p["currency"]) and (not p.get("type") or
                r["type"] == p["type"]) and (not start or r["createdAt"] >= start) and (not end or
                r["createdAt"] <= end)]
    return page(ctx, rows)


def trade_fees(ctx: Context) -> dict[str, str]:
    """GET /api/v1/trade-fees?symbol= on the futures host (https://www.kucoin.com/docs-new/api-3470151; the
    spec stores it as PATCH because of the spot path): the fee rates every fill pays."""
    symbol = ctx.params.get("symbol") or ""
    if symbol not in ctx.sim.futures.by_symbol:
        raise ApiError("300000", "Contract does not exist")
    return {"symbol": symbol, "takerFeeRate": text(TAKER_FEE), "makerFeeRate": text(MAKER_FEE)}


def register(router: Router) -> None:
    """Pools/weights from openapi-account-account.json and openapi-account-transfer.json."""
    router.add("GET", "/api/v1/account-overview", account_overview, pool="Futures", weight=5, private=True)
    router.add("GET", "/api/v1/transaction-history", transaction_history, pool="Futures", weight=2, private=True)
    router.add("POST", "/api/v1/transfer-in", transfer_in, pool="Management", weight=20, private=True)
    router.add("POST", "/api/v3/transfer-out", transfer_out, pool="Management", weight=20, private=True)
    router.add("GET", "/api/v1/transfer-list", transfer_list, pool="Management", weight=20, private=True)
    router.add("GET", "/api/v1/trade-fees", trade_fees, pool="Futures", weight=3, private=True)
