"""Currencies with networks for the money-moving tests: a plan context whose registry lists them."""
from __future__ import annotations

import json
from typing import Any

from kucoin_connector.spot.parsers.currencies import parse_currencies
from trading_support import PAYLOADS, make_ctx

# KuCoin chain ids per currency (the unified codes follow from parsers/networks.py).
CHAINS = {
    "USDT": ["eth", "trx", "bsc", "kcc", "ton", "optimism"],
    "TON": ["ton"],
    "ETH": ["eth", "arbitrum", "optimism"],
    "BSV": ["bchsv"],  # currency id BCHSV, unified code BSV
}


def currency_item(currency: str, chains: list[str]) -> dict[str, Any]:
    template = json.loads((PAYLOADS / "spot_currencies.json").read_text())["data"][0]["chains"][0]
    return {"currency": currency, "name": currency, "fullName": currency, "precision": 8,
            "chains": [{**template, "chainId": c, "chainName": c.upper()} for c in chains]}


def money_ctx(**options: Any):
    ctx = make_ctx(**options)
    items = [currency_item("BCHSV" if code == "BSV" else code, chains) for code, chains in CHAINS.items()]
    ctx.registry.set_markets(list(ctx.registry.markets.values()), parse_currencies(items, ctx.num))
    return ctx
