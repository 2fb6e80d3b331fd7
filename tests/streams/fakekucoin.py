"""A tiny KuCoin WebSocket + REST double for the stream driver tests (127.0.0.1 only).

The WebSocket side is built on our own server role (``kucoin_connector.ws.accept``); the REST
side is a transport object the face accepts (bullet tokens and level-2 snapshots). Each token is
single-use, so a client that reuses one is refused like KuCoin refuses an expired token.
"""
from __future__ import annotations

import json
import socket
import threading
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from kucoin_connector.rest.effects import Response
from kucoin_connector.ws import ConnectionClosed, WebSocketError, accept
from loopback import LoopbackServer

MARKETS = [{"id": sid, "symbol": sid.replace("-", "/"), "base": sid.split("-")[0], "quote": sid.split("-")[1],
            "precision": {"price": 0.01, "amount": 0.0001}} for sid in ("BTC-USDT", "ETH-USDT")]


class FakeKucoin(LoopbackServer):
    def __init__(self, ping_interval_ms: int = 18000, ping_timeout_ms: int = 10000) -> None:
        super().__init__()
        self.ping_interval_ms = ping_interval_ms
        self.ping_timeout_ms = ping_timeout_ms
        self.lock = threading.Lock()
        self.tokens_issued: list[str] = []
        self.tokens_used: list[str] = []
        self.connect_ids: list[str] = []
        self.received: list[dict] = []
        self.conns: list[tuple[object, set]] = []  # (ws, subscribed topics units)
        self.refuse_topics: set[str] = set()
        self.stalled = False  # every connection, also new ones
        self.stalled_conns: set[int] = set()  # ids of the connections stalled by stall_current()
        self.skip_next = 0
        self.seq: dict[str, int] = {}
        self.books: dict[str, dict[str, dict[Decimal, Decimal]]] = {}
        self.subscribed = threading.Condition(self.lock)
        self.start()

    # -- REST
    def bullet(self, private: bool) -> dict:
        with self.lock:
            token = f"tok{len(self.tokens_issued)}{'p' if private else ''}"
            self.tokens_issued.append(token)
        return {"token": token, "instanceServers": [{"endpoint": f"ws://127.0.0.1:{self.port}/", "encrypt": False,
                "protocol": "websocket", "pingInterval": self.ping_interval_ms, "pingTimeout": self.ping_timeout_ms}]}

    def snapshot(self, sid: str) -> dict:
        with self.lock:
            book = self.books.setdefault(sid, {"bids": {}, "asks": {}})
            return {"sequence": str(self.seq.get(sid, 100)), "time": 1,
                    "bids": [[format(p, "f"), format(s, "f")] for p, s in sorted(book["bids"].items(), reverse=True)],
                    "asks": [[format(p, "f"), format(s, "f")] for p, s in sorted(book["asks"].items())]}

    def answer(self, method: str, url: str) -> Response:
        parts = urlsplit(url)
        if parts.path in ("/api/v1/bullet-public", "/api/v1/bullet-private"):
            data = self.bullet(parts.path.endswith("private"))
        elif parts.path == "/api/v1/timestamp":
            data = 1730000000000
        elif parts.path in ("/api/v1/market/orderbook/level2_100", "/api/v3/market/orderbook/level2"):
            data = self.snapshot(parse_qs(parts.query)["symbol"][0])
        else:
            return Response(404, {}, b'{"code":"404","msg":"not found"}')
        return Response(200, {"content-type": "application/json"},
                        json.dumps({"code": "200000", "data": data}).encode())

    # -- WebSocket (LoopbackServer accepts; each connection runs _handle on its own thread)
    def _handle(self, sock: socket.socket) -> None:
        try:
            ws, request = accept(sock)
            query = parse_qs(urlsplit(request.target).query)
            token, cid = query["token"][0], query["connectId"][0]
            with self.lock:
                fresh = token in self.tokens_issued and token not in self.tokens_used
                self.tokens_used.append(token)
                self.connect_ids.append(cid)
            if not fresh:
                ws.send(json.dumps({"id": cid, "type": "error", "code": 401, "data": "token is expired"}))
                ws.close(1000)
                return
            topics: set = set()
            ws.send(json.dumps({"id": cid, "type": "welcome"}))
            entry = (ws, topics)
            with self.lock:
                self.conns.append(entry)
            try:
                self._loop(ws, topics)
            finally:
                with self.lock:
                    if entry in self.conns:
                        self.conns.remove(entry)
        except (ConnectionClosed, WebSocketError, OSError, ValueError, KeyError):
            sock.close()

    def stall_current(self) -> None:
        """The open connections stop answering (no pong, no ack, no data); new ones work."""
        with self.lock:
            self.stalled_conns.update(id(ws) for ws, _ in self.conns)

    def _loop(self, ws, topics) -> None:
        if True:
            while True:
                message = json.loads(ws.recv())
                with self.lock:
                    self.received.append(message)
                    stalled = self.stalled or id(ws) in self.stalled_conns
                if stalled:
                    continue
                if message["type"] == "ping":
                    ws.send(json.dumps({"id": message["id"], "type": "pong", "timestamp": 1}))
                elif message["type"] in ("subscribe", "unsubscribe"):
                    prefix, _, args = message["topic"].partition(":")
                    units = {(prefix, a) for a in args.split(",")} if args else {(prefix, None)}
                    if message["topic"] in self.refuse_topics:
                        ws.send(json.dumps({"id": message["id"], "type": "error", "code": 404,
                                            "data": "topic does not exist"}))
                        continue
                    with self.subscribed:
                        if message["type"] == "subscribe":
                            topics.update(units)
                        else:
                            topics.difference_update(units)
                        self.subscribed.notify_all()
                    ws.send(json.dumps({"id": message["id"], "type": "ack"}))

    def wait_subscribed(self, prefix: str, arg: str | None, count: int = 1, timeout: float = 5) -> None:
        with self.subscribed:
            ok = self.subscribed.wait_for(
                lambda: sum((prefix, arg) in t for ws, t in self.conns if id(ws) not in self.stalled_conns)
                >= count, timeout)
        assert ok, f"{prefix}:{arg} never subscribed"

    def push(self, prefix: str, arg: str | None, data: dict, subject: str = "x", private: bool = False) -> int:
        topic = prefix if arg is None else f"{prefix}:{arg}"
        message = {"type": "message", "topic": topic, "subject": subject, "data": data}
        if private:
            message.update(userId="u1", channelType="private")
        text = json.dumps(message)
        sent = 0
        with self.lock:
            targets = [ws for ws, t in self.conns
                       if (prefix, arg) in t and not self.stalled and id(ws) not in self.stalled_conns]
        for ws in targets:
            try:
                ws.send(text)
                sent += 1
            except (ConnectionClosed, WebSocketError, OSError):
                pass
        return sent

    def l2(self, sid: str, side: str, price: str, size: str) -> None:
        """Change one level of the true book and push the delta (unless a skip is pending)."""
        with self.lock:
            seq = self.seq[sid] = self.seq.get(sid, 100) + 1
            book = self.books.setdefault(sid, {"bids": {}, "asks": {}})
            if Decimal(size):
                book[side][Decimal(price)] = Decimal(size)
            else:
                book[side].pop(Decimal(price), None)
            skip = self.skip_next > 0
            if skip:
                self.skip_next -= 1
        if not skip:
            self.push("/market/level2", sid, {"sequenceStart": seq, "sequenceEnd": seq, "symbol": sid, "time": seq,
                                              "changes": {side: [[price, size, str(seq)]],
                                                          "asks" if side == "bids" else "bids": []}},
                      "trade.l2update")

    def drop_all(self) -> None:
        with self.lock:
            conns, self.conns = self.conns, []
        for ws, _ in conns:
            try:
                ws._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        super().close()
        self.drop_all()


class FakeTransport:
    def __init__(self, fake: FakeKucoin) -> None:
        self.fake = fake
        self.calls: list[tuple[str, str]] = []

    def request(self, method, url, headers, body, timeout):
        self.calls.append((method, url))
        return self.fake.answer(method, url)

    def close(self) -> None:
        pass


class AsyncFakeTransport(FakeTransport):
    async def request(self, method, url, headers, body, timeout):  # type: ignore[override]
        self.calls.append((method, url))
        return self.fake.answer(method, url)

    async def close(self) -> None:  # type: ignore[override]
        pass
