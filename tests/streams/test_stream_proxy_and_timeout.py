"""Two stream defects found in review: the configured proxy carries the WebSocket too, and a watch's
timeout applies while a book snapshot keeps failing (the sync driver used to retry inside one round)."""
from __future__ import annotations

import asyncio
import pathlib
import socket
import sys
import threading

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from fakekucoin import AsyncFakeTransport, FakeKucoin, FakeTransport, MARKETS  # noqa: E402

from kucoin_connector import AsyncKucoin, Kucoin  # noqa: E402
from kucoin_connector.errors import RequestTimeout  # noqa: E402
from kucoin_connector.rest.effects import Response  # noqa: E402
from kucoin_connector.streaming.errors import WatchTimeout  # noqa: E402

TICK = {"sequence": "1", "price": "100.5", "size": "0.1", "bestAsk": "101", "bestAskSize": "2",
        "bestBid": "100", "bestBidSize": "3", "Time": 1704873323416}


class ConnectProxy:
    """A tiny HTTP CONNECT proxy on loopback that records each tunnel's target and pipes bytes."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.targets: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(4096)
            if not chunk:
                client.close()
                return
            head += chunk
        method, target = head.split(b"\r\n", 1)[0].split(b" ")[:2]
        if method != b"CONNECT":
            client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            client.close()
            return
        self.targets.append(target.decode())
        host, port = target.decode().rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        rest = head.split(b"\r\n\r\n", 1)[1]
        if rest:
            upstream.sendall(rest)
        threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()
        self._pipe(client, upstream)

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def fake():
    f = FakeKucoin()
    yield f
    f.close()


@pytest.fixture
def proxy():
    p = ConnectProxy()
    yield p
    p.close()


def _push_after_subscribe(fake: FakeKucoin) -> None:
    def run() -> None:
        fake.wait_subscribed("/market/ticker", "BTC-USDT")
        fake.push("/market/ticker", "BTC-USDT", TICK, "trade.ticker")
    threading.Thread(target=run, daemon=True).start()


def test_sync_streams_go_through_the_configured_proxy(fake, proxy):
    # REST goes to the injected transport; only the WebSocket uses the network, so every tunnel is its.
    ex = Kucoin({"httpsProxy": proxy.url, "urls": {"api": {"spot": "http://fake"}}, "options": {"watchTimeout": 10}}, transport=FakeTransport(fake), rand=lambda: 0.5)
    ex._ctx.registry.set_markets([dict(m) for m in MARKETS], {})
    _push_after_subscribe(fake)
    try:
        assert ex.watch_ticker("BTC/USDT")["symbol"] == "BTC/USDT"
    finally:
        ex.close()
    assert proxy.targets == [f"127.0.0.1:{fake.port}"]


def test_async_streams_go_through_the_configured_proxy(fake, proxy):
    async def main():
        ex = AsyncKucoin({"httpsProxy": proxy.url, "urls": {"api": {"spot": "http://fake"}}}, transport=AsyncFakeTransport(fake), rand=lambda: 0.5)
        ex._ctx.registry.set_markets([dict(m) for m in MARKETS], {})
        _push_after_subscribe(fake)
        try:
            return await asyncio.wait_for(ex.watch_ticker("BTC/USDT"), 10)
        finally:
            await ex.close()
    assert asyncio.run(main())["symbol"] == "BTC/USDT"
    assert proxy.targets == [f"127.0.0.1:{fake.port}"]


class SnapshotsFail(FakeTransport):
    """Every order-book snapshot fails (HTTP 400, a refusal: the REST layer does not retry it)."""

    def __init__(self, fake: FakeKucoin) -> None:
        super().__init__(fake)
        self.snapshots = 0

    def request(self, method, url, headers, body, timeout):
        if "/market/orderbook/level2" in url:
            self.snapshots += 1
            return Response(400, {"content-type": "application/json"}, b'{"code":"400100","msg":"nope"}')
        return super().request(method, url, headers, body, timeout)


def test_a_sync_watch_times_out_with_a_typed_error_while_its_snapshot_keeps_failing(fake):
    transport = SnapshotsFail(fake)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:  # the driver must not wait out snapshot retries by sleeping
        sleeps.append(seconds)
        if len(sleeps) > 50:
            raise AssertionError("the driver keeps sleeping between snapshot retries inside one watch")

    ex = Kucoin({"urls": {"api": {"spot": "http://fake"}}, "options": {"watchTimeout": 0.5}}, transport=transport, rand=lambda: 0.5, sleep=sleep)
    ex._ctx.registry.set_markets([dict(m) for m in MARKETS], {})
    try:
        with pytest.raises(WatchTimeout) as caught:
            ex.watch_order_book("BTC/USDT")
    finally:
        ex.close()
    assert isinstance(caught.value, RequestTimeout) and isinstance(caught.value, TimeoutError)
    assert "book:BTC-USDT" in str(caught.value)
    assert transport.snapshots >= 1  # the snapshot was asked for, failed, and was retried later, not in a loop
