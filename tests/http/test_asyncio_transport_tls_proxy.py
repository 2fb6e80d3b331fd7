"""The asyncio HTTP transport over TLS (certificate checks, SNI) and through HTTP proxies (CONNECT with
credentials, absolute-form for plain http, refusals and stalls)."""
from __future__ import annotations

import asyncio
import ssl

import pytest

from kucoin_connector import InvalidProxySettings, NetworkError, RequestTimeout
from kucoin_connector.io.http_asyncio import AsyncioHTTPTransport

from asyncio_servers import T, ConnectProxy, Server, answer_ok, ok, run, server_tls


def test_tls_verifies_certificates_and_sends_sni(certificate):
    names: list = []

    async def main():
        async with Server(answer_ok, tls=server_tls(certificate, names)) as server:
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
        async with Server(answer_ok, tls=server_tls(certificate, names)) as server, ConnectProxy() as proxy:
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
