"""The simulator's push fan-out: queued market and account events -> frames for the subscribers.

Layer: simulator (exchange side, no I/O: frames go to ``Connection.push``, which the I/O loop in
``ws_server`` flushes). Rule: each push is framed once (server frames are unmasked, RFC 6455 §5.1) and
written to every subscribed connection; the changes of one market step travel in one ``/market/level2``
message; tickers, level 1 and candles follow each batch that touched a symbol; depth snapshots go out at
most every ``DEPTH_INTERVAL`` seconds for a changed book. See ``ws_server`` for the topics served.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kucoin_connector.ws import AcceptConnection, Request, Role, TextMessage, WSConnection

from . import ws_topics as T
from .ws_private import BALANCE_TOPIC, ORDER_TOPICS

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator
    from .ws_session import Connection

__all__ = ["PushFanout", "DEPTH_INTERVAL"]

DEPTH_INTERVAL = 0.1   # seconds between depth snapshots of a changed book (KuCoin: "once every 100ms")
_DEPTH_PREFIXES = ("/spotMarket/level2Depth5", "/spotMarket/level2Depth50")


def _encoder() -> WSConnection:
    """A server-role protocol object put in the OPEN state, used only to frame pushes once."""
    proto = WSConnection(Role.SERVER)
    proto.receive_data(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    assert isinstance(proto.next_event(), Request)
    proto.send(AcceptConnection())
    return proto


class DepthSchedule:
    """Depth snapshots at most every ``DEPTH_INTERVAL`` for each book that changed and has a depth subscriber
    (both families' fan-outs): ``depth_prefixes`` names the family's depth topics, ``push_depth`` sends one."""

    depth_prefixes: tuple[str, ...] = ()
    index: dict[tuple[str, str], set["Connection"]]

    def __init__(self) -> None:
        self.depth_dirty: set[str] = set()
        self.depth_due = 0.0

    def push_depth(self, prefix: str, sym: str, subs: set["Connection"], now: float) -> None:
        raise NotImplementedError

    def mark_depth(self, sym: str, now: float) -> None:
        """``sym``'s book changed: its depth snapshot is due at the next timer, if anyone subscribed."""
        if any((prefix, sym) in self.index for prefix in self.depth_prefixes):
            if not self.depth_dirty:
                self.depth_due = max(self.depth_due, now)
            self.depth_dirty.add(sym)

    def next_timeout(self, now: float, idle: float) -> float:
        """How long the I/O loop may wait before the next depth snapshot is due."""
        return min(idle, max(0.0, self.depth_due - now)) if self.depth_dirty else idle

    def depth_timer(self, now: float) -> None:
        """Push the depth snapshots of the books that changed, at most every ``DEPTH_INTERVAL``."""
        if not self.depth_dirty or now < self.depth_due:
            return
        dirty, self.depth_dirty = self.depth_dirty, set()
        for sym in sorted(dirty):
            for prefix in self.depth_prefixes:
                subs = self.index.get((prefix, sym))
                if subs:
                    self.push_depth(prefix, sym, subs, now)
        self.depth_due = now + DEPTH_INTERVAL


class PushFanout(DepthSchedule):
    """Who gets which push; ``index`` ((topic prefix, item) -> connections) is shared with the server."""

    depth_prefixes = _DEPTH_PREFIXES

    def __init__(self, sim: "Simulator", index: dict[tuple[str, str], set["Connection"]]) -> None:
        super().__init__()
        self.sim = sim
        self.symbols = sim.universe.by_symbol
        self.index = index
        self._encode = _encoder()

    def frame(self, text: str) -> bytes:
        return self._encode.send(TextMessage(text))

    def fanout(self, topic: str, subs: set[Connection], text: str, now: float) -> None:
        if self.sim.faults.streams.take("skip_sequence", topic) is not None:
            return
        frame = self.frame(text)
        for conn in list(subs):
            conn.push(frame, now)

    def push_depth(self, prefix: str, sym: str, subs: set[Connection], now: float) -> None:
        spec = self.symbols[sym]
        depth = 5 if prefix.endswith("Depth5") else 50
        st = self.sim.market.state(sym)
        assert st is not None
        with self.sim.market.lock:
            bids, asks = st.snapshot(depth)
        self.fanout(f"{prefix}:{sym}", subs, T.depth_message(prefix, spec, bids, asks, self.sim.now_ms()), now)

    def push(self, batch: list[Any], now: float) -> None:
        """Push one batch of queued events: market events as ``_Tagged``, account events as tuples."""
        index = self.index
        level2: dict[tuple[str, int], list[tuple[str, int, int, int]]] = {}  # (symbol, step) -> changes
        touched: dict[str, bool] = {}   # symbol -> had a trade
        seed = self.sim.seed
        for event in batch:
            if isinstance(event, tuple):
                self._private(event, now)
                continue
            step, event = event.step, event.event
            sym = event["symbol"]
            if event["type"] == "level2":
                level2.setdefault((sym, step), []).append(
                    (event["side"], event["price"], event["size"], event["sequence"]))
                touched.setdefault(sym, False)
            else:
                touched[sym] = True
                subs = index.get(("/market/match", sym))
                if subs:
                    self.fanout(f"/market/match:{sym}", subs, T.match_message(
                        seed, self.symbols[sym], event["side"], event["price"], event["size"], event["sequence"],
                        event["time_ns"]), now)
        now_ms = self.sim.now_ms()
        for (sym, _), changes in level2.items():
            subs = index.get(("/market/level2", sym))
            if subs:
                self.fanout(f"/market/level2:{sym}", subs, T.level2_message(self.symbols[sym], changes, now_ms), now)
            self.mark_depth(sym, now)
        all_subs = index.get(("/market/ticker", "all"))
        for sym, traded in touched.items():
            self._tops(sym, traded, all_subs, now, now_ms)

    def _tops(self, sym: str, traded: bool, all_subs: set[Connection] | None, now: float, now_ms: int) -> None:
        index = self.index
        ticker, level1 = index.get(("/market/ticker", sym)), index.get(("/spotMarket/level1", sym))
        candles = [(i, s) for (p, i), s in index.items() if p == "/market/candles" and i.rpartition("_")[0] == sym] \
            if traded else []
        if not (ticker or level1 or all_subs or candles):
            return
        spec = self.symbols[sym]
        st = self.sim.market.state(sym)
        assert st is not None
        with self.sim.market.lock:
            top = st.best()
            seq, last, last_size = st.sequence, st.last_price, st.last_size
        if ticker:
            self.fanout(f"/market/ticker:{sym}", ticker, T.ticker_message(spec, seq, last, last_size, top, now_ms), now)
        if all_subs:
            self.fanout("/market/ticker:all", all_subs,
                         T.all_tickers_message(spec, seq, last, last_size, top, now_ms), now)
        if level1:
            self.fanout(f"/spotMarket/level1:{sym}", level1, T.level1_message(spec, top, now_ms), now)
        now_s = now_ms // 1000
        for item, subs in candles:
            ctype = item.rpartition("_")[2]
            period = T.CANDLE_TYPES[ctype] or 86400 * 31
            rows = self.sim.market.candles(sym, ctype, now_s - period, 0, now_s)
            if rows:
                self.fanout(f"/market/candles:{item}", subs, T.candle_message(sym, ctype, rows[0], now_ms * 1_000_000),
                             now)

    def _private(self, event: tuple, now: float) -> None:
        kind, data = event
        topics = ORDER_TOPICS if kind == "order" else (BALANCE_TOPIC,)
        for topic in topics:
            subs = self.index.get((topic, ""))
            if not subs:
                continue
            for uid, group in self._by_user(subs).items():
                msg: dict[str, Any] = {"topic": topic, "type": "message", "subject": T.TOPICS[topic].subject}
                if kind == "balance":
                    msg["id"] = data["relationEventId"]
                msg.update({"userId": uid, "channelType": "private", "data": data})
                self.fanout(topic, group, T.dumps(msg), now)

    @staticmethod
    def _by_user(subs: set[Connection]) -> dict[str, set[Connection]]:
        out: dict[str, set[Connection]] = {}
        for conn in subs:
            uid = conn.token.uid if conn.token is not None else ""
            out.setdefault(uid, set()).add(conn)
        return out
