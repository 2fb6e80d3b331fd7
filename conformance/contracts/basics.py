"""Contracts for currencies (with networks), server time and exchange status.

Layer: conformance. Rule: public interface only; truth is the simulator's wire answers to
``GET /api/v3/currencies`` (https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-all-currencies),
``GET /api/v1/timestamp`` and ``GET /api/v1/status``.
"""
from __future__ import annotations

from . import keysets
from .check import expect, expect_keys, same_number, short
from .env import Env
from .registry import contract

__all__: list[str] = []


@contract("currencies", "fetch_currencies() lists every wire currency with ccxt's key set")
def check_key_set(env: Env) -> None:
    currencies = env.fresh().fetch_currencies()
    wire = env.raw("/api/v3/currencies")
    expect(isinstance(currencies, dict), f"fetch_currencies() returned {type(currencies).__name__}, not a dict")
    by_id = {c.get("id"): c for c in currencies.values()}
    for item in wire:
        c = by_id.get(item["currency"])
        expect(c is not None, f"currency {item['currency']} from the wire is missing")
        expect_keys(c, keysets.CURRENCY, f"currency {item['currency']}")
        expect(currencies.get(c["code"]) is c, f"currencies[{c['code']!r}] is not the {item['currency']} entry")


@contract("currencies", "networks: one per wire chain, with id, deposit/withdraw flags and withdrawal fee")
def check_networks(env: Env) -> None:
    currencies = env.fresh().fetch_currencies()
    by_id = {c.get("id"): c for c in currencies.values()}
    seen_chains = 0
    for item in env.raw("/api/v3/currencies"):
        chains = item.get("chains") or []
        networks = by_id[item["currency"]]["networks"]
        expect(isinstance(networks, dict), f"{item['currency']}: networks is {type(networks).__name__}")
        expect(len(networks) == len(chains),
               f"{item['currency']}: {len(networks)} networks for {len(chains)} chains on the wire")
        by_chain = {n["id"]: (code, n) for code, n in networks.items()}
        for chain in chains:
            seen_chains += 1
            expect(chain["chainId"] in by_chain, f"{item['currency']}: no network with id {chain['chainId']!r}")
            code, n = by_chain[chain["chainId"]]
            expect_keys(n, keysets.NETWORK, f"{item['currency']} network {code}")
            expect(n["code"] == code, f"{item['currency']}: networks[{code!r}]['code'] is {n['code']!r}")
            flags_match = (n["deposit"] is bool(chain["isDepositEnabled"])
                           and n["withdraw"] is bool(chain["isWithdrawEnabled"]))
            expect(flags_match,
                   f"{item['currency']} {code}: deposit/withdraw {n['deposit']}/{n['withdraw']} differ from the wire")
            expect(same_number(n["fee"], chain["withdrawalMinFee"]),
                   f"{item['currency']} {code}: fee {n['fee']!r} != withdrawalMinFee {chain['withdrawalMinFee']}")
    expect(seen_chains > 0, "the simulator serves no chains: the contract cannot judge networks")


@contract("time", "fetch_time() is the server's clock in integer ms (between two wire reads)")
def check_time(env: Env) -> None:
    ex = env.client()
    before = env.server_ms()
    got = ex.fetch_time()
    after = env.server_ms()
    expect(isinstance(got, int) and not isinstance(got, bool), f"fetch_time() returned {short(got)}, not an int")
    expect(before - 1000 <= got <= after + 1000, f"fetch_time() {got} is outside the server's [{before}, {after}]")


@contract("status", "fetch_status() has ccxt's key set and maps the wire's open/close to ok/maintenance")
def check_status(env: Env) -> None:
    status = env.client().fetch_status()
    expect_keys(status, keysets.STATUS, "status")
    wire = env.raw("/api/v1/status")
    want = "ok" if wire.get("status") == "open" else "maintenance"
    expect(status["status"] == want, f"status {status['status']!r} but the wire says {wire.get('status')!r}")
