"""Fills of one order over REST, for when the private stream missed them (no Hummingbot import).

``AsyncKucoin.fetch_order_trades`` reads KuCoin's HF fills endpoint (``GET /api/v1/hf/fills``), whose
trades are the ``items`` list inside the envelope's ``data`` (``resp["data"]["items"]``). Hummingbot's
own KuCoin connector reads ``resp["items"]``, finds nothing and ends such an order FILLED with 0
executed and no fill event; here every fill comes back with its amount, price and fee.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from .mapping import fill_fields

__all__ = ["order_fills"]


async def order_fills(client: Any, exchange_order_id: str, symbol: str,
                      fee_rate: Optional[Decimal] = None) -> list[dict[str, Any]]:
    """Every fill of order ``exchange_order_id`` on ``symbol`` (ccxt name), as :func:`fill_fields`."""
    trades = await client.fetch_order_trades(exchange_order_id, symbol)
    return [fill_fields(t, fee_rate) for t in trades if str(t.get("order")) == str(exchange_order_id)]
