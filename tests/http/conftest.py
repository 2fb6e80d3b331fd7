from __future__ import annotations

import pytest

from kucoin_conformance.simulator import Simulator


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=7, symbols=40) as s:
        s.pause()
        yield s


@pytest.fixture
def urls(sim):
    return {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}


@pytest.fixture(autouse=True)
def _clean_faults(sim):
    sim.clear_faults()
    yield
    sim.clear_faults()
