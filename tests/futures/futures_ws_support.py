"""Helpers of the futures stream tests: the official WebSocket examples (vendored in
reference/kucoin-openapi/ws), the simulator's true contract book, a sync face on a simulator."""
from __future__ import annotations

import json
import pathlib
from decimal import Decimal
from typing import Any

WS_DIR = pathlib.Path(__file__).resolve().parents[2] / "reference/kucoin-openapi/ws"


def ws_example(topic_pattern: str, spec_file: str = "openapi-futures-public.json") -> dict:
    """The whole official example message of ``topic_pattern`` (``x-topic``) in ``spec_file``."""
    doc = json.loads((WS_DIR / spec_file).read_text(encoding="utf-8"))
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("x-topic") == topic_pattern:
                return json.loads(json.loads('"' + op["x-response-example"] + '"'))
    raise KeyError(topic_pattern)


def futures_config(sim: Any, **options: Any) -> dict[str, Any]:
    return {"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
            "options": {"numbers": "str", "wsBackoffInitialMs": 20, "wsBackoffMaxMs": 100, **options}}


def true_book(sim: Any, sid: str, depth: int = 20) -> tuple[int, list, list]:
    seq, bids, asks = sim.futures.market.book_strings(sid)
    as_levels = lambda rows: [(Decimal(p), Decimal(s)) for p, s in rows[:depth]]  # noqa: E731
    return seq, as_levels(bids), as_levels(asks)


def levels(rows) -> list[tuple[Decimal, Decimal]]:
    return [(Decimal(p), Decimal(s)) for p, s in rows]


def step_changed(sim: Any, sid: str) -> int:
    """Step the paused markets until the contract's book changes; returns its new sequence."""
    before = sim.futures.market.book_strings(sid)[0]
    for _ in range(200):
        sim.step(1)
        after = sim.futures.market.book_strings(sid)[0]
        if after != before:
            return after
    raise AssertionError(f"{sid} never changed")
