"""Both faces honour the abstract interface: every unified method exists with the interface's parameter
names, kinds and defaults, coroutines exactly where the asyncio contract has them, and nothing abstract is
left (the faces are instantiable because every method is implemented or declared NotSupported)."""
from __future__ import annotations

import inspect

import pytest

from kucoin_connector import AsyncKucoin, AsyncKucoinFutures, Kucoin, KucoinFutures
from kucoin_connector.core.interface import PLAIN_HELPERS, UNIFIED_METHODS, AsyncUnifiedExchange, UnifiedExchange
from kucoin_connector.errors import NotSupported

FACES = [(Kucoin, UnifiedExchange), (AsyncKucoin, AsyncUnifiedExchange), (KucoinFutures, UnifiedExchange),
         (AsyncKucoinFutures, AsyncUnifiedExchange)]


def _shape(function) -> list[tuple[str, object, object]]:
    params = list(inspect.signature(function).parameters.values())
    if params and params[0].name == "self":
        params = params[1:]
    return [(p.name, p.kind, p.default) for p in params]


@pytest.mark.parametrize("face,contract", FACES, ids=["sync", "asyncio", "futures-sync", "futures-asyncio"])
@pytest.mark.parametrize("name", UNIFIED_METHODS)
def test_method_matches_the_interface(face, contract, name):
    ours, theirs = inspect.getattr_static(face, name), inspect.getattr_static(contract, name)
    assert isinstance(ours, staticmethod) == isinstance(theirs, staticmethod), name
    ours_fn, theirs_fn = getattr(face, name), getattr(contract, name)
    assert _shape(ours_fn) == _shape(theirs_fn), name
    if contract is AsyncUnifiedExchange:
        assert inspect.iscoroutinefunction(ours_fn) == (name not in PLAIN_HELPERS), name


@pytest.mark.parametrize("face", [Kucoin, AsyncKucoin, KucoinFutures, AsyncKucoinFutures],
                         ids=["sync", "asyncio", "futures-sync", "futures-asyncio"])
def test_nothing_is_left_abstract(face):
    assert face.__abstractmethods__ == frozenset()
    face()  # instantiable without hiding the ABC's check


def test_a_missing_method_is_declared_not_supported_and_says_so():
    with pytest.raises(NotSupported, match=r"fetch_positions\(\).*has\['fetchPositions'\] is False"):
        Kucoin().fetch_positions()


def test_parse8601_takes_the_interfaces_keyword_and_close_takes_clean_instance_data():
    ex = Kucoin()
    assert ex.parse8601(timestamp="2025-01-01T00:00:00Z") == 1735689600000
    ex.close(clean_instance_data=True)
