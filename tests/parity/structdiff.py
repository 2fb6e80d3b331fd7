"""Comparing a structure of ours with ccxt's: numbers as Decimal (0.1 == Decimal('0.1') == '0.1'), ``info``
left out, every differing path listed."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["n", "diff"]


def n(value: Any) -> Any:
    """Numbers as Decimal; dicts without ``info``; other values unchanged."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: n(v) for k, v in value.items() if k != "info"}
    if isinstance(value, (list, tuple)):
        return [n(v) for v in value]
    return value


def diff(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """``path: ours X != ccxt Y`` for every leaf that differs (missing keys shown as ``<missing>``)."""
    a, b = n(ours), n(theirs)
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += diff(a.get(key, "<missing>"), b.get(key, "<missing>"), f"{path}.{key}")
        return out
    return [] if a == b else [f"{path}: ours {a!r} != ccxt {b!r}"]
