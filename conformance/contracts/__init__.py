"""The conformance contracts: implementation-agnostic checks of the ccxt-compatible unified interface.

Layer: conformance. Rule: contracts use only the public unified interface of the object under test
(duck typing: ``kucoin_connector.Kucoin`` or ``ccxt.kucoin``) and take ground truth from the simulator.
Importing this package registers every contract in :data:`CONTRACTS` (registry order = report order).
"""
from __future__ import annotations

# Registration order is report order: markets first, failure modes last.
from . import markets, basics, tickers, order_book, trades, ohlcv, precision, errors, resilience  # noqa: F401,I001
# Trading (issue 3): each declares what it `requires`, so it is skipped where `has` says "not supported".
from . import orders, order_types, rejections, balances, margin, outcome  # noqa: F401,I001
# Streams (issue 4): the asyncio watch_* face against the simulator's WebSocket.
from . import streams  # noqa: F401,I001
# Futures (issue 9): the implementation's futures client (the factory's `futures` sibling, see impls).
from . import futures_market, futures_orders, futures_positions, futures_triggers, futures_ledger  # noqa: F401,I001
# Futures streams: the futures family's asyncio watch_order_book against the simulator's WebSocket.
from . import futures_streams  # noqa: F401,I001
# The delivery of the dated contract cannot be undone: registered last (it reloads the shared markets after).
from . import futures_delivery  # noqa: F401,I001
from .env import Env, Factory
from .registry import CONTRACTS, Contract, ContractFailure, capabilities, contract, select_contracts

__all__ = ["CONTRACTS", "Contract", "ContractFailure", "Env", "Factory", "capabilities", "contract",
           "select_contracts"]
