"""Parity fixtures: ccxt (the `parity` extra) and kucoin_connector on one paused simulator.

Every test in this folder is marked ``parity``; without ccxt they are skipped with the reason.
Run: ``pip install 'kucoin-connector[parity]' && pytest tests/parity -m parity``.
"""
from __future__ import annotations

import importlib.util
from typing import Iterator

import pytest

from simfixtures import contract_env, paused_simulator


def _ccxt_missing() -> bool:
    try:
        return importlib.util.find_spec("ccxt") is None  # cheap: ccxt itself takes ~1.5 s to import
    except (ImportError, ValueError):  # ValueError: sys.modules["ccxt"] is None (import blocked)
        return True


_CCXT_MISSING = _ccxt_missing()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/parity" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.parity)
            if _CCXT_MISSING:
                item.add_marker(pytest.mark.skip(reason="ccxt is not installed (pip install "
                                                       "'kucoin-connector[parity]') - parity tests need it"))


@pytest.fixture(scope="session")
def parity_sim() -> Iterator[object]:
    with paused_simulator(seed=7) as simulator:
        yield simulator


@pytest.fixture(scope="session")
def ccxt_env(parity_sim: object) -> Iterator[object]:
    from kucoin_conformance.impls import ccxt_factory

    with contract_env(ccxt_factory, parity_sim) as environment:
        yield environment


@pytest.fixture(scope="session")
def clients(parity_sim: object) -> Iterator[tuple[object, object]]:
    """(ours, ccxt): public clients with markets loaded, on the same paused simulator."""
    from kucoin_conformance.impls import ccxt_factory, kucoin_connector_factory

    urls = {"spot": parity_sim.spot_url, "futures": parity_sim.futures_url}  # type: ignore[attr-defined]
    ours, theirs = kucoin_connector_factory(urls, {}), ccxt_factory(urls, {})
    ours.load_markets()
    theirs.load_markets()
    try:
        yield ours, theirs
    finally:
        ours.close()
        theirs.close()
