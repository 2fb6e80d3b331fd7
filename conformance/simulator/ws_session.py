"""One WebSocket connection of the simulator: handshake, KuCoin session commands, buffered writes.

Layer: simulator (exchange side; non-blocking socket driven by ``ws_server``'s selector thread). Rule: the
RFC 6455 work is the connector's sans-I/O protocol object in the SERVER role
(``kucoin_connector.ws.WSConnection``: the one import of the connector the simulator allows, issue
4); this module only speaks KuCoin's session protocol on top (``reference/kucoin.md``, "WebSocket
(classic)"): welcome first, JSON ping -> pong, subscribe/unsubscribe -> ack or error by id, an uplink
budget, and KuCoin's connection errors (``401 token is invalid|expired`` then the TCP connection closes).
"""
from __future__ import annotations

import json
import socket
from collections import deque
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from kucoin_connector.ws import (CloseConnection, HandshakeError, Ping, ProtocolError, RejectConnection,
                                        Request, Role, TextMessage, WSConnection, AcceptConnection)

from .ws_topics import SubError, dumps, parse_topic

if TYPE_CHECKING:  # pragma: no cover
    from .ws_server import WSServer
    from .ws_tokens import Token

__all__ = ["Connection", "MAX_BUFFER"]

MAX_BUFFER = 32 * 1024 * 1024  # a consumer this far behind is dropped (KuCoin drops slow consumers too)


class Connection:
    """State of one client; every method runs on the server thread."""

    def __init__(self, server: "WSServer", sock: socket.socket, now: float) -> None:
        self.server = server
        self.sock = sock
        self.proto = WSConnection(Role.SERVER, max_size=1 << 20)
        self.out = bytearray()
        self.open = False            # welcome sent
        self.closing = False         # close once ``out`` is flushed
        self.dead = False
        self.token: "Token | None" = None
        self.connect_id = ""
        self.family = "spot"         # from the path: "/futures" is the KuCoin Futures endpoint
        self.subs: set[tuple[str, str]] = set()
        self.last_uplink = now
        self.uplink: deque[float] = deque()
        self.stalled_until: float | None = None
        self.delay_until: float | None = None
        self.held: list[bytes] = []

    # ---- output -------------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        if self.dead or not data:
            return
        self.out += data
        if len(self.out) > MAX_BUFFER:
            self.server.drop(self)
            return
        self.flush()

    def flush(self) -> None:
        if self.dead:
            return
        if self.out:
            try:
                n = self.sock.send(self.out)
            except (BlockingIOError, InterruptedError):
                n = 0
            except OSError:
                self.server.drop(self)
                return
            del self.out[:n]
        if not self.out and self.closing:
            self.server.drop(self)
            return
        self.server.want_write(self, bool(self.out))

    def send_json(self, obj: dict[str, Any]) -> None:
        if self.proto.state.name == "OPEN":
            self.write(self.proto.send(TextMessage(dumps(obj))))

    def push(self, frame: bytes, now: float) -> None:
        """A data push (already framed); stalled connections get nothing, delayed ones wait in order."""
        if not self.open or self.closing:
            return
        if self.stalled_until is not None:
            if now < self.stalled_until:
                return
            self.stalled_until = None
        if self.delay_until is not None:
            if now < self.delay_until:
                self.held.append(frame)
                return
            self.release_held()
        self.write(frame)

    def release_held(self) -> None:
        self.delay_until = None
        held, self.held = self.held, []
        for frame in held:
            self.write(frame)

    # ---- input --------------------------------------------------------------------------------
    def on_readable(self, now: float) -> None:
        try:
            data = self.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        self.proto.receive_data(data)
        try:
            for event in self.proto.events():
                self._handle(event, now)
                if self.dead:
                    return
        except (HandshakeError, ProtocolError):
            if not self.open and self.proto.state.name == "CONNECTING":
                self.write(self.proto.send(RejectConnection(400)))
                self.closing = True
                self.flush()
            else:
                self.server.drop(self)
            return
        self.write(self.proto.data_to_send())
        if not data:
            self.server.drop(self)

    def _handle(self, event: object, now: float) -> None:
        if isinstance(event, Request):
            self._on_request(event, now)
        elif isinstance(event, TextMessage):
            self._on_text(event.data, now)
        elif isinstance(event, Ping):
            if self.stalled_until is None:
                self.write(self.proto.data_to_send())
        elif isinstance(event, CloseConnection):
            self.write(self.proto.data_to_send())
            self.closing = True
            self.flush()

    def _on_request(self, request: Request, now: float) -> None:
        server = self.server
        if server.sim.faults.streams.take("refuse") is not None:
            self.write(self.proto.send(RejectConnection(503, body=b'{"code":"503000","msg":"Server is busy"}')))
            self.closing = True
            self.flush()
            return
        target = urlsplit(request.target)
        query = parse_qs(target.query)
        self.family = "futures" if target.path.rstrip("/") == "/futures" else "spot"
        self.connect_id = (query.get("connectId") or [""])[0]
        self.write(self.proto.send(AcceptConnection()))
        token, reason = server.sim.tokens.check((query.get("token") or [""])[0], server.sim.now_ms())
        if token is not None and token.host != self.family:
            token, reason = None, "token is invalid"  # spot and futures tokens are not interchangeable
        if token is None:
            # KuCoin answers with an error message, then drops the TCP connection (no Close frame):
            # {"type":"error","code":401,"data":"token is expired"} (github.com/bmoscon/cryptofeed/issues/1023)
            self.send_json({"id": self.connect_id, "type": "error", "code": 401, "data": reason})
            self.closing = True
            self.flush()
            return
        self.token = token
        self.open = True
        self.last_uplink = now
        self.send_json({"id": self.connect_id, "type": "welcome"})

    def _on_text(self, text: str, now: float) -> None:
        self.last_uplink = now
        try:
            msg = json.loads(text)
        except ValueError:
            msg = None
        if not isinstance(msg, dict):
            self.send_json({"id": "", "type": "error", "code": 415, "data": "command type is invalid"})
            return
        mid = msg.get("id", "")
        window = self.server.uplink_window_s
        while self.uplink and self.uplink[0] <= now - window:
            self.uplink.popleft()
        if len(self.uplink) >= self.server.uplink_limit:
            self.send_json({"id": mid, "type": "error", "code": 509, "data": "exceed max permits per second"})
            return
        self.uplink.append(now)
        kind = msg.get("type")
        if kind == "ping":
            if self.stalled_until is None or now >= self.stalled_until:
                self.send_json({"id": mid, "type": "pong"})
        elif kind in ("subscribe", "unsubscribe"):
            try:
                new = self._subscribe(msg, kind == "subscribe")
            except SubError as exc:
                self.send_json({"id": mid, "type": "error", "code": exc.code, "data": exc.text})
                return
            if msg.get("response"):
                self.send_json({"id": mid, "type": "ack"})
            self.server.initial_pushes(self, new)  # full depth snapshots follow the ack
        else:
            self.send_json({"id": mid, "type": "error", "code": 415, "data": "command type is invalid"})

    def _subscribe(self, msg: dict[str, Any], add: bool) -> list[tuple[str, str]]:
        server = self.server
        token = self.token
        private_ok = token is not None and token.private and bool(msg.get("privateChannel", True))
        table, symbols = server.families[self.family]
        spec, items = parse_topic(msg.get("topic"), symbols, private_ok, table)
        keys = [(spec.prefix, item) for item in items]
        if add:
            new = [k for k in keys if k not in self.subs]
            limit = server.topic_limit
            if len(self.subs) + len(new) > limit:
                raise SubError(509, f"exceed max subscription count limitation of {limit} per session")
            for key in new:
                self.subs.add(key)
                server.index_add(key, self)
            return new
        else:
            for key in keys:
                if key in self.subs:
                    self.subs.discard(key)
                    server.index_remove(key, self)
            return []
