"""One loopback TCP server scaffold for the test servers (WebSocket echo, CONNECT proxy, fake KuCoin).

A subclass implements ``_handle(sock)``; each accepted connection is handled on its own daemon thread.
``start()`` begins accepting (call it once the subclass's state is ready); ``close()`` stops it.
"""
from __future__ import annotations

import socket
import threading

__all__ = ["LoopbackServer"]


class LoopbackServer:
    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]

    def start(self) -> None:
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(sock,), daemon=True).start()

    def _handle(self, sock: socket.socket) -> None:  # pragma: no cover - subclasses define it
        raise NotImplementedError

    def close(self) -> None:
        self.listener.close()
