"""Shared helpers for the futures tests: the official examples of KuCoin's spec (vendored in
reference/kucoin-openapi), decoded the way test_keysets.py decodes them."""
from __future__ import annotations

import json
import os
import pathlib
from typing import Any

SPEC_DIR = pathlib.Path(os.environ.get(
    "KUCOIN_OPENAPI_DIR", pathlib.Path(__file__).resolve().parents[2] / "reference/kucoin-openapi")) / "rest"


def example(spec_file: str, path: str, method: str = "get") -> Any:
    """The ``data`` of the official example answer of ``method path`` in ``spec_file``."""
    doc = json.loads((SPEC_DIR / spec_file).read_text(encoding="utf-8"))
    raw = doc["paths"][path][method]["x-response-example"]
    return json.loads(json.loads('"' + raw + '"'))["data"]


def market_example(path: str) -> Any:
    return example("openapi-futures-market.json", path)


def funding_example(path: str) -> Any:
    return example("openapi-futures-fundingfees.json", path)


def contract_items() -> list[dict]:
    """The official contract item, plus an inverse and a dated variant of it (same key set)."""
    linear = market_example("/api/v1/contracts/active")[0]
    inverse = {**linear, "symbol": "XBTUSDM", "rootSymbol": "XBT", "quoteCurrency": "USD", "settleCurrency": "XBT",
               "multiplier": -1, "isInverse": True, "isQuanto": False, "maxLeverage": 75}
    dated = {**linear, "symbol": "XBTUSDTMZ26", "type": "FFICSX", "expireDate": 1798185600000,
             "settleDate": 1798185600000, "nextFundingRateTime": None, "fundingFeeRate": None}
    return [linear, inverse, dated]


PAYLOADS = pathlib.Path(__file__).resolve().parents[1] / "payloads"


def payload(name: str) -> Any:
    """The ``data`` of an official example vendored in tests/payloads/ (see its README for the source)."""
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))["data"]


def trading_ctx(**options: Any):
    """A plan context with the three contracts loaded and client order ids cid1, cid2, ..."""
    import itertools

    from kucoin_connector.core.numbers import number_converter
    from kucoin_connector.futures.parsers.contracts import parse_contract
    from kucoin_connector.rest.plan import PlanContext

    counter = itertools.count(1)
    ctx = PlanContext(num=number_converter("str"), now_ms=lambda: 1_800_000_000_000, options=dict(options),
                      new_client_oid=lambda: f"cid{next(counter)}")
    ctx.registry.set_markets([parse_contract(i, ctx.num) for i in contract_items()], {})
    return ctx


def parser_pair() -> tuple[dict[str, Any], Any, Any]:
    """For the parser parity tests: our markets by id (from the official contract examples), our float number
    converter, and a ccxt ``kucoinfutures`` (the `parity` extra) holding the same markets."""
    import ccxt

    from kucoin_connector.core.numbers import number_converter
    from kucoin_connector.futures.parsers.contracts import parse_contract

    num = number_converter("float")
    markets = [parse_contract(i, num) for i in contract_items()]
    theirs = ccxt.kucoinfutures({"options": {"uta": False}})
    theirs.set_markets([parse_contract(i, num) for i in contract_items()])
    return {m["id"]: m for m in markets}, num, theirs
