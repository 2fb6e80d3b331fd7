"""Every conformance contract against kucoin_connector + the simulator: one test per contract."""
from __future__ import annotations

import pytest

from kucoin_conformance.contracts import CONTRACTS, Contract
from kucoin_conformance.deviations import deviations_for
from kucoin_conformance.runner import run_contract


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_contract(contract: Contract, env, sim) -> None:
    result = run_contract(contract, env, deviations_for("kucoin_connector"))
    sim.clear_faults()
    assert result.outcome == "pass", f"{result.name} [{result.outcome}]: {result.reason}"


def test_the_connector_documents_no_deviation() -> None:
    # Our own implementation must pass every contract outright.
    assert dict(deviations_for("kucoin_connector")) == {}


def test_suite_covers_the_required_capabilities() -> None:
    capabilities = {c.capability for c in CONTRACTS}
    assert {"markets", "currencies", "time", "status", "ticker", "tickers", "bids asks", "order book", "trades",
            "ohlcv", "precision", "errors", "resilience"} <= capabilities
    names = {c.name for c in CONTRACTS}
    for required in ("markets.lazy_loading", "errors.unknown_symbol", "errors.wrong_secret",
                     "resilience.clock_skew", "resilience.rate_limit", "ohlcv.since_limit_cap"):
        assert required in names
