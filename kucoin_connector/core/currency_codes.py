"""Unified currency codes from KuCoin currency ids (pure core), as ccxt's ``commonCurrencies`` for KuCoin:
shared by spot and futures parsers.

Layer: pure core. Rule: no I/O.
"""
from __future__ import annotations

from typing import Dict, Optional

from .fields import text

__all__ = ["COMMON_CURRENCIES", "currency_code"]


# KuCoin currency id -> unified code, the renames ccxt 4.5 applies to KuCoin (``commonCurrencies``):
# XBT is KuCoin Futures' name for bitcoin; the others resolve clashes with other listings.
COMMON_CURRENCIES: Dict[str, str] = {
    "XBT": "BTC",
    "BCHSV": "BSV",
    "BIFI": "BIFIF",
    "VAI": "VAIOT",
    "WAX": "WAXP",
    "ALT": "APTOSLAUNCHTOKEN",
    "KALT": "ALT",
    "FUD": "FTX Users' Debt",
}


def currency_code(currency_id: Optional[str]) -> Optional[str]:
    """Unified code for a KuCoin currency id (``"xbt"`` -> ``"BTC"``, ``"USDT"`` -> ``"USDT"``)."""
    if currency_id is None:
        return None
    upper = text(currency_id, "currency").upper()
    return COMMON_CURRENCIES.get(upper, upper)
