"""Spot stream topics: what each push prefix feeds (pure core).

Layer: pure core. :data:`TOPIC_HANDLERS` maps a topic prefix to the handler that shapes its push
(:mod:`.pushes`) and bumps the channels the watches read (:mod:`.watches` names the same
:class:`~kucoin_connector.streaming.channels.ChannelKey` kinds, :data:`KINDS`). A handler is
``handler(state, arg, data, message, updated)``: ``arg`` is the topic's argument (after ``:``),
``data`` the push's ``data`` object. Whatever a handler raises is the state's bad-push boundary.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Mapping

from ..streaming.channels import BALANCE_KIND, BOOK, MY_TRADES_KIND, ORDERS_KIND, ChannelKey
from ..streaming.state import StreamState, TopicTable
from .l2 import L2Book
from .pushes import (balance_entry_from_push, bids_asks_from_level1, my_trade_from_change, ohlcv_from_candles,
                     order_from_change, ticker_from_push, trade_from_match)

__all__ = ["TOPIC_HANDLERS", "SPOT_TOPICS", "LEVEL2", "DEPTH_PREFIXES", "TICKER", "LEVEL1", "MATCH", "CANDLES",
           "ORDERS", "BALANCE", "KINDS"]

LEVEL2 = "/market/level2"
DEPTH_PREFIXES = {5: "/spotMarket/level2Depth5", 50: "/spotMarket/level2Depth50"}
TICKER = "/market/ticker"
LEVEL1 = "/spotMarket/level1"
MATCH = "/market/match"
CANDLES = "/market/candles"
ORDERS = "/spotMarket/tradeOrdersV2"
ORDERS_V1 = "/spotMarket/tradeOrders"
BALANCE = "/account/balance"


class KINDS:
    """The channel kinds spot pushes feed (``ChannelKey(kind, arg)``)."""

    BOOK = BOOK  # arg: symbol id; the item is the live book
    DEPTH = {5: "depth5", 50: "depth50"}  # arg: symbol id; the item is the depth book
    TICKER = "ticker"  # arg: symbol id
    ALL_TICKERS = "tickers"  # arg: "all"; the item is the symbol id whose ticker channel moved
    LEVEL1 = "level1"  # arg: symbol id
    TRADES = "trades"  # arg: symbol id
    OHLCV = "ohlcv"  # arg: "{symbol id}_{type}"
    ORDERS = ORDERS_KIND  # arg: symbol id, or None for every symbol
    MY_TRADES = MY_TRADES_KIND  # arg: symbol id, or None for every symbol
    BALANCE = BALANCE_KIND  # arg: None; the item is the state's balance


def _level2(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set) -> None:
    state.on_book_delta(data.get("symbol") or arg, data, updated)


def _depth(depth: int, state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any],
           updated: set) -> None:
    book = state.depth_book(arg, depth)
    book.replace(data)
    state.bump(ChannelKey(KINDS.DEPTH[depth], arg), book, updated)


def _ticker(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set) -> None:
    every = arg == "all"
    symbol_id = message.get("subject") if every else arg
    if not isinstance(symbol_id, str):
        return
    key = ChannelKey(KINDS.TICKER, symbol_id)
    if every:
        state.channel(key)  # ticker:all feeds every symbol's channel
    if key in state.channels:
        state.bump(key, ticker_from_push(data, state.market(symbol_id), state.num), updated)
    if every:
        state.bump(ChannelKey(KINDS.ALL_TICKERS, "all"), symbol_id, updated)


def _level1(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set) -> None:
    state.bump(ChannelKey(KINDS.LEVEL1, arg), bids_asks_from_level1(data, state.market(arg), state.num), updated)


def _match(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set) -> None:
    symbol_id = data.get("symbol") or arg
    state.bump(ChannelKey(KINDS.TRADES, symbol_id), trade_from_match(data, state.market(symbol_id), state.num),
               updated)


def _candles(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set) -> None:
    state.bump(ChannelKey(KINDS.OHLCV, arg), ohlcv_from_candles(data, state.num), updated)


def _order_change(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any],
                  updated: set) -> None:
    symbol_id = data.get("symbol")
    market = state.market(symbol_id)
    state.bump_order_change(symbol_id, order_from_change(data, market, state.num),
                            my_trade_from_change(data, market, state.num), updated)



def _balance(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set) -> None:
    code, entry, stamp = balance_entry_from_push(data, state.num)
    if code is not None:
        state.bump_balance(code, entry, stamp, data, updated)


TOPIC_HANDLERS = {
    LEVEL2: _level2,
    **{prefix: partial(_depth, depth) for depth, prefix in DEPTH_PREFIXES.items()},
    TICKER: _ticker,
    LEVEL1: _level1,
    MATCH: _match,
    CANDLES: _candles,
    ORDERS: _order_change,
    ORDERS_V1: _order_change,
    BALANCE: _balance,
}

SPOT_TOPICS = TopicTable(family="spot", handlers=TOPIC_HANDLERS, book_prefix=LEVEL2, new_book=L2Book)
