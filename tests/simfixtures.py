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
