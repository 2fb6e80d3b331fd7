"""The asyncio HTTP transport against misbehaving servers: stale pooled connections retried only when
provably unsent, outcome_unknown, timeouts, garbage answers, cancellation, failures before sending."""
from __future__ import annotations

import asyncio
import gzip

import pytest

from kucoin_connector import BadRequest, ExchangeNotAvailable, NetworkError, RequestTimeout
from kucoin_connector.io.http_asyncio import AsyncioHTTPTransport

from asyncio_servers import T, Server, answer_ok, ok, run, server_tls


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
        async with Server(answer_big, tls=server_tls(certificate, [])) as server:
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
