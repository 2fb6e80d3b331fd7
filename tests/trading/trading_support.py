"""Shared helpers for the trading tests: a plan context with the spec's markets loaded, a plan driver."""
from __future__ import annotations

import itertools
import json
import pathlib
from typing import Any, Callable

from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot.parsers.markets import parse_market
from kucoin_connector.spot.plans import PlanContext
from kucoin_connector.testing import PlanRun, step

PAYLOADS = pathlib.Path(__file__).resolve().parent.parent / "payloads"

ORDER_KEYS = set(
    "info id clientOrderId symbol type timeInForce postOnly reduceOnly side amount price stopPrice triggerPrice "
    "cost filled remaining timestamp datetime fee status lastTradeTimestamp lastUpdateTimestamp average trades "
    "fees takeProfitPrice stopLossPrice".split()
)
LEDGER_KEYS = set("id timestamp datetime direction account referenceId referenceAccount type currency amount "
                  "before after status fee info".split())


def load(name: str) -> Any:
    return json.loads((PAYLOADS / name).read_text())


def data(name: str) -> Any:
    return load(name)["data"]


def symbol_item(symbol_id: str, **overrides: Any) -> dict:
    base, quote = symbol_id.split("-")
    item = dict(data("spot_symbols.json")[0])
    item.update(symbol=symbol_id, name=symbol_id, baseCurrency=base, quoteCurrency=quote, feeCurrency=quote)
    item.update(overrides)
    return item


def make_ctx(mode: str = "str", cids: Callable[[], str] | None = None, **options: Any) -> PlanContext:
    """Markets BTC/USDT (the spec's symbol), KCS/USDT and ETH/USDT, loaded; numbers as strings by default."""
    counter = itertools.count(1)
    ctx = PlanContext(num=number_converter(mode), now_ms=lambda: 1_700_000_000_000, has_credentials=True,
                      options={"hf": True, **options},
                      new_client_oid=cids or (lambda: f"cid{next(counter)}"))
    items = [symbol_item("BTC-USDT"), symbol_item("KCS-USDT", baseIncrement="0.0001", priceIncrement="0.00001",
                                                  baseMinSize="0.01"), symbol_item("ETH-USDT")]
    ctx.registry.set_markets([parse_market(i, ctx.num) for i in items], {})
    return ctx


# The plan stepper is the public one (kucoin_connector.testing): no private copy of the trampoline here.
Drive = PlanRun
run = step
