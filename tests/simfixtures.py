"""Session scaffolding shared by the conformance and parity suites: a paused simulator and a contract
environment around one implementation's factory, each closed when the session ends."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator


@contextmanager
def paused_simulator(seed: int, symbols: int = 120) -> Iterator[Any]:
    """A started, paused simulator (the market moves only when a test steps it)."""
    from kucoin_conformance.simulator import Simulator

    simulator = Simulator(seed=seed, symbols=symbols).start()
    simulator.pause()
    try:
        yield simulator
    finally:
        simulator.stop()


@contextmanager
def contract_env(factory: Callable[..., Any], sim: Any) -> Iterator[Any]:
    """The conformance contracts' ``Env`` for ``factory`` (an ``impls`` factory) on ``sim``."""
    from kucoin_conformance.contracts import Env

    environment = Env(factory, sim)
    try:
        yield environment
    finally:
        environment.close()


def face_fixtures(seed: int = 7, symbols: int = 120) -> tuple[Callable[..., Any], ...]:
    """The fixtures of a folder whose tests drive a face against one paused simulator per module:
    ``sim``, ``urls`` (its hosts as ccxt ``urls``) and an autouse ``_clean_faults`` around every test.
    Use in a conftest: ``sim, urls, _clean_faults = face_fixtures(seed=7, symbols=40)``."""
    import pytest

    @pytest.fixture(scope="module")
    def sim() -> Iterator[Any]:
        with paused_simulator(seed, symbols) as simulator:
            yield simulator

    @pytest.fixture
    def urls(sim: Any) -> dict[str, Any]:
        return {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}

    @pytest.fixture(autouse=True)
    def _clean_faults(sim: Any) -> Iterator[None]:
        sim.clear_faults()
        yield
        sim.clear_faults()

    return sim, urls, _clean_faults
