"""Wire helpers for the simulator: exact decimal strings, compact JSON, seeded hashing.

Layer: simulator (exchange side). Rule: money is held as integers counted in the symbol's increment
(``ticks`` of ``priceIncrement``, ``lots`` of ``baseIncrement``) and only turned into strings here, so no
float ever touches a price or a size, and no string ever shows an exponent (KuCoin sends plain decimal
strings, e.g. ``"0.000025"``; https://www.kucoin.com/docs-new/api-3470160).
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = ["units_to_str", "dumps", "stable_hash", "unit_float", "hex_id", "decimals_of"]


def units_to_str(value: int, decimals: int) -> str:
    """Render ``value * 10**-decimals`` as a plain decimal string without trailing zeros.

    KuCoin strips trailing zeros in market data (``"67269"``, ``"1.24808993"``), so we do too.
    """
    if decimals <= 0:
        return str(value * 10 ** (-decimals))
    negative = value < 0
    digits = str(-value if negative else value)
    if len(digits) <= decimals:
        digits = "0" * (decimals - len(digits) + 1) + digits
    integer, fraction = digits[:-decimals], digits[-decimals:].rstrip("0")
    text = integer + ("." + fraction if fraction else "")
    return "-" + text if negative and text != "0" else text


def decimals_of(increment: str) -> int:
    """Number of decimals of a power-of-ten increment such as ``"0.001"`` (3) or ``"1"`` (0)."""
    if "." not in increment:
        return 0
    return len(increment.split(".", 1)[1])


def dumps(obj: Any) -> bytes:
    """Compact JSON bytes (KuCoin answers without whitespace)."""
    return json.dumps(obj, separators=(",", ":")).encode("utf-8")


def stable_hash(*parts: object) -> int:
    """A 64-bit integer that depends only on ``parts`` (never on PYTHONHASHSEED or run order)."""
    text = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def unit_float(*parts: object) -> float:
    """A deterministic number in [0, 1) derived from ``parts`` (for generation only, never for money)."""
    return stable_hash(*parts) / 2.0**64


def hex_id(*parts: object, length: int = 24) -> str:
    """A deterministic lowercase hex id, shaped like KuCoin's 24-hex object ids."""
    text = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return hashlib.blake2b(text, digest_size=(length + 1) // 2).hexdigest()[:length]
