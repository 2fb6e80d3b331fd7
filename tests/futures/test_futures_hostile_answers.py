"""Malformed answers to the futures trading and position calls: every field of each official example
replaced, one at a time, by a value of the wrong kind; the call returns a structure or raises one of the
connector's typed errors (BadResponse naming the endpoint), never anything else, on the sync face."""
from __future__ import annotations

import copy

import pytest
from futures_support import contract_items, payload

from kucoin_connector import KucoinFutures
from kucoin_connector.errors import BadResponse, BaseError
from kucoin_connector.testing import FakeClock, ScriptedTransport

HOSTILE = [None, "", "abc", [], {}, -1, True, "1e999999", "NaN", 10 ** 40, [{}], {"x": []}]
BTC = "BTC/USDT:USDT"



CALLS = [
    ("create_order", lambda ex: ex.create_order(BTC, "limit", "buy", 1, 60000), payload("futures_order_add.json")),
    ("create_orders", lambda ex: ex.create_orders([{"symbol": BTC, "type": "market", "side": "buy", "amount": 1}]),
     payload("futures_orders_multi.json")),
    ("fetch_order", lambda ex: ex.fetch_order("236655147005071361"), payload("futures_order.json")),
    ("cancel_order", lambda ex: ex.cancel_order("235303670076489728"),
     payload("futures_order_cancel.json")),
    ("fetch_open_orders", lambda ex: ex.fetch_open_orders(BTC), payload("futures_orders.json")),
    ("fetch_my_trades", lambda ex: ex.fetch_my_trades(BTC), payload("futures_fills.json")),
    ("fetch_position", lambda ex: ex.fetch_position(BTC), payload("futures_position.json")),
    ("fetch_positions", lambda ex: ex.fetch_positions(), payload("futures_positions.json")),
    ("fetch_positions_history", lambda ex: ex.fetch_positions_history(), payload("futures_history_positions.json")),
    ("fetch_leverage", lambda ex: ex.fetch_leverage(BTC), payload("futures_cross_leverage.json")),
    ("fetch_margin_mode", lambda ex: ex.fetch_margin_mode(BTC), payload("futures_margin_mode.json")),
    ("fetch_market_leverage_tiers", lambda ex: ex.fetch_market_leverage_tiers(BTC),
     payload("futures_risk_limit.json")),
    ("fetch_funding_history", lambda ex: ex.fetch_funding_history(BTC),
     payload("futures_funding_history.json")),
    ("fetch_balance", lambda ex: ex.fetch_balance(), payload("futures_account_overview.json")),
]


def _paths(value, prefix=()):
    """Every path to a field (dict keys and the first item of lists), the data itself first."""
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, prefix + (key,))
    elif isinstance(value, list) and value:
        yield from _paths(value[0], prefix + (0,))


def _mutated(data, path, value):
    if not path:
        return copy.deepcopy(value)
    doc = copy.deepcopy(data)
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = copy.deepcopy(value)
    return doc


@pytest.mark.parametrize("name,call,data", CALLS, ids=[c[0] for c in CALLS])
def test_every_malformed_field_is_a_typed_error_or_a_structure(name, call, data):
    problems = []
    for path in _paths(data):
        for value in HOSTILE:
            transport = ScriptedTransport([contract_items(), _mutated(data, path, value)])
            ex = KucoinFutures({"apiKey": "k", "secret": "s", "password": "p",
                                "options": {"adjustForTimeDifference": False, "maxRetries": 0,
                                            "reconcileAttempts": 1}}, transport=transport, clock=FakeClock())
            try:
                call(ex)
            except BadResponse as exc:
                if not exc.endpoint:
                    problems.append(f"{path}={value!r}: BadResponse without its endpoint")
            except BaseError:
                pass  # e.g. OrderNotFound for an empty order answer
            except Exception as exc:  # noqa: BLE001 - the point of the test
                problems.append(f"{path}={value!r}: {type(exc).__name__}: {str(exc)[:80]}")
    assert not problems, "\n".join(problems[:15])
