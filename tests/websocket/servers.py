"""Loopback test servers built from our own server role: a WebSocket echo server and a CONNECT proxy."""
from __future__ import annotations

import socket
import ssl
import threading

from kucoin_connector.ws import ConnectionClosed, WebSocketError, accept
from loopback import LoopbackServer


class EchoServer(LoopbackServer):
    """Echoes every message; the text "close:CODE:REASON" makes it close with that code."""

    def __init__(self, compression: str | None = None, tls: ssl.SSLContext | None = None,
                 refuse: bytes | None = None) -> None:
        super().__init__()
        self.compression = compression
        self.tls = tls
        self.refuse = refuse
        self.requests: list = []
        self.start()

    def _handle(self, sock: socket.socket) -> None:
        try:
            if self.tls is not None:
                sock = self.tls.wrap_socket(sock, server_side=True)
            if self.refuse is not None:
                sock.recv(65536)
                sock.sendall(self.refuse)
                sock.close()
                return
            ws, request = accept(sock, compression=self.compression)
            self.requests.append(request)
            while True:
                message = ws.recv()
                if isinstance(message, str) and message.startswith("close:"):
                    _, code, reason = message.split(":", 2)
                    ws.close(int(code), reason)
                    return
                ws.send(message)
        except (ConnectionClosed, WebSocketError, OSError):
            sock.close()


class ConnectProxy(LoopbackServer):
    """A minimal HTTP CONNECT proxy that records the request heads it received."""

    def __init__(self, status: int = 200) -> None:
        super().__init__()
        self.status = status
        self.heads: list[bytes] = []
        self.start()

    def _handle(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            head += client.recv(4096)
        self.heads.append(head)
        if self.status != 200:
            client.sendall(b"HTTP/1.1 %d Nope\r\nContent-Length: 0\r\n\r\n" % self.status)
            client.close()
            return
        host, port = head.split(b" ")[1].decode().rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        threading.Thread(target=_pipe, args=(upstream, client), daemon=True).start()
        _pipe(client, upstream)


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
