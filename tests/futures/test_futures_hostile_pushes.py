"""Hostile futures pushes: every field of each official futures example replaced by a value of the wrong kind
is applied or dropped and counted, never raised; a bad level-2 change resynchronises its book; the next good
push is still delivered."""
from __future__ import annotations

import copy

import pytest
from futures_support import contract_items
from futures_ws_support import ws_example

from kucoin_connector.core.markets import MarketRegistry
from kucoin_connector.core.numbers import number_converter
from kucoin_connector.futures.l2 import snapshot_from_rest
from kucoin_connector.futures.parsers.contracts import parse_contract
from kucoin_connector.futures.topics import FUTURES_TOPICS, KINDS
from kucoin_connector.streaming.channels import BOOK, ChannelKey
from kucoin_connector.streaming.engine import Message, Subscribed
from kucoin_connector.streaming.state import StreamState
from kucoin_connector.streaming.topics import ConnectionKey, Unit

SID = "XBTUSDTM"
KEY = ConnectionKey("futures", "public", 0)
PRIVATE = "openapi-futures-private.json"
EXAMPLES = {
    "ticker": ("/contractMarket/ticker:{symbol}", None, ChannelKey(KINDS.TICKER, SID)),
    "tickerV2": ("/contractMarket/tickerV2:{symbol}", None, ChannelKey(KINDS.BIDS_ASKS, SID)),
    "execution": ("/contractMarket/execution:{symbol}", None, ChannelKey(KINDS.TRADES, SID)),
    "candle": ("/contractMarket/limitCandle:{symbol}_{type}", None, ChannelKey(KINDS.OHLCV, f"{SID}_1min")),
    "instrument": ("/contract/instrument:{symbol}", None, ChannelKey(KINDS.MARK_PRICE, SID)),
    "depth5": ("/contractMarket/level2Depth5:{symbol}", None, ChannelKey(KINDS.DEPTH[5], SID)),
    "orders": ("/contractMarket/tradeOrders:{symbol}", PRIVATE, ChannelKey(KINDS.ORDERS)),
    "wallet": ("/contractAccount/wallet", PRIVATE, ChannelKey(KINDS.BALANCE)),
    "level2": ("/contractMarket/level2:{symbol}", None, ChannelKey(BOOK, SID)),
}
WRONG = [None, True, [], {}, "x", "NaN", "1e999999", -1, 10 ** 30, 1.5, "9" * 100]


def _state() -> StreamState:
    registry = MarketRegistry()
    registry.set_markets([parse_contract(i, number_converter("decimal")) for i in contract_items()])
    state = StreamState(registry, number_converter("float"), FUTURES_TOPICS)
    for _, _, key in EXAMPLES.values():
        state.channel(key)
    state.apply([Subscribed(KEY, (Unit("/contractMarket/level2", SID, "futures"),))])
    state.take_snapshot_requests()
    return state


def _sync(state: StreamState, sequence: int) -> None:
    snapshot = {"sequence": sequence, "ts": 1, "bids": [[90000, 1]], "asks": [[90001, 1]]}
    state.on_snapshot(SID, snapshot_from_rest(snapshot), ticket=state.snapshot_ticket(SID))
    assert state.books[SID].synced


def _cases():
    for name, (pattern, spec, _) in EXAMPLES.items():
        message = ws_example(pattern, spec) if spec else ws_example(pattern)
        for field in sorted(message["data"]):
            for value in WRONG:
                yield pytest.param(name, field, value, id=f"{name}-{field}-{value!r}"[:60])


@pytest.mark.parametrize("name,field,value", list(_cases()))
def test_a_field_of_the_wrong_kind_is_applied_or_dropped_never_raised(name, field, value):
    pattern, spec, key = EXAMPLES[name]
    good = ws_example(pattern, spec) if spec else ws_example(pattern)
    state = _state()
    if name == "level2":
        _sync(state, good["data"]["sequence"] - 1)
    bad = copy.deepcopy(good)
    bad["data"][field] = value
    state.apply([Message(KEY, bad)])  # must not raise
    if state.bad_pushes:
        assert state.bad_pushes_by_topic == {bad["topic"]: 1}
        if name == "level2":
            assert not state.books[SID].synced and state.take_snapshot_requests() == [SID]
            _sync(state, good["data"]["sequence"] - 1)
    elif name == "level2":
        return  # the change was applied (its sequence is the good one's): the good push is now a duplicate
    before = state.channel(key).count
    updated, _ = state.apply([Message(KEY, good)])
    assert key in updated and state.channel(key).count == before + 1


@pytest.mark.parametrize("message", [{"topic": 7, "data": {}}, {"topic": "/contract/instrument:X"},
                                     {"topic": "/contractMarket/level2:XBTUSDTM", "data": []},
                                     {"topic": "/contractAccount/wallet", "data": {"currency": ["USDT"]}}])
def test_a_push_of_the_wrong_shape_is_dropped(message):
    state = _state()
    state.apply([Message(KEY, message)])
    assert state.bad_pushes == 1
