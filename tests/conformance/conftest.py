"""Fixtures for the conformance suite: one paused simulator for the session and the connector's Env."""
from __future__ import annotations

from typing import Iterator

import pytest


@pytest.fixture(scope="session")
def sim() -> Iterator[object]:
    from kucoin_conformance.simulator import Simulator

    simulator = Simulator(seed=1, symbols=120).start()
    simulator.pause()
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture(scope="session")
def env(sim: object) -> Iterator[object]:
    from kucoin_conformance.contracts import Env
    from kucoin_conformance.impls import kucoin_connector_factory

    environment = Env(kucoin_connector_factory, sim)
    try:
        yield environment
    finally:
        environment.close()
