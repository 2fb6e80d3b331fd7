from __future__ import annotations

import pytest

from kucoin_conformance.simulator import Simulator

# Every test here maps onto ccxt's real classes: without ccxt installed they cannot run (CI installs the
# `parity` extra and runs this folder; .ci/run).
pytest.importorskip("ccxt", reason="the ccxt adapter needs ccxt: pip install -e '.[test,parity]'")


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=7, symbols=40) as s:
        s.pause()
        yield s


@pytest.fixture
def urls(sim):
    return {"api": {"public": sim.spot_url, "private": sim.spot_url,
                    "futuresPublic": sim.futures_url, "futuresPrivate": sim.futures_url}}


@pytest.fixture
def creds(sim):
    return {k: sim.credentials[k] for k in ("apiKey", "secret", "password")}


@pytest.fixture(autouse=True)
def _clean(sim):
    sim.clear_faults()
    yield
    sim.clear_faults()
    from kucoin_connector_adapters import uninstall
    uninstall()
