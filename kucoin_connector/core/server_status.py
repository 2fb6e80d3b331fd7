"""Service status and server time (pure core).

Layer: pure core. Rule: no I/O, no clock.

* ``/api/v1/status`` (https://www.kucoin.com/docs-new/api-3470158): ``{"status": "open" |
  "close" | "cancelonly", "msg": ""}``. ccxt 4.5 reports ``ok`` for ``open`` and ``maintenance``
  for anything else; ``updated``/``eta``/``url`` are unknown. ccxt puts the whole response
  envelope in ``info``; we receive only the envelope's ``data`` and put that there.
* ``/api/v1/timestamp`` (https://www.kucoin.com/docs-new/api-3470156): ``data`` is the server time
  in epoch ms.
"""
from __future__ import annotations

from typing import Any, Dict

from .timeutil import MAX_MS
from .fields import first, mapping, text, to_int

__all__ = ["parse_status", "parse_time"]


def parse_status(data: Dict[str, Any]) -> Dict[str, Any]:
    """``/api/v1/status`` data -> ``{status, updated, eta, url, info}``; ``ShapeError`` if ``data`` is not
    an object or its status not a string (a garbled answer is not "maintenance")."""
    raw = text(first(mapping(data, "status"), "status", "serverStatus"), "status")
    return {
        "status": "ok" if raw == "open" else "maintenance",
        "updated": None,
        "eta": None,
        "url": None,
        "info": data,
    }


def parse_time(data: object) -> int:
    """``/api/v1/timestamp`` data -> epoch ms; ``ValueError`` if it is not an integer of epoch ms."""
    try:
        ms = to_int(data)
    except (TypeError, ValueError):
        ms = None
    if ms is None or not 0 < ms <= MAX_MS:
        raise ValueError(f"server time is not epoch milliseconds: {str(data)[:40]!r}")
    return ms
