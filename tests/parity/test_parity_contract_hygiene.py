"""(d) The trading contracts clean up after an implementation that misreads an answer.

ccxt places a batch but reads the HF batch answer as empty (documented deviation ``order_types.batch``):
the contract must still cancel what it placed, found on the simulator by clientOid, or the resting orders
hold funds and sit in the book for every later contract.
"""
from __future__ import annotations

import pytest

from kucoin_conformance.contracts import CONTRACTS
from kucoin_conformance.deviations import deviations_for
from kucoin_conformance.runner import run_contract

pytestmark = pytest.mark.parity


def _open_batch_orders(parity_sim, key: str) -> list[dict]:
    return [o for o in parity_sim.orders() if o["apiKey"] == key and o["status"] == "open"
            and (o["clientOid"] or "").startswith("cfbatch")]


def test_batch_contract_leaves_no_resting_order(ccxt_env, parity_sim) -> None:
    [batch] = [c for c in CONTRACTS if c.name == "order_types.batch"]
    key = ccxt_env.credentials()["apiKey"]
    before = len(parity_sim.orders())
    result = run_contract(batch, ccxt_env, deviations_for("ccxt"))
    assert result.outcome == "deviation", result
    placed = [o for o in parity_sim.orders()[before:] if (o["clientOid"] or "").startswith("cfbatch")]
    assert len(placed) == 2 and {o["side"] for o in placed} == {"buy", "sell"}, placed  # it did place them
    assert _open_batch_orders(parity_sim, key) == []
    assert all(o["cancelExist"] for o in placed), placed
