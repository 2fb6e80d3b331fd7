"""Tiny asyncio servers for the asyncio HTTP transport's tests (test support, not a test module): a loopback
HTTP server driven by a handler per request, a CONNECT proxy, and small helpers."""
from __future__ import annotations

import asyncio
import ssl
from typing import Any, Awaitable, Callable

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



async def no_sleep(seconds: float) -> None:
    return None



def server_tls(certificate, names: list) -> ssl.SSLContext:
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
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer), return_exceptions=True)


async def pipe(reader, writer) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


async def pipe(reader, writer) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()
