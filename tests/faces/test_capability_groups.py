"""Each face declares the interface's capability groups it implements completely (``capability_groups``).

A declared group has no NotSupported stub and ``has`` says True for each of its methods; a group left
undeclared has at least one stub (so the declaration is the whole truth, not a subset of it); and ``has``
agrees with the stubs method by method.
"""
from __future__ import annotations

import pytest

from kucoin_connector import AsyncKucoin, AsyncKucoinFutures, Kucoin, KucoinFutures
from kucoin_connector.clients.base import is_not_supported
from kucoin_connector.core.interface import GROUPS, capability_name
from kucoin_connector.errors import NotSupported

FACES = [Kucoin, AsyncKucoin, KucoinFutures, AsyncKucoinFutures]


def _methods(group: str) -> list[str]:
    return sorted(GROUPS[group].__abstractmethods__)


def _stubs(face: type, group: str) -> list[str]:
    return [name for name in _methods(group) if is_not_supported(getattr(face, name))]


@pytest.mark.parametrize("face", FACES, ids=lambda f: f.__name__)
def test_the_declaration_names_known_groups_once(face):
    assert isinstance(face.capability_groups, tuple)
    assert len(set(face.capability_groups)) == len(face.capability_groups)
    assert set(face.capability_groups) <= set(GROUPS)


@pytest.mark.parametrize("face", FACES, ids=lambda f: f.__name__)
def test_a_declared_group_has_no_not_supported_stub_and_an_undeclared_one_has(face):
    for group in GROUPS:
        stubs = _stubs(face, group)
        if group in face.capability_groups:
            assert stubs == [], f"{face.__name__} declares {group} but does not implement {stubs}"
        else:
            assert stubs, f"{face.__name__} implements every method of {group}: declare it in capability_groups"


@pytest.mark.parametrize("face", FACES, ids=lambda f: f.__name__)
def test_has_agrees_with_the_declaration_and_with_every_stub(face):
    has = face.has
    for group in GROUPS:
        for name in _methods(group):
            key = capability_name(name)
            if key not in has:
                continue  # helpers and lifecycle methods have no `has` key
            if group in face.capability_groups:
                assert has[key] is True, (face.__name__, group, key)
            assert has[key] is (not is_not_supported(getattr(face, name))), (face.__name__, key)


def test_the_spot_faces_declare_the_same_groups_and_so_do_the_futures_faces():
    assert Kucoin.capability_groups == AsyncKucoin.capability_groups
    assert KucoinFutures.capability_groups == AsyncKucoinFutures.capability_groups


def test_a_stub_is_what_is_not_supported_and_an_implemented_method_is_not():
    assert is_not_supported(Kucoin.fetch_positions) and is_not_supported(KucoinFutures.edit_order)
    assert not is_not_supported(Kucoin.fetch_ticker) and not is_not_supported(KucoinFutures.fetch_ticker)
    with pytest.raises(NotSupported):  # what the marker stands for: nothing sent, NotSupported raised
        Kucoin().fetch_positions()
    with pytest.raises(NotSupported):
        KucoinFutures().edit_order("1", "BTC/USDT:USDT", "limit", "buy", 1, 100)
