"""Malformed answers to the futures trading and position calls: every field of each official example
replaced, one at a time, by a value of the wrong kind; the call returns a structure or raises one of the
connector's typed errors (BadResponse naming the endpoint), never anything else, on the sync face."""
from __future__ import annotations

import copy

import pytest
from futures_support import contract_items, example, order_example

from kucoin_connector import KucoinFutures
from kucoin_connector.errors import BadResponse, BaseError
from kucoin_connector.testing import FakeClock, ScriptedTransport

HOSTILE = [None, "", "abc", [], {}, -1, True, "1e999999", "NaN", 10 ** 40, [{}], {"x": []}]
BTC = "BTC/USDT:USDT"


def pos(path):
    return example("openapi-futures-positions.json", path)


CALLS = [
    ("create_order", lambda ex: ex.create_order(BTC, "limit", "buy", 1, 60000), order_example("/api/v1/orders", "post")),
    ("create_orders", lambda ex: ex.create_orders([{"symbol": BTC, "type": "market", "side": "buy", "amount": 1}]),
     order_example("/api/v1/orders/multi", "post")),
    ("fetch_order", lambda ex: ex.fetch_order("236655147005071361"), order_example("/api/v1/orders/{order-id}")),
    ("cancel_order", lambda ex: ex.cancel_order("235303670076489728"),
     order_example("/api/v1/orders/{orderId}", "delete")),
    ("fetch_open_orders", lambda ex: ex.fetch_open_orders(BTC), order_example("/api/v1/orders")),
    ("fetch_my_trades", lambda ex: ex.fetch_my_trades(BTC), order_example("/api/v1/fills")),
    ("fetch_position", lambda ex: ex.fetch_position(BTC), pos("/api/v1/position")),
    ("fetch_positions", lambda ex: ex.fetch_positions(), pos("/api/v1/positions")),
    ("fetch_positions_history", lambda ex: ex.fetch_positions_history(), pos("/api/v1/history-positions")),
    ("fetch_leverage", lambda ex: ex.fetch_leverage(BTC), pos("/api/v2/getCrossUserLeverage")),
    ("fetch_margin_mode", lambda ex: ex.fetch_margin_mode(BTC), pos("/api/v2/position/getMarginMode")),
    ("fetch_market_leverage_tiers", lambda ex: ex.fetch_market_leverage_tiers(BTC),
     pos("/api/v1/contracts/risk-limit/{symbol}")),
    ("fetch_funding_history", lambda ex: ex.fetch_funding_history(BTC),
     example("openapi-futures-fundingfees.json", "/api/v1/funding-history")),
    ("fetch_balance", lambda ex: ex.fetch_balance(), example("openapi-account-account.json", "/api/v1/account-overview")),
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
