"""Shared helpers for the WebSocket tests: deterministic randomness and the whole/byte-wise feeders."""
from __future__ import annotations

import itertools

from kucoin_connector.ws import AcceptConnection, Request, Role, WSConnection


class CountingRandom:
    """A deterministic ``urandom`` (the protocol takes randomness as a parameter)."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def __call__(self, n: int) -> bytes:
        return bytes((next(self._counter) * 37) & 0xFF for _ in range(n))


def feed(conn: WSConnection, data: bytes, mode: str) -> list:
    """Feed ``data`` whole or one byte at a time, collecting every event."""
    if mode == "whole":
        conn.receive_data(data)
        return list(conn.events())
    out: list = []
    for i in range(len(data)):
        conn.receive_data(data[i:i + 1])
        out.extend(conn.events())
    return out


def open_pair(client_compression=None, server_compression=None, max_size: int = 2 ** 20
              ) -> tuple[WSConnection, WSConnection]:
    """A client and a server that completed the opening handshake with each other."""
    client = WSConnection(Role.CLIENT, urandom=CountingRandom(), compression=client_compression,
                          max_size=max_size)
    server = WSConnection(Role.SERVER, compression=server_compression, max_size=max_size)
    server.receive_data(client.send(Request(host="example.com", target="/chat")))
    request = server.next_event()
    assert isinstance(request, Request)
    client.receive_data(server.send(AcceptConnection()))
    accepted = client.next_event()
    assert isinstance(accepted, AcceptConnection)
    return client, server
