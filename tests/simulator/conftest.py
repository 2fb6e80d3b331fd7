"""Fixtures for the simulator tests: in-process simulators on ephemeral ports, a frozen clock, clients."""
from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest
from simhelpers import Client, FakeClock

from kucoin_conformance.simulator import Simulator


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_sim() -> Iterator[Callable[..., Simulator]]:
    """Factory for started simulators (stopped at teardown); defaults: no background steps, 60 symbols."""
    started: list[Simulator] = []

    def factory(**kwargs: Any) -> Simulator:
        kwargs.setdefault("tick_interval", 0)
        kwargs.setdefault("symbols", 60)
        sim = Simulator(**kwargs).start()
        started.append(sim)
        return sim

    yield factory
    for sim in started:
        sim.stop()


@pytest.fixture
def sim(make_sim: Callable[..., Simulator], clock: FakeClock) -> Simulator:
    """A started simulator on a frozen clock, seed 7."""
    return make_sim(seed=7, clock=clock)


@pytest.fixture
def make_client() -> Iterator[Callable[..., Client]]:
    clients: list[Client] = []

    def factory(base_url: str, source_ip: str | None = None) -> Client:
        c = Client(base_url, source_ip)
        clients.append(c)
        return c

    yield factory
    for c in clients:
        c.close()


@pytest.fixture
def spot(sim: Simulator, make_client: Callable[..., Client]) -> Client:
    return make_client(sim.spot_url)


@pytest.fixture
def futures(sim: Simulator, make_client: Callable[..., Client]) -> Client:
    return make_client(sim.futures_url)
