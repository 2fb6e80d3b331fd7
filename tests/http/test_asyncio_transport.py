"""The asyncio HTTP transport against the simulator and against tiny misbehaving asyncio servers: keep-alive
pooling, the stale-connection retry rules, outcome_unknown, timeouts, TLS + SNI, CONNECT proxies."""
from __future__ import annotations

import asyncio
import gzip
import pathlib
import ssl
import subprocess
from typing import Any, Awaitable, Callable

import pytest

from kucoin_connector import (AsyncKucoin, BadRequest, BadResponse, ExchangeNotAvailable, InvalidProxySettings, NetworkError,
                              RequestTimeout)
from kucoin_connector.io.http_asyncio import AsyncioHTTPTransport

T = (2.0, 2.0)


def run(coro: Awaitable[Any]) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 20))  # a hang fails the test instead of the run


def ok(body: bytes = b"{}", extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%s\r\n%s" % (len(body), extra, body)


async def read_request(reader: asyncio.StreamReader) -> tuple[bytes, dict[str, str], bytes] | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    body = await reader.readexactly(int(headers.get("content-length", 0)))
    return lines[0].encode(), headers, body


Handler = Callable[["Server", int, int, bytes, dict, asyncio.StreamWriter], Awaitable[bool]]


class Server:
    """A loopback HTTP server; ``handler(server, conn_no, req_no, request_line, headers, writer)`` answers
    one request and returns False to stop serving that connection (closing it)."""

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.handler, self.tls = handler, tls
        self.connections = 0
        self.requests: list[tuple[int, bytes, dict]] = []
        self.writers: list[asyncio.StreamWriter] = []

    async def __aenter__(self) -> "Server":
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.tls)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for w in self.writers:
            w.close()
        self.server.close()

    def url(self, path: str = "/x", scheme: str = "http", host: str = "127.0.0.1") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        conn = self.connections
        self.writers.append(writer)
        n = 0
        try:
            while True:
                request = await read_request(reader)
                if request is None:
                    break
                n += 1
                self.requests.append((conn, request[0], request[1]))
                if not await self.handler(self, conn, n, request[0], request[1], writer):
                    break
                await writer.drain()
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()


async def answer_ok(server, conn, n, line, headers, writer) -> bool:
    writer.write(ok(b'{"conn":%d,"n":%d,"line":"%s"}' % (conn, n, line)))
    return True


# -- against the simulator ----------------------------------------------------------------------------
def test_simulator_answers_over_one_kept_alive_connection(sim):
    async def main():
        t = AsyncioHTTPTransport(maxsize=4)
        try:
            first = await t.request("GET", sim.spot_url + "/api/v1/timestamp", {"Accept": "application/json"},
                                    None, T)
            many = await asyncio.gather(*[t.request("GET", sim.spot_url + "/api/v1/market/orderbook/level2_20"
                                                    "?symbol=BTC-USDT", {}, None, T) for _ in range(40)])
            pool = next(iter(t._pools.values()))
            return first, many, pool.count, len(pool.idle)
        finally:
            await t.close()

    first, many, count, idle = run(main())
    assert first.status == 200 and first.headers["content-type"] == "application/json"
    assert b'"code":"200000"' in first.body
    assert {r.status for r in many} == {200} and count == idle == 4  # never more than maxsize connections


def test_asyncio_face_uses_it_by_default_and_urllib3_on_request(sim, urls):
    from kucoin_connector.io import ThreadedAsyncTransport

    async def main(options):
        async with AsyncKucoin({"urls": urls, "options": options}) as ex:
            return type(ex._transport), await ex.fetch_order_book("BTC/USDT", 20)

    kind, book = run(main({}))
    assert kind is AsyncioHTTPTransport and len(book["bids"]) == 20
    kind, book2 = run(main({"asyncTransport": "urllib3"}))
    assert kind is ThreadedAsyncTransport and book2["bids"] == book["bids"]
    with pytest.raises(BadRequest, match="asyncTransport"):
        AsyncKucoin({"options": {"asyncTransport": "aiohttp"}})


@pytest.mark.parametrize("fault, error, count", [
    ({"kind": "drop"}, NetworkError, 2), ({"kind": "lost_response"}, NetworkError, 2),
    ({"kind": "html"}, ExchangeNotAvailable, 1), ({"kind": "malformed"}, BadResponse, 1),
    ({"kind": "status", "status": 503}, ExchangeNotAvailable, 1), ({"kind": "delay", "seconds": 1.0}, RequestTimeout, 1),
])
def test_asyncio_face_through_simulator_faults(sim, urls, fault, error, count):
    """A read retries through one fault (a malformed 200 is not retried); with retries off the face raises the typed error. A drop or lost
    response on a kept-alive connection looks like a stale connection to the transport, which retries a GET
    once on a fresh one, so it takes two faults in a row to reach the face."""
    async def main():
        async with AsyncKucoin({"urls": urls, "timeout": 500}, sleep=_no_sleep) as ex:
            await ex.load_markets()
            sim.add_fault({"path": "/api/v1/market/stats", "count": 1, **fault})
            retried = await ex.fetch_ticker("BTC/USDT") if fault["kind"] != "malformed" else None
        async with AsyncKucoin({"urls": urls, "options": {"maxRetries": 0}, "timeout": 500}) as ex:
            await ex.load_markets()
            sim.add_fault({"path": "/api/v1/market/stats", "count": count, **fault})
            with pytest.raises(error) as info:
                await ex.fetch_ticker("BTC/USDT")
            sim.clear_faults()
            after = await ex.fetch_ticker("BTC/USDT")  # the pool recovers
        return retried, info.value, after

    retried, exc, after = run(main())
    assert after["symbol"] == "BTC/USDT" and (retried is None or retried["symbol"] == "BTC/USDT")
    assert exc.outcome_unknown is (fault["kind"] in ("drop", "lost_response", "delay"))


async def _no_sleep(seconds: float) -> None:
    return None


# -- keep-alive and pool accounting -------------------------------------------------------------------
def test_sequential_requests_reuse_one_connection_and_connection_close_is_honoured():
    async def close_every_time(server, conn, n, line, headers, writer):
        writer.write(ok(b"{}", b"Connection: close\r\n"))
        return False

    async def main():
        t = AsyncioHTTPTransport(maxsize=2)
        async with Server(answer_ok) as keep, Server(close_every_time) as once:
            for _ in range(5):
                assert (await t.request("GET", keep.url(), {}, None, T)).status == 200
            for _ in range(3):
                assert (await t.request("GET", once.url(), {}, None, T)).status == 200
            await t.close()
            return keep.connections, once.connections, keep.requests[0][2]

    assert run(main())[:2] == (1, 3)


def test_request_bytes_on_the_wire():
    async def main():
        t = AsyncioHTTPTransport()
        async with Server(answer_ok) as server:
            await t.request("POST", server.url("/api/v1/orders?x=1"), {"KC-API-KEY": "k"}, b'{"a":1}', T)
            await t.close()
            return server.requests[0], server.port

    (_, line, headers), port = run(main())
    assert line == b"POST /api/v1/orders?x=1 HTTP/1.1"
    assert headers["host"] == f"127.0.0.1:{port}" and headers["kc-api-key"] == "k"
    assert headers["content-length"] == "7"


def test_callers_beyond_maxsize_wait_for_a_free_connection():
    async def slow(server, conn, n, line, headers, writer):
        await asyncio.sleep(0.01)
        return await answer_ok(server, conn, n, line, headers, writer)

    async def main():
        t = AsyncioHTTPTransport(maxsize=2)
        async with Server(slow) as server:
            answers = await asyncio.gather(*[t.request("GET", server.url(), {}, None, T) for _ in range(12)])
            await t.close()
            return answers, server.connections

    answers, connections = run(main())
    assert len(answers) == 12 and {a.status for a in answers} == {200} and connections == 2


# -- stale pooled connections: retried only when provably unsent --------------------------------------
def test_a_connection_closed_while_idle_is_never_written_to():
    async def close_after_answer(server, conn, n, line, headers, writer):
        writer.write(ok())
        return False  # keep-alive by the headers, but the server closes right after

    async def main():
        t = AsyncioHTTPTransport(maxsize=1)
        async with Server(close_after_answer) as server:
            await t.request("POST", server.url(), {}, b"{}", T)
            await asyncio.sleep(0.05)  # the EOF arrives while the connection is idle
            second = await t.request("POST", server.url(), {}, b"{}", T)  # even a POST: nothing was written
            await t.close()
            return second.status, server.connections, len(server.requests)

    assert run(main()) == (200, 2, 2)


async def _answer_once_then_drop(server, conn, n, line, headers, writer) -> bool:
    """First request on a connection: answered (keep-alive). Second: read, then closed without a byte,
    the race where the server closes an idle connection as the request arrives."""
    if n == 1:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n" if line.startswith(b"HEAD") else ok())
        return True
    return False


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_an_idempotent_read_on_a_stale_connection_is_retried_once_on_a_fresh_one(method):
    async def main():
        t = AsyncioHTTPTransport(maxsize=1)
        async with Server(_answer_once_then_drop) as server:
            await t.request(method, server.url(), {}, None, T)
            second = await t.request(method, server.url(), {}, None, T)
            await t.close()
            return second.status, server.connections, [(c, line.split()[0]) for c, line, _ in server.requests]

    status, connections, seen = run(main())
    assert status == 200 and connections == 2
    assert seen == [(1, method.encode()), (1, method.encode()), (2, method.encode())]


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_a_write_on_a_stale_connection_is_not_retried_and_its_outcome_is_unknown(method):
    async def main():
        t = AsyncioHTTPTransport(maxsize=1)
        async with Server(_answer_once_then_drop) as server:
            await t.request(method, server.url(), {}, b"{}", T)
            with pytest.raises(NetworkError) as info:
                await t.request(method, server.url(), {"KC-API-SIGN": "s3cr3t"}, b"{}", T)
            await t.close()
            return info.value, len(server.requests)

    exc, requests = run(main())
    assert exc.outcome_unknown is True and requests == 2  # sent once, never repeated
    assert "s3cr3t" not in str(exc)


def test_a_read_that_got_bytes_back_before_the_close_is_not_retried():
    async def partial_second(server, conn, n, line, headers, writer):
        writer.write(ok() if n == 1 else b"HTTP/1.1 200 OK\r\nContent-Len")
        return n == 1

    async def main():
        t = AsyncioHTTPTransport(maxsize=1)
        async with Server(partial_second) as server:
            await t.request("GET", server.url(), {}, None, T)
            with pytest.raises(NetworkError) as info:
                await t.request("GET", server.url(), {}, None, T)
            await t.close()
            return info.value, len(server.requests)

    exc, requests = run(main())
    assert exc.outcome_unknown is True and requests == 2 and "connection lost" in str(exc)


def test_a_fresh_connection_closed_early_is_not_retried():
    async def drop(server, conn, n, line, headers, writer):
        return False

    async def main():
        t = AsyncioHTTPTransport()
        async with Server(drop) as server:
            with pytest.raises(NetworkError) as info:
                await t.request("GET", server.url(), {}, None, T)
            await t.close()
            return info.value, len(server.requests)

    exc, requests = run(main())
    assert exc.outcome_unknown is True and requests == 1


# -- misbehaving servers: typed errors, no hang -------------------------------------------------------
@pytest.mark.parametrize("reply", [
    b"garbage, not HTTP\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nBad Header\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nnothex\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope",
])
def test_garbage_answers_raise_network_errors_with_unknown_outcome(reply):
    async def garbage(server, conn, n, line, headers, writer):
        writer.write(reply)
        await asyncio.sleep(5)  # and keep the connection open: the client must not wait for more
        return False

    async def main():
        t = AsyncioHTTPTransport()
        async with Server(garbage) as server:
            with pytest.raises(NetworkError) as info:
                await t.request("GET", server.url("/api/v1/x?secret=abc"), {"KC-API-SIGN": "s3cr3t"}, None,
                                (2.0, 3.0))
            await t.close()
            return info.value

    exc = run(main())
    assert exc.outcome_unknown is True and not isinstance(exc, RequestTimeout)
    assert "GET /api/v1/x" in str(exc) and "s3cr3t" not in str(exc) and "abc" not in str(exc)


def test_a_stalled_server_is_a_read_timeout_with_unknown_outcome_and_the_slot_is_freed():
    async def stall_first(server, conn, n, line, headers, writer):
        if conn == 1:
            await asyncio.sleep(5)
            return False
        return await answer_ok(server, conn, n, line, headers, writer)

    async def main():
        t = AsyncioHTTPTransport(maxsize=1)
        async with Server(stall_first) as server:
            with pytest.raises(RequestTimeout) as info:
                await t.request("POST", server.url("/api/v1/orders"), {}, b"{}", (2.0, 0.2))
            after = await t.request("GET", server.url(), {}, None, T)
            await t.close()
            return info.value, after.body

    exc, body = run(main())
    assert exc.outcome_unknown is True and "read timeout on POST /api/v1/orders" in str(exc)
    assert body.startswith(b'{"conn":2')


def test_each_request_times_out_at_its_own_read_timeout_whatever_the_order():
    """Read timeouts share one timer per event loop: a later request with a shorter timeout must not wait
    for an earlier request's longer one, and one timing out leaves the other waiting."""
    async def stall(server, conn, n, line, headers, writer):
        await asyncio.sleep(30)
        return False

    async def main():
        t = AsyncioHTTPTransport(maxsize=3)
        async with Server(stall) as server:
            patient = asyncio.ensure_future(t.request("GET", server.url("/patient"), {}, None, (2.0, 60.0)))
            await asyncio.sleep(0.05)
            with pytest.raises(RequestTimeout) as first:
                await t.request("GET", server.url("/short"), {}, None, (2.0, 0.2))
            with pytest.raises(RequestTimeout) as second:
                await t.request("POST", server.url("/shorter"), {}, b"{}", (2.0, 0.1))
            still_waiting = not patient.done()
            patient.cancel()
            with pytest.raises(asyncio.CancelledError):
                await patient
            await t.close()
            return first.value, second.value, still_waiting

    first, second, still_waiting = run(main())
    assert "read timeout on GET /short" in str(first) and "read timeout on POST /shorter" in str(second)
    assert still_waiting


def test_answers_larger_than_one_read_arrive_whole(certificate):
    """An answer spanning many socket reads (larger than the connection's read buffer), plain and over
    TLS, is reassembled byte for byte, and the connection is reused after it."""
    import os
    big = os.urandom(300_000)

    async def answer_big(server, conn, n, line, headers, writer):
        writer.write(ok(big if line.split()[1] == b"/big" else b"small"))
        return True

    async def fetch(server, scheme, host, t):
        return [(await t.request("GET", server.url(path, scheme=scheme, host=host), {}, None, T)).body
                for path in ("/big", "/small", "/big")]

    async def main():
        async with Server(answer_big) as server:
            t = AsyncioHTTPTransport(maxsize=1)
            plain = await fetch(server, "http", "127.0.0.1", t)
            await t.close()
        async with Server(answer_big, tls=_server_tls(certificate, [])) as server:
            t = AsyncioHTTPTransport(maxsize=1, ca_certs=str(certificate[0]))
            tls = await fetch(server, "https", "localhost", t)
            await t.close()
            return plain, tls, server.connections

    plain, tls, connections = run(main())
    assert plain == tls == [big, b"small", big] and connections == 1


def test_a_cancelled_request_never_hands_its_late_answer_to_the_next_caller():
    async def slow_first(server, conn, n, line, headers, writer):
        if n == 1 and conn == 1:
            await asyncio.sleep(0.3)
        writer.write(ok(line.split()[1]))
        return True

    async def main():
        t = AsyncioHTTPTransport(maxsize=1)
        async with Server(slow_first) as server:
            task = asyncio.ensure_future(t.request("GET", server.url("/slow"), {}, None, T))
            await asyncio.sleep(0.05)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            fast = await t.request("GET", server.url("/fast"), {}, None, T)
            await t.close()
            return fast.body

    assert run(main()) == b"/fast"


def test_chunked_read_until_close_and_gzip_answers():
    answers = [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        b"HTTP/1.1 100 Continue\r\n\r\n" + ok(b"after-100"),
        ok(gzip.compress(b'{"zipped":true}'), b"Content-Encoding: gzip\r\n"),
        b"HTTP/1.1 200 OK\r\n\r\nuntil close",
    ]

    async def scripted(server, conn, n, line, headers, writer):
        writer.write(answers[len(server.requests) - 1])
        return len(server.requests) < len(answers)

    async def main():
        t = AsyncioHTTPTransport(maxsize=1)
        async with Server(scripted) as server:
            bodies = [(await t.request("GET", server.url(), {}, None, T)).body for _ in answers]
            await t.close()
            return bodies

    assert run(main()) == [b"abcde", b"after-100", b'{"zipped":true}', b"until close"]


def test_unsolicited_bytes_on_an_idle_connection_drop_it():
    async def chatty(server, conn, n, line, headers, writer):
        writer.write(ok(b'{"conn":%d}' % conn) + (b"surprise" if conn == 1 else b""))
        return True

    async def main():
        t = AsyncioHTTPTransport(maxsize=1)
        async with Server(chatty) as server:
            first = await t.request("GET", server.url(), {}, None, T)
            second = await t.request("GET", server.url(), {}, None, T)
            await t.close()
            return first.body, second.body

    assert run(main()) == (b'{"conn":1}', b'{"conn":2}')


# -- failures before sending: outcome known -----------------------------------------------------------
def test_connection_refused_is_exchange_not_available_and_never_sent():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    async def main():
        t = AsyncioHTTPTransport(maxsize=1)
        for _ in range(3):  # the slot is released each time: no deadlock on a pool of one
            with pytest.raises(ExchangeNotAvailable) as info:
                await t.request("GET", f"http://127.0.0.1:{port}/api/v1/timestamp", {}, None, (1.0, 1.0))
            assert info.value.outcome_unknown is False
        return info.value

    exc = run(main())
    assert "GET /api/v1/timestamp" in str(exc) and isinstance(exc.__cause__, OSError)


def test_header_injection_is_refused_before_connecting():
    async def main():
        t = AsyncioHTTPTransport()
        async with Server(answer_ok) as server:
            with pytest.raises(BadRequest):
                await t.request("GET", server.url(), {"X-A": "v\r\nX-Injected: 1"}, None, T)
            await t.close()
            return server.connections

    assert run(main()) == 0


# -- TLS and proxies ----------------------------------------------------------------------------------
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


def _server_tls(certificate, names: list) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    return context


class ConnectProxy:
    """An asyncio HTTP proxy: CONNECT tunnels (or a refusal with ``status``), absolute-form GETs relayed."""

    def __init__(self, status: int = 200, stall: bool = False) -> None:
        self.status, self.stall = status, stall
        self.heads: list[bytes] = []

    async def __aenter__(self) -> "ConnectProxy":
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()

    async def _serve(self, reader, writer) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        self.heads.append(head)
        if self.stall:
            await asyncio.sleep(5)
        if self.status != 200:
            writer.write(b"HTTP/1.1 %d Nope\r\nContent-Length: 0\r\n\r\n" % self.status)
            writer.close()
            return
        first = head.split(b"\r\n", 1)[0].split()
        if first[0] == b"CONNECT":
            host, port = first[1].decode().rsplit(":", 1)
            up_reader, up_writer = await asyncio.open_connection(host, int(port))
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:  # absolute-form: forward the request as it came
            target = first[1].decode().split("/", 3)
            host, port = target[2].rsplit(":", 1)
            up_reader, up_writer = await asyncio.open_connection(host, int(port))
            up_writer.write(head)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer), return_exceptions=True)


async def _pipe(reader, writer) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


def test_tls_verifies_certificates_and_sends_sni(certificate):
    names: list = []

    async def main():
        async with Server(answer_ok, tls=_server_tls(certificate, names)) as server:
            untrusted = AsyncioHTTPTransport()
            with pytest.raises(NetworkError) as info:
                await untrusted.request("GET", server.url(scheme="https", host="localhost"), {}, None, T)
            trusted = AsyncioHTTPTransport(ca_certs=str(certificate[0]))
            answer = await trusted.request("GET", server.url(scheme="https", host="localhost"), {}, None, T)
            await trusted.close()
            return info.value, answer

    exc, answer = run(main())
    assert "TLS" in str(exc) and exc.outcome_unknown is False
    assert isinstance(exc.__cause__, ssl.SSLCertVerificationError)
    assert answer.status == 200 and "localhost" in names


def test_https_through_a_connect_proxy_with_credentials(certificate):
    names: list = []

    async def main():
        async with Server(answer_ok, tls=_server_tls(certificate, names)) as server, ConnectProxy() as proxy:
            t = AsyncioHTTPTransport(proxy=f"http://user:p%40ss@127.0.0.1:{proxy.port}", ca_certs=str(certificate[0]))
            answers = [await t.request("GET", server.url(scheme="https", host="localhost"), {}, None, T)
                       for _ in range(3)]
            await t.close()
            return answers, proxy.heads, server.port, server.connections

    answers, heads, port, connections = run(main())
    assert [a.status for a in answers] == [200] * 3 and connections == 1  # one tunnel, kept alive
    assert heads[0].startswith(f"CONNECT localhost:{port} HTTP/1.1\r\n".encode())
    assert b"Proxy-Authorization: Basic dXNlcjpwQHNz" in heads[0]  # user:p@ss
    assert names == ["localhost"]  # SNI names the target, not the proxy


def test_plain_http_through_a_proxy_uses_absolute_form():
    async def main():
        async with Server(answer_ok) as server, ConnectProxy() as proxy:
            t = AsyncioHTTPTransport(proxy=f"http://u:pw@127.0.0.1:{proxy.port}")
            answer = await t.request("GET", server.url("/api/v1/timestamp"), {}, None, T)
            await t.close()
            return answer, proxy.heads[0], server.port

    answer, head, port = run(main())
    assert answer.status == 200
    assert head.startswith(f"GET http://127.0.0.1:{port}/api/v1/timestamp HTTP/1.1\r\n".encode())
    assert b"Proxy-Authorization: Basic dTpwdw==" in head


def test_proxy_refusal_and_stall_are_known_outcomes_without_the_password():
    async def main():
        async with ConnectProxy(status=407) as refusing, ConnectProxy(stall=True) as stalling:
            t = AsyncioHTTPTransport(proxy=f"http://user:hunter2@127.0.0.1:{refusing.port}")
            with pytest.raises(InvalidProxySettings) as refused:
                await t.request("GET", "https://localhost:1/api/v1/timestamp", {}, None, T)
            t2 = AsyncioHTTPTransport(proxy=f"http://127.0.0.1:{stalling.port}")
            with pytest.raises(RequestTimeout) as stalled:
                await t2.request("GET", "https://localhost:1/api/v1/timestamp", {}, None, (0.2, 2.0))
            return refused.value, stalled.value

    refused, stalled = run(main())
    assert "407" in str(refused) and "hunter2" not in str(refused) and refused.outcome_unknown is False
    assert "connect timeout" in str(stalled) and stalled.outcome_unknown is False


def test_unsupported_proxy_scheme_is_refused_at_construction():
    with pytest.raises(InvalidProxySettings, match="asyncTransport"):
        AsyncioHTTPTransport(proxy="https://user:pw@proxy.example:443")
