"""A plan context with the spec's BTC/USDT market loaded (for plan-level checks)."""
from __future__ import annotations

import itertools

from hostile_support import _symbols
from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot.parsers.markets import parse_market
from kucoin_connector.spot.plans import PlanContext


def make_ctx_plain() -> PlanContext:
    counter = itertools.count(1)
    ctx = PlanContext(num=number_converter("str"), now_ms=lambda: 1_700_000_000_000, has_credentials=True,
                      options={"hf": True}, new_client_oid=lambda: f"cid{next(counter)}")
    ctx.registry.set_markets([parse_market(i, ctx.num) for i in _symbols()], {})
    return ctx
