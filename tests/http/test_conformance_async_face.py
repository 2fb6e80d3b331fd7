"""Every conformance contract against the asyncio face on its default transport (HTTP on the event loop),
through ``kucoin_conformance.async_impl:factory`` (the same factory ``--impl`` takes)."""
from __future__ import annotations

from typing import Iterator

import pytest

from kucoin_conformance.contracts import CONTRACTS, Contract, Env
from kucoin_conformance.runner import SKIP_REASON, run_contract


@pytest.fixture(scope="module")
def sim() -> Iterator[object]:
    from kucoin_conformance.simulator import Simulator

    simulator = Simulator(seed=1, symbols=120).start()
    simulator.pause()
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture(scope="module")
def env(sim: object) -> Iterator[Env]:
    from kucoin_conformance.async_impl import factory

    environment = Env(factory, sim)
    try:
        yield environment
    finally:
        environment.close()


def test_the_factory_builds_the_asyncio_face_on_the_event_loop_transport(env) -> None:
    from kucoin_connector import AsyncKucoin
    from kucoin_connector.io.http_asyncio import AsyncioHTTPTransport

    client = env.fresh()
    assert isinstance(client._exchange, AsyncKucoin)
    assert isinstance(client._exchange._transport, AsyncioHTTPTransport)


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_contract_on_the_asyncio_face(contract: Contract, env, sim) -> None:
    result = run_contract(contract, env, {})
    sim.clear_faults()
    if result.outcome == "skip":
        missing = env.missing(contract.requires)
        assert missing and result.reason.startswith(SKIP_REASON), result.reason
        pytest.skip(f"{SKIP_REASON}: {', '.join(missing)}")
    assert result.outcome == "pass", f"{result.name} [{result.outcome}]: {result.reason}"
