"""A raw KuCoin WebSocket client for the simulator tests, on ``kucoin_connector.ws.connect`` only
(not the connector's session code): bullet token over REST, then JSON messages with a timeout."""
from __future__ import annotations

import json
import pathlib
from typing import Any, Callable

from simhelpers import Client

from kucoin_connector.ws import ConnectionClosed, connect

__all__ = ["RawWS", "bullet", "open_ws", "drain", "collect", "ws_example", "WS_SPEC_DIR", "shape"]

WS_SPEC_DIR = pathlib.Path(__file__).resolve().parents[2] / "reference/kucoin-openapi/ws"


def bullet(sim: Any, private: bool = False, host: str = "spot", now: Callable[[], int] | None = None) -> dict:
    client = Client(sim.spot_url if host == "spot" else sim.futures_url)
    try:
        if private:
            resp = client.signed("POST", "/api/v1/bullet-private", sim.credentials, now=now or sim.now_ms)
        else:
            resp = client.request("POST", "/api/v1/bullet-public")
        assert resp.status == 200, resp.body
        return resp.data
    finally:
        client.close()


class RawWS:
    def __init__(self, url: str) -> None:
        self.ws = connect(url, timeout=5)
        self._n = 0

    def recv(self, timeout: float = 5.0) -> dict:
        return json.loads(self.ws.recv(timeout=timeout))

    def send(self, obj: dict) -> None:
        self.ws.send(json.dumps(obj))

    def next_id(self) -> str:
        self._n += 1
        return str(self._n)

    def request(self, kind: str, topic: str | None = None, private: bool = False, timeout: float = 5.0) -> dict:
        """Send ping/subscribe/unsubscribe and return its answer (pushes in between are skipped)."""
        mid = self.next_id()
        msg: dict[str, Any] = {"id": mid, "type": kind}
        if topic is not None:
            msg.update(topic=topic, privateChannel=private, response=True)
        self.send(msg)
        while True:
            reply = self.recv(timeout)
            if reply.get("id") == mid:
                return reply

    def until(self, pred: Callable[[dict], bool], timeout: float = 5.0, limit: int = 100000) -> dict:
        for _ in range(limit):
            msg = self.recv(timeout)
            if pred(msg):
                return msg
        raise AssertionError("no matching message")

    def close(self) -> None:
        try:
            self.ws.close()
        except (ConnectionClosed, OSError):
            pass


def open_ws(sim: Any, private: bool = False, connect_id: str = "c1") -> tuple[RawWS, dict]:
    """Fetch a token, connect, and return the socket with its (already read) welcome."""
    data = bullet(sim, private)
    server = data["instanceServers"][0]
    ws = RawWS(f"{server['endpoint']}?token={data['token']}&connectId={connect_id}")
    return ws, ws.recv()


def drain(ws: "RawWS") -> list[dict]:
    """Every message the server sent before it answers a ping sent now (the server is in order)."""
    mid = ws.next_id()
    ws.send({"id": mid, "type": "ping"})
    out = []
    while True:
        msg = ws.recv()
        if msg.get("id") == mid:
            return out
        out.append(msg)


def collect(ws: "RawWS", sim: Any, steps: int = 1) -> list[dict]:
    """Step the simulator's market ``steps`` times, then :func:`drain` what it pushed."""
    sim.step(steps)
    return drain(ws)


def ws_example(spec_file: str, topic_pattern: str) -> dict:
    doc = json.loads((WS_SPEC_DIR / spec_file).read_text(encoding="utf-8"))
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("x-topic") == topic_pattern:
                return json.loads(json.loads('"' + op["x-response-example"] + '"'))
    raise KeyError(topic_pattern)


def shape(value: Any) -> Any:
    """Keys recursively (lists by their first element), values erased."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None
