"""The asyncio HTTP transport against the simulator (the asyncio face by default, simulator faults) and its
keep-alive pool: one connection reused, Connection: close honoured, the exact request bytes, callers beyond
``maxsize`` waiting (servers: asyncio_servers.py; misbehaving servers: test_asyncio_transport_failures.py;
TLS and proxies: test_asyncio_transport_tls_proxy.py)."""
from __future__ import annotations

import asyncio

import pytest

from kucoin_connector import AsyncKucoin, BadRequest, BadResponse, ExchangeNotAvailable, NetworkError, RequestTimeout
from kucoin_connector.io.http_asyncio import AsyncioHTTPTransport

from asyncio_servers import T, Server, answer_ok, no_sleep, ok, run


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
        async with AsyncKucoin({"urls": urls, "timeout": 500}, sleep=no_sleep) as ex:
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
