"""Topic joining, splitting and per-connection allocation."""
from __future__ import annotations

import pytest

from kucoin_connector.streaming.topics import ConnectionKey, Allocation, Unit, join_units, split_topic, unit


def K(access: str, n: int) -> ConnectionKey:
    return ConnectionKey("spot", access, n)


def test_join_groups_by_prefix_and_caps_at_100():
    units = [Unit("/market/level2", f"S{i}-USDT") for i in range(150)] + [Unit("/account/balance")]
    topics = join_units(units)
    assert len(topics) == 3
    assert topics[0] == "/market/level2:" + ",".join(f"S{i}-USDT" for i in range(100))
    assert topics[1] == "/market/level2:" + ",".join(f"S{i}-USDT" for i in range(100, 150))
    assert topics[2] == "/account/balance"


def test_single_symbol_prefixes_are_not_joined():
    assert join_units([Unit("/market/candles", "A-B_1min"), Unit("/market/candles", "C-D_1min")]) == [
        "/market/candles:A-B_1min", "/market/candles:C-D_1min"]


def test_split_and_unit():
    assert split_topic("/market/ticker:A,B") == [Unit("/market/ticker", "A"), Unit("/market/ticker", "B")]
    assert split_topic("/market/candles:A-B_1hour") == [Unit("/market/candles", "A-B_1hour")]
    assert unit("/account/balance") == Unit("/account/balance")
    assert Unit("/account/balance").private and not Unit("/market/match", "A").private


def test_allocation_opens_extra_connections_and_keeps_private_apart():
    a = Allocation(limit=2)
    placed = a.assign([Unit("/market/match", s) for s in "ABC"] + [Unit("/account/balance")])
    assert placed == {K("public", 0): [Unit("/market/match", "A"), Unit("/market/match", "B")],
                      K("public", 1): [Unit("/market/match", "C")], K("private", 2): [Unit("/account/balance")]}
    assert a.assign([Unit("/market/match", "A")]) == {}
    assert a.release([Unit("/market/match", "C")]) == {K("public", 1): [Unit("/market/match", "C")]}
    assert set(a.connections()) == {K("public", 0), K("private", 2)}
    assert a.assign([Unit("/market/match", "D")]) == {K("public", 3): [Unit("/market/match", "D")]}
    with pytest.raises(ValueError):
        Allocation(0)
