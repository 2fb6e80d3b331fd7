"""KuCoin Futures WebSocket topics the simulator serves: the topic table and the public push messages.

Layer: simulator (exchange side; pure functions over plain data). Rule: every push has exactly the keys
of the official example in ``reference/kucoin-openapi/ws/openapi-futures-public.json``
(``x-response-example`` per topic): prices are strings rendered from integer ticks
(``wire.units_to_str``), sizes are JSON integers (whole contracts), times are ms except ``ts`` on
tickers and executions (ns); mark, index and funding rates are JSON numbers as in the examples.
KuCoin Futures takes one symbol per topic (``reference/kucoin-ws-topics.tsv``, ``multi_symbol`` no).

``/contractMarket/level2`` carries one change per message, ``"price,side,size"``, and a ``sequence``
that steps by exactly 1 (https://www.kucoin.com/docs-new/3470082w0); the sequence is the contract
book's, the one the REST snapshot (``/api/v1/level2/snapshot``) reports.
"""
from __future__ import annotations

from typing import Any

from .futures_market import GRANULARITY_TYPES
from .universe import SymbolSpec
from .ws_topics import TopicSpec, dumps
from .wire import units_to_str

__all__ = ["FUTURES_TOPICS", "PRIVATE_PREFIXES", "level2_message", "ticker_v2_message", "ticker_message",
           "execution_message", "depth_message", "candle_message", "mark_index_message", "funding_rate_message",
           "DEPTH_PREFIXES", "CANDLE_PREFIX", "INSTRUMENT"]

LEVEL2 = "/contractMarket/level2"
DEPTH_PREFIXES = ("/contractMarket/level2Depth5", "/contractMarket/level2Depth50")
CANDLE_PREFIX = "/contractMarket/limitCandle"
INSTRUMENT = "/contract/instrument"
_CANDLES = tuple(GRANULARITY_TYPES.values())

FUTURES_TOPICS: dict[str, TopicSpec] = {t.prefix: t for t in (
    TopicSpec("/contractMarket/tickerV2", "tickerV2", multi=False),
    TopicSpec("/contractMarket/ticker", "ticker", multi=False),
    TopicSpec(LEVEL2, "level2", multi=False),
    TopicSpec(DEPTH_PREFIXES[0], "level2", multi=False),
    TopicSpec(DEPTH_PREFIXES[1], "level2", multi=False),
    TopicSpec("/contractMarket/execution", "match", multi=False),
    TopicSpec(CANDLE_PREFIX, "candle.stick", items="candles", multi=False, candle_types=_CANDLES),
    TopicSpec(INSTRUMENT, "mark.index.price", multi=False),
    # Private topics (openapi-futures-private.json): pushed through Simulator.futures_private_push.
    TopicSpec("/contractMarket/tradeOrders", "symbolOrderChange", private=True, items="optional", multi=False),
    TopicSpec("/contractAccount/wallet", "walletBalance.change", private=True, items="none"),
    TopicSpec("/contract/positionAll", "position.change", private=True, items="none"),
    TopicSpec("/contract/position", "position.change", private=True, multi=False),
)}
PRIVATE_PREFIXES = tuple(p for p, t in FUTURES_TOPICS.items() if t.private)


def _msg(topic: str, subject: str, data: dict[str, Any], sn: int | None = None) -> str:
    msg: dict[str, Any] = {"topic": topic, "type": "message", "subject": subject}
    if sn is not None:
        msg["sn"] = sn
    msg["data"] = data
    return dumps(msg)


def level2_message(spec: SymbolSpec, side: str, price: int, size: int, sequence: int, time_ms: int) -> str:
    """One change: ``"price,side,size"`` (size 0 removes the level)."""
    change = f"{units_to_str(price, spec.price_dec)},{side},{size}"
    return _msg(f"{LEVEL2}:{spec.symbol}", "level2", {"sequence": sequence, "change": change, "timestamp": time_ms},
                sequence)


def _top(spec: SymbolSpec, top: tuple[int | None, int, int | None, int]) -> dict[str, Any]:
    bid, bid_size, ask, ask_size = top
    pd = spec.price_dec
    return {"bestBidSize": bid_size if bid is not None else 0,
            "bestBidPrice": units_to_str(bid, pd) if bid is not None else "0",
            "bestAskPrice": units_to_str(ask, pd) if ask is not None else "0",
            "bestAskSize": ask_size if ask is not None else 0}


def ticker_v2_message(spec: SymbolSpec, sequence: int, top: tuple[int | None, int, int | None, int],
                      time_ns: int) -> str:
    """``tickerV2``: best bid and ask only."""
    return _msg(f"/contractMarket/tickerV2:{spec.symbol}", "tickerV2",
                {"symbol": spec.symbol, "sequence": sequence, **_top(spec, top), "ts": time_ns}, sequence)


def ticker_message(spec: SymbolSpec, sequence: int, side: str, last: int, last_size: int,
                   top: tuple[int | None, int, int | None, int], time_ns: int) -> str:
    """``ticker`` (v1): the last trade and the best bid and ask."""
    t = _top(spec, top)
    return _msg(f"/contractMarket/ticker:{spec.symbol}", "ticker", {
        "symbol": spec.symbol, "sequence": sequence, "side": side, "size": last_size,
        "price": units_to_str(last, spec.price_dec), "bestBidSize": t["bestBidSize"],
        "bestBidPrice": t["bestBidPrice"], "bestAskPrice": t["bestAskPrice"], "tradeId": str(sequence),
        "bestAskSize": t["bestAskSize"], "ts": time_ns}, sequence)


def execution_message(spec: SymbolSpec, side: str, price: int, size: int, sequence: int, taker: str, maker: str,
                      time_ns: int) -> str:
    return _msg(f"/contractMarket/execution:{spec.symbol}", "match", {
        "symbol": spec.symbol, "sequence": sequence, "side": side, "size": size,
        "price": units_to_str(price, spec.price_dec), "takerOrderId": taker, "makerOrderId": maker,
        "tradeId": str(sequence), "ts": time_ns}, sequence)


def depth_message(prefix: str, spec: SymbolSpec, sequence: int, bids: list[tuple[int, int]],
                  asks: list[tuple[int, int]], time_ms: int) -> str:
    """A full ``level2Depth5``/``level2Depth50`` snapshot (asks ascending, bids descending)."""
    pd = spec.price_dec
    return _msg(f"{prefix}:{spec.symbol}", "level2", {
        "bids": [[units_to_str(p, pd), s] for p, s in bids], "sequence": sequence, "timestamp": time_ms,
        "ts": time_ms, "asks": [[units_to_str(p, pd), s] for p, s in asks]}, time_ms)


def candle_message(symbol: str, ctype: str, row: list[str], time_ms: int) -> str:
    """``candle.stick``: ``[start_s, open, close, high, low, volume, volume]`` (strings); no ``sn``. KuCoin
    documents index 5 as a volume "incorrect, do not use" and index 6 as the traded amount; in the official
    example both are the contracts traded ("21.0", "21"), and ccxt reads index 6; the simulator sends the
    contracts traded in both."""
    return dumps({"topic": f"{CANDLE_PREFIX}:{symbol}_{ctype}", "type": "message",
                  "data": {"symbol": symbol, "candles": row, "time": time_ms}, "subject": "candle.stick"})


def mark_index_message(symbol: str, mark: float, index: float, time_ms: int) -> str:
    return _msg(f"{INSTRUMENT}:{symbol}", "mark.index.price",
                {"markPrice": mark, "indexPrice": index, "granularity": 1000, "timestamp": time_ms})


def funding_rate_message(symbol: str, rate: float, time_ms: int) -> str:
    """``funding.rate`` on the same topic (KuCoin's doc: ``granularity`` 60000, ``fundingRate``, ``timestamp``)."""
    return _msg(f"{INSTRUMENT}:{symbol}", "funding.rate",
                {"granularity": 60000, "fundingRate": rate, "timestamp": time_ms})
