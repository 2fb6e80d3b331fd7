"""Futures stream topics: what each push prefix feeds (pure core).

Layer: pure core. The futures family's :class:`~kucoin_connector.streaming.state.TopicTable`: each topic
prefix (``reference/kucoin-ws-topics.tsv``, domain futures; one symbol per topic) names the handler that
shapes its push (:mod:`.pushes`) and bumps the channels the watches (:mod:`.watches`) read. A handler is
``handler(state, arg, data, message, updated)``, as for spot; whatever it raises is the state's bad-push
boundary. The incremental book is ``/contractMarket/level2`` read by :class:`~.l2.FuturesBook`.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Mapping

from ..streaming.book import sequence_number
from ..streaming.channels import BALANCE_KIND, BOOK, MY_TRADES_KIND, ORDERS_KIND, ChannelKey
from ..streaming.state import StreamState, TopicTable
from .l2 import FuturesBook, snapshot_from_rest
from .parsers.positions import parse_position
from .private_pushes import my_trade_from_change, order_from_change, wallet_entry_from_push
from .pushes import (bids_asks_from_ticker_v2, funding_rate_from_instrument, mark_price_from_instrument,
                     ohlcv_from_candle, ticker_from_push, trade_from_execution)

__all__ = ["FUTURES_TOPICS", "LEVEL2", "DEPTH_PREFIXES", "TICKER", "TICKER_V2", "EXECUTION", "CANDLES",
           "INSTRUMENT", "ORDERS", "WALLET", "POSITION", "POSITION_ALL", "KINDS"]

LEVEL2 = "/contractMarket/level2"
DEPTH_PREFIXES = {5: "/contractMarket/level2Depth5", 50: "/contractMarket/level2Depth50"}
TICKER = "/contractMarket/ticker"  # v1: the last trade too (what ccxt.pro's watch_ticker subscribes)
TICKER_V2 = "/contractMarket/tickerV2"  # best bid and ask (ccxt.pro's watch_bids_asks)
EXECUTION = "/contractMarket/execution"
CANDLES = "/contractMarket/limitCandle"
INSTRUMENT = "/contract/instrument"
ORDERS = "/contractMarket/tradeOrders"  # private; pushed as "/contractMarket/tradeOrders:{symbol}"
WALLET = "/contractAccount/wallet"  # private
POSITION = "/contract/position"  # private, one contract; also what /contract/positionAll pushes arrive as
POSITION_ALL = "/contract/positionAll"  # private, every contract


class KINDS:
    """The channel kinds futures pushes feed (``ChannelKey(kind, arg)``; arg: the contract id unless told)."""

    BOOK = BOOK
    DEPTH = {5: "depth5", 50: "depth50"}
    TICKER = "ticker"
    BIDS_ASKS = "bidsasks"
    TRADES = "trades"
    OHLCV = "ohlcv"  # arg: "{symbol id}_{type}"
    MARK_PRICE = "markprice"
    FUNDING_RATE = "fundingrate"
    ORDERS = ORDERS_KIND  # arg: contract id, or None for every contract
    MY_TRADES = MY_TRADES_KIND  # arg: contract id, or None for every contract
    BALANCE = BALANCE_KIND  # arg: None; the item is the state's balance
    POSITIONS = "positions"  # arg: contract id, or None for every contract


def _level2(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set) -> None:
    state.on_book_delta(arg, data, updated)


def _depth(depth: int, state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any],
           updated: set) -> None:
    book = state.depth_book(arg, depth)
    book.replace(snapshot_from_rest(data))  # sizes are JSON integers here
    book.sequence = sequence_number(data["sequence"])  # the book's sequence: ccxt's ``nonce``
    state.bump(ChannelKey(KINDS.DEPTH[depth], arg), book, updated)


def _shaped(kind: str, parse, state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any],
            updated: set) -> None:
    state.bump(ChannelKey(kind, arg), parse(data, state.market(arg), state.num), updated)


def _candles(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set) -> None:
    state.bump(ChannelKey(KINDS.OHLCV, arg), ohlcv_from_candle(data, state.num), updated)


_INSTRUMENT_SUBJECTS = {"mark.index.price": (KINDS.MARK_PRICE, mark_price_from_instrument),
                        "funding.rate": (KINDS.FUNDING_RATE, funding_rate_from_instrument)}


def _instrument(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any],
                updated: set) -> None:
    found = _INSTRUMENT_SUBJECTS.get(message.get("subject"))  # type: ignore[arg-type]
    if found is not None:
        _shaped(found[0], found[1], state, arg, data, message, updated)



def _order_change(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any],
                  updated: set) -> None:
    symbol_id = data.get("symbol")
    market = state.market(symbol_id)
    state.bump_order_change(symbol_id, order_from_change(data, market, state.num),
                            my_trade_from_change(data, market, state.num), updated)


def _wallet(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set) -> None:
    code, entry, stamp = wallet_entry_from_push(data, state.num)
    if code is not None:
        state.bump_balance(code, entry, stamp, data, updated)


_ALL_POSITIONS = ChannelKey(KINDS.POSITIONS)


_NOT_A_POSITION = ("position.settlement", "position.adjustRiskLimit")


def _position(state: StreamState, arg: str, data: Mapping[str, Any], message: Mapping[str, Any],
              updated: set) -> None:
    """A ``position.change`` push (the REST position's fields: the REST parser reads it). A funding
    settlement (``fundingTime qty markPrice fundingRate fundingFee``) or a risk-limit answer on the same
    topic carries no position: it is not read as one (the moved position follows as ``position.change``)."""
    if message.get("subject") in _NOT_A_POSITION:
        return
    symbol_id = data.get("symbol") or arg
    position = parse_position(data, state.market(symbol_id), state.num)
    state.bump(_ALL_POSITIONS, position, updated)
    state.bump(ChannelKey(KINDS.POSITIONS, symbol_id), position, updated)


TOPIC_HANDLERS = {
    LEVEL2: _level2,
    **{prefix: partial(_depth, depth) for depth, prefix in DEPTH_PREFIXES.items()},
    TICKER: partial(_shaped, KINDS.TICKER, ticker_from_push),
    TICKER_V2: partial(_shaped, KINDS.BIDS_ASKS, bids_asks_from_ticker_v2),
    EXECUTION: partial(_shaped, KINDS.TRADES, trade_from_execution),
    CANDLES: _candles,
    INSTRUMENT: _instrument,
    ORDERS: _order_change,
    WALLET: _wallet,
    POSITION: _position,
    POSITION_ALL: _position,
}

FUTURES_TOPICS = TopicTable(family="futures", handlers=TOPIC_HANDLERS, book_prefix=LEVEL2, new_book=FuturesBook)
