"""The blocking and asyncio drivers against a loopback echo server built from our own server role."""
from __future__ import annotations

import asyncio
import pathlib
import ssl
import subprocess

import pytest

from kucoin_connector.ws import (ConnectionClosed, HandshakeError, aaccept, aconnect, connect)
from servers import ConnectProxy, EchoServer


@pytest.fixture
def echo():
    server = EchoServer()
    yield server
    server.close()


def test_sync_echo_text_binary_ping_and_close(echo):
    ws = connect(f"ws://127.0.0.1:{echo.port}/path?q=1", headers={"X-Test": "yes"})
    ws.send("héllo")
    assert ws.recv() == "héllo"
    ws.send(b"\x00\x01\xff")
    assert ws.recv() == b"\x00\x01\xff"
    ws.ping(b"are you there")
    ws.send("after ping")
    assert ws.recv() == "after ping"  # the Pong was consumed on the way
    ws.close()
    assert ws.close_code == 1000 and ws.closed
    with pytest.raises(ConnectionClosed) as info:
        ws.recv()
    assert info.value.code == 1000
    request = echo.requests[0]
    assert request.target == "/path?q=1" and ("x-test", "yes") in request.extra_headers
    assert request.host == f"127.0.0.1:{echo.port}"


def test_sync_server_initiated_close_carries_code_and_reason(echo):
    with connect(f"ws://127.0.0.1:{echo.port}/") as ws:
        ws.send("close:4001:bye now")
        with pytest.raises(ConnectionClosed) as info:
            ws.recv()
    assert (info.value.code, info.value.reason) == (4001, "bye now")
    with pytest.raises(ConnectionClosed):
        ws.send("x")


def test_sync_iteration_ends_on_normal_close(echo):
    with connect(f"ws://127.0.0.1:{echo.port}/") as ws:
        for text in ("a", "b", "close:1000:done"):
            ws.send(text)
        assert list(ws) == ["a", "b"]


def test_sync_compression_negotiated_and_large_messages(echo):
    server = EchoServer(compression="deflate")
    try:
        with connect(f"ws://127.0.0.1:{server.port}/", compression="deflate") as ws:
            assert ws._proto.deflate is not None
            big = "kucoin " * 100_000
            ws.send(big)
            assert ws.recv() == big
            blob = bytes(range(256)) * 1000
            ws.send(blob)
            assert ws.recv() == blob
        assert any("permessage-deflate" in e for e in server.requests[0].extensions)
    finally:
        server.close()


def test_sync_refused_handshake_raises_with_status():
    server = EchoServer(refuse=b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
    try:
        with pytest.raises(HandshakeError) as info:
            connect(f"ws://127.0.0.1:{server.port}/")
        assert info.value.status_code == 403
    finally:
        server.close()


def test_sync_through_connect_proxy(echo):
    proxy = ConnectProxy()
    try:
        with connect(f"ws://127.0.0.1:{echo.port}/", proxy=f"http://u:p%40ss@127.0.0.1:{proxy.port}") as ws:
            ws.send("tunnelled")
            assert ws.recv() == "tunnelled"
        head = proxy.heads[0]
        assert head.startswith(f"CONNECT 127.0.0.1:{echo.port} HTTP/1.1\r\n".encode())
        assert b"Proxy-Authorization: Basic dTpwQHNz\r\n" in head  # base64("u:p@ss")
    finally:
        proxy.close()


def test_sync_proxy_refusal():
    proxy = ConnectProxy(status=407)
    try:
        with pytest.raises(HandshakeError) as info:
            connect("ws://127.0.0.1:1/", proxy=f"http://127.0.0.1:{proxy.port}")
        assert info.value.status_code == 407
    finally:
        proxy.close()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[pathlib.Path, pathlib.Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                        "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"openssl cannot make a test certificate: {exc}")
    return cert, key


def _tls_server(certificate, seen_names: list) -> EchoServer:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    context.sni_callback = lambda sock, name, ctx: seen_names.append(name)
    return EchoServer(tls=context)


def test_tls_verifies_by_default_and_sends_sni(certificate):
    names: list = []
    server = _tls_server(certificate, names)
    try:
        with pytest.raises(ssl.SSLCertVerificationError):
            connect(f"wss://localhost:{server.port}/")
        trusted = ssl.create_default_context(cafile=str(certificate[0]))
        with connect(f"wss://localhost:{server.port}/", ssl_context=trusted) as ws:
            ws.send("secure")
            assert ws.recv() == "secure"
        assert "localhost" in names
    finally:
        server.close()


# --- asyncio


def test_async_echo_close_and_compression():
    server = EchoServer(compression="deflate")

    async def main() -> tuple:
        async with await aconnect(f"ws://127.0.0.1:{server.port}/a", compression="deflate") as ws:
            await ws.send("async ✓")
            text = await ws.recv()
            await ws.send(b"\x00" * 70_000)
            blob = await ws.recv()
            await ws.ping()
            await ws.send("close:4002:async bye")
            with pytest.raises(ConnectionClosed) as info:
                await ws.recv()
        return text, blob, info.value, ws._proto.deflate is not None

    try:
        text, blob, closed, compressed = asyncio.run(main())
    finally:
        server.close()
    assert text == "async ✓" and blob == b"\x00" * 70_000 and compressed
    assert (closed.code, closed.reason) == (4002, "async bye")


def test_async_client_close_iteration_and_proxy(echo, certificate):
    proxy = ConnectProxy()
    names: list = []
    tls = _tls_server(certificate, names)

    async def main() -> tuple:
        ws = await aconnect(f"ws://127.0.0.1:{echo.port}/", proxy=f"http://127.0.0.1:{proxy.port}")
        for text in ("x", "y", "close:1001:away"):
            await ws.send(text)
        received = [m async for m in ws]
        trusted = ssl.create_default_context(cafile=str(certificate[0]))
        async with await aconnect(f"wss://localhost:{tls.port}/", ssl_context=trusted) as secure:
            await secure.send("tls")
            secure_reply = await secure.recv()
        return received, ws.close_code, secure_reply, secure.close_code

    try:
        received, code, secure_reply, secure_code = asyncio.run(main())
    finally:
        proxy.close()
        tls.close()
    assert received == ["x", "y"] and code == 1001
    assert secure_reply == "tls" and secure_code == 1000 and "localhost" in names
    assert proxy.heads[0].startswith(f"CONNECT 127.0.0.1:{echo.port} ".encode())


def test_async_server_role_with_sync_client():
    async def handler(reader, writer):
        ws, _ = await aaccept(reader, writer, compression="deflate")
        try:
            while True:
                await ws.send((await ws.recv()) * 2)
        except ConnectionClosed:
            pass

    async def main() -> list:
        server = await asyncio.start_server(handler, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]

        def blocking_client() -> list:
            with connect(f"ws://127.0.0.1:{port}/", compression="deflate") as ws:
                ws.send("ab")
                first = ws.recv()
                ws.send(b"\x01")
                return [first, ws.recv(), ws._proto.deflate is not None]

        try:
            return await asyncio.get_running_loop().run_in_executor(None, blocking_client)
        finally:
            server.close()

    assert asyncio.run(main()) == ["abab", b"\x01\x01", True]
