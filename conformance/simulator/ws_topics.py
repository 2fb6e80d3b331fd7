"""KuCoin WebSocket topics the simulator serves: parsing, limits and the public push messages.

Layer: simulator (exchange side; pure functions over plain data). Rule: every push has exactly the keys
of the official example in ``reference/kucoin-openapi/ws/openapi-spot-public.json`` (``x-response-example``
per topic); prices and sizes are rendered from integer ticks/lots with ``wire.units_to_str`` (no floats,
no exponents). Subscription errors use KuCoin's codes and texts (docs "Websocket / ERROR CODE":
400 topic is invalid, 403 login is required, 404 topic does not exist, 406 topic is required, 509 exceed
max subscription count limitation of 100 per time / of 300 per session).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

from .market import CANDLE_TYPES
from .universe import SymbolSpec
from .wire import hex_id, units_to_str

__all__ = ["TOPICS", "TopicSpec", "SubError", "parse_topic", "dumps", "level2_message", "match_message",
           "ticker_message", "all_tickers_message", "level1_message", "depth_message", "candle_message",
           "MAX_PER_MESSAGE"]

MAX_PER_MESSAGE = 100  # symbols per subscribe message (reference/kucoin.md, "WebSocket (classic)" item 7)


@dataclass(frozen=True)
class TopicSpec:
    prefix: str
    subject: str
    private: bool = False
    items: str = "symbols"   # "symbols", "candles" (symbol_type), "none" or "optional" (all symbols without)
    multi: bool = True       # "sym1,sym2" accepted (spot); KuCoin Futures takes one symbol per topic
    candle_types: tuple[str, ...] = ()  # the family's candle types when not spot's CANDLE_TYPES


TOPICS: dict[str, TopicSpec] = {t.prefix: t for t in (
    TopicSpec("/market/ticker", "trade.ticker"),
    TopicSpec("/market/level2", "trade.l2update"),
    TopicSpec("/market/match", "trade.l3match"),
    TopicSpec("/market/candles", "trade.candles.update", items="candles"),
    TopicSpec("/spotMarket/level1", "level1"),
    TopicSpec("/spotMarket/level2Depth5", "level2"),
    TopicSpec("/spotMarket/level2Depth50", "level2"),
    TopicSpec("/spotMarket/tradeOrdersV2", "orderChange", private=True, items="none"),
    TopicSpec("/spotMarket/tradeOrders", "orderChange", private=True, items="none"),
    TopicSpec("/account/balance", "account.balance", private=True, items="none"),
)}


class SubError(Exception):
    """A refused (un)subscription: ``{"type": "error", "code": code, "data": text}``."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(f"{code} {text}")
        self.code, self.text = code, text


def parse_topic(topic: Any, symbols: dict[str, Any], private_ok: bool,
                table: dict[str, TopicSpec] | None = None) -> tuple[TopicSpec, list[str]]:
    """``"/market/level2:BTC-USDT,ETH-USDT"`` -> (spec, ["BTC-USDT", "ETH-USDT"]); raises ``SubError``.
    ``table``: the family's topics (spot's :data:`TOPICS` unless told); ``symbols``: its symbol ids."""
    if not isinstance(topic, str) or not topic:
        raise SubError(406, "topic is required")
    prefix, sep, rest = topic.partition(":")
    spec = (TOPICS if table is None else table).get(prefix)
    if spec is None:
        raise SubError(404, "topic does not exist")
    if spec.private and not private_ok:
        raise SubError(403, "login is required")
    if spec.items == "none" or (spec.items == "optional" and not sep):
        if sep:
            raise SubError(400, "topic is invalid")
        return spec, [""]
    items = [i.strip() for i in rest.split(",")] if sep else []
    if not items or any(not i for i in items) or (len(items) > 1 and not spec.multi):
        raise SubError(400, "topic is invalid")
    if len(items) > MAX_PER_MESSAGE:
        raise SubError(509, f"exceed max subscription count limitation of {MAX_PER_MESSAGE} per time")
    for item in items:
        if spec.items == "candles":
            sym, _, ctype = item.rpartition("_")
            if sym not in symbols or ctype not in (spec.candle_types or CANDLE_TYPES):
                raise SubError(400, "topic is invalid")
        elif not (item in symbols or (item == "all" and prefix == "/market/ticker")):
            raise SubError(400, "topic is invalid")
    return spec, list(dict.fromkeys(items))


def dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"))


def _msg(topic: str, subject: str, data: dict[str, Any]) -> str:
    return dumps({"topic": topic, "type": "message", "subject": subject, "data": data})


def level2_message(spec: SymbolSpec, changes: Iterable[tuple[str, int, int, int]], time_ms: int) -> str:
    """One ``trade.l2update`` for consecutive changes ``(side, price_ticks, size_lots, sequence)``."""
    asks: list[list[str]] = []
    bids: list[list[str]] = []
    first = last = 0
    pd, bd = spec.price_dec, spec.base_dec
    for side, price, size, seq in changes:
        (bids if side == "buy" else asks).append([units_to_str(price, pd), units_to_str(size, bd), str(seq)])
        first = first or seq
        last = seq
    return _msg(f"/market/level2:{spec.symbol}", "trade.l2update", {
        "changes": {"asks": asks, "bids": bids}, "sequenceEnd": last, "sequenceStart": first,
        "symbol": spec.symbol, "time": time_ms})


def match_message(seed: int, spec: SymbolSpec, side: str, price: int, size: int, sequence: int,
                  time_ns: int) -> str:
    """``trade.l3match``: ids derived from the trade's sequence (KuCoin's ``tradeId`` equals it)."""
    return _msg(f"/market/match:{spec.symbol}", "trade.l3match", {
        "makerOrderId": hex_id(seed, spec.symbol, "maker", sequence), "price": units_to_str(price, spec.price_dec),
        "sequence": str(sequence), "side": side, "size": units_to_str(size, spec.base_dec), "symbol": spec.symbol,
        "takerOrderId": hex_id(seed, spec.symbol, "taker", sequence), "time": str(time_ns),
        "tradeId": str(sequence), "type": "match"})


def _top(spec: SymbolSpec, top: tuple[int | None, int, int | None, int]) -> tuple[str | None, ...]:
    bid, bid_size, ask, ask_size = top
    pd, bd = spec.price_dec, spec.base_dec
    return (units_to_str(ask, pd) if ask is not None else None, units_to_str(ask_size, bd) if ask is not None else None,
            units_to_str(bid, pd) if bid is not None else None, units_to_str(bid_size, bd) if bid is not None else None)


def ticker_message(spec: SymbolSpec, sequence: int, last: int, last_size: int,
                   top: tuple[int | None, int, int | None, int], time_ms: int) -> str:
    """``trade.ticker`` (the official example spells the time key ``Time``)."""
    ask, ask_size, bid, bid_size = _top(spec, top)
    return _msg(f"/market/ticker:{spec.symbol}", "trade.ticker", {
        "sequence": str(sequence), "price": units_to_str(last, spec.price_dec),
        "size": units_to_str(last_size, spec.base_dec), "bestAsk": ask, "bestAskSize": ask_size,
        "bestBid": bid, "bestBidSize": bid_size, "Time": time_ms})


def all_tickers_message(spec: SymbolSpec, sequence: int, last: int, last_size: int,
                        top: tuple[int | None, int, int | None, int], time_ms: int) -> str:
    """``/market/ticker:all``: the subject is the symbol and the time key is ``time``."""
    ask, ask_size, bid, bid_size = _top(spec, top)
    return _msg("/market/ticker:all", spec.symbol, {
        "bestAsk": ask, "bestAskSize": ask_size, "bestBid": bid, "bestBidSize": bid_size,
        "price": units_to_str(last, spec.price_dec), "sequence": str(sequence),
        "size": units_to_str(last_size, spec.base_dec), "time": time_ms})


def level1_message(spec: SymbolSpec, top: tuple[int | None, int, int | None, int], time_ms: int) -> str:
    ask, ask_size, bid, bid_size = _top(spec, top)
    return _msg(f"/spotMarket/level1:{spec.symbol}", "level1", {
        "asks": [ask, ask_size] if ask is not None else [], "bids": [bid, bid_size] if bid is not None else [],
        "timestamp": time_ms})


def depth_message(prefix: str, spec: SymbolSpec, bids: list[tuple[int, int]], asks: list[tuple[int, int]],
                  time_ms: int) -> str:
    """A full ``level2Depth5``/``level2Depth50`` snapshot (asks ascending, bids descending)."""
    pd, bd = spec.price_dec, spec.base_dec
    return _msg(f"{prefix}:{spec.symbol}", "level2", {
        "asks": [[units_to_str(p, pd), units_to_str(s, bd)] for p, s in asks],
        "bids": [[units_to_str(p, pd), units_to_str(s, bd)] for p, s in bids], "timestamp": time_ms})


def candle_message(symbol: str, ctype: str, row: list[str], time_ns: int) -> str:
    """``trade.candles.update``: the current candle ``[start, open, close, high, low, volume, turnover]``."""
    return _msg(f"/market/candles:{symbol}_{ctype}", "trade.candles.update",
                {"symbol": symbol, "candles": row, "time": time_ns})
