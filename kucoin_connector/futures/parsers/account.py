"""The futures account's ledger, its transfers out and its fee rates -> ccxt structures (pure core).

Layer: pure core. Rule: no I/O, no clock; amounts stay exact ``Decimal`` until ``num``.

Sources (KuCoin's spec, reference/kucoin-openapi/rest):

* ``GET /api/v1/transaction-history`` (https://www.kucoin.com/docs-new/api-3470124, "Get Account Ledgers -
  Futures"): ``dataList`` items ``time type amount fee accountEquity status remark offset currency``;
  ``type`` is ``RealisedPNL`` (fills, fees, funding), ``Deposit``, ``Withdrawal``, ``TransferIn``,
  ``TransferOut``; ``amount`` is signed (a loss is negative). Mapped as ccxt 4.5's ``parse_ledger_entry``:
  ``type`` RealisedPNL -> trade, Transfer* -> transfer, Deposit/Withdrawal -> transaction (others as sent),
  ``amount`` = |amount|, ``account`` CONTRACT, ``status`` Completed -> ok / Pending -> pending, ``fee`` only
  when not zero, ``before``/``after`` None (``accountEquity`` includes unrealised PnL: it is not the
  currency's balance). Deliberate differences: ``id`` is KuCoin's ``offset`` (the entry's id and the paging
  cursor; ccxt: None), ``direction`` of a RealisedPNL entry is ``in``/``out`` by the sign of ``amount``
  (ccxt: the raw type ``RealisedPNL``), and ``referenceId`` is the contract of a RealisedPNL entry
  (``remark``, e.g. ``XBTUSDTM``; ccxt: None).
* ``GET /api/v1/transfer-list`` (https://www.kucoin.com/docs-new/api-3470307, "Get Futures Account Transfer
  Out Ledger"): ``items`` ``applyId currency status amount offset createdAt ...`` -> ccxt transfer structure,
  from the futures account (``swap``) to spot; ``status`` SUCCESS -> ok, PROCESSING -> pending, FAILURE ->
  failed.
* ``GET /api/v1/trade-fees`` on the futures host (https://www.kucoin.com/docs-new/api-3470151):
  ``symbol takerFeeRate makerFeeRate`` -> ccxt trading-fee structure.
* ``GET /api/v1/position(s)`` (api-3470252/-3470253) items -> ccxt auto-deleveraging structure, as ccxt 4.5's
  ``parse_adl_rank``: ``percentage`` = ``delevPercentage`` x 100 (KuCoin's ADL queue position as a
  fraction), ``timestamp`` = ``openingTimestamp``; KuCoin states no rank or rating (None).
"""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from ...core.currency_codes import currency_code
from ...core.fields import dec, mapping, nonzero, out, text, to_int
from ...core.numbers import Num
from ...core.timeutil import iso8601

__all__ = ["parse_ledger_entry", "parse_transfer_out", "parse_trading_fee", "parse_adl_rank", "LEDGER_TYPES"]

# KuCoin's futures ledger type -> ccxt ledger type (ccxt's parse_ledger_entry_type rows for these types).
LEDGER_TYPES: Dict[str, str] = {"RealisedPNL": "trade", "TransferIn": "transfer", "TransferOut": "transfer",
                                "Deposit": "transaction", "Withdrawal": "transaction"}
_DIRECTIONS = {"TransferIn": "in", "Deposit": "in", "TransferOut": "out", "Withdrawal": "out"}
_LEDGER_STATUS = {"Completed": "ok", "Pending": "pending"}
_TRANSFER_STATUS = {"SUCCESS": "ok", "PROCESSING": "pending", "FAILURE": "failed"}


def parse_ledger_entry(item: Mapping[str, Any], num: Num) -> Dict[str, Any]:
    """One ``/api/v1/transaction-history`` item -> ccxt ledger entry."""
    item = mapping(item, "ledger entry")
    kind = text(item.get("type"), "ledger type")
    amount = dec(item.get("amount"))
    direction = _DIRECTIONS.get(kind or "")
    if direction is None and amount is not None:
        direction = "out" if amount < 0 else "in"
    timestamp = to_int(item.get("time"))
    code = currency_code(item.get("currency"))
    fee = nonzero(dec(item.get("fee")))
    status = text(item.get("status"), "ledger status")
    offset = item.get("offset")
    remark = text(item.get("remark"), "ledger remark") if kind == "RealisedPNL" else None
    return {
        "info": item,
        "id": text(offset, "ledger offset") if offset is not None else None,
        "direction": direction,
        "account": "CONTRACT",
        "referenceId": remark or None,
        "referenceAccount": "CONTRACT",
        "type": LEDGER_TYPES.get(kind or "", kind),
        "currency": code,
        "amount": out(num, abs(amount) if amount is not None else None),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "before": None,
        "after": None,
        "status": _LEDGER_STATUS.get(status or "", status),
        "fee": {"cost": out(num, fee), "currency": code} if fee is not None else None,
    }


def parse_transfer_out(item: Mapping[str, Any], num: Num) -> Dict[str, Any]:
    """One ``/api/v1/transfer-list`` item (a transfer out of the futures account) -> ccxt transfer."""
    item = mapping(item, "transfer")
    timestamp = to_int(item.get("createdAt"))
    status = text(item.get("status"), "transfer status")
    return {
        "info": item,
        "id": text(item.get("applyId"), "transfer applyId"),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "currency": currency_code(item.get("currency")),
        "amount": out(num, dec(item.get("amount"))),
        "fromAccount": "swap",
        "toAccount": "spot",
        "status": _TRANSFER_STATUS.get(status or "", status),
    }


def parse_trading_fee(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    """``/api/v1/trade-fees`` data -> ccxt trading fee (rates as fractions, ``0.0006`` = 0.06 %)."""
    item = mapping(item, "trading fee")
    maker, taker = dec(item.get("makerFeeRate")), dec(item.get("takerFeeRate"))
    return {
        "info": item,
        "symbol": market.get("symbol") if market else None,
        "maker": out(num, maker),
        "taker": out(num, taker),
        "percentage": True,
        "tierBased": True,
    }


def parse_adl_rank(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    """A position item -> ccxt auto-deleveraging rank (exact ``delevPercentage x 100``)."""
    item = mapping(item, "position")
    share = dec(item.get("delevPercentage"))
    timestamp = to_int(item.get("openingTimestamp"))
    return {
        "info": item,
        "symbol": market.get("symbol") if market else None,
        "rank": None,
        "rating": None,
        "percentage": out(num, share * 100 if share is not None else None),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
    }
