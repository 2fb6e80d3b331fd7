"""Fixtures for the conformance suite: one paused simulator for the session and the connector's Env."""
from __future__ import annotations

from typing import Iterator

import pytest

from simfixtures import contract_env, paused_simulator


@pytest.fixture(scope="session")
def sim() -> Iterator[object]:
    with paused_simulator(seed=1) as simulator:
        yield simulator


@pytest.fixture(scope="session")
def env(sim: object) -> Iterator[object]:
    from kucoin_conformance.impls import kucoin_connector_factory

    with contract_env(kucoin_connector_factory, sim) as environment:
        yield environment
