"""A throw-away ``redis-server`` on 127.0.0.1 for the fleet run and the Redis limiter tests (conformance tooling).

Started as a child process without persistence; :meth:`RedisServer.stop` then :meth:`RedisServer.start`
again reuse the port, like a restarted server (the fleet run stops it mid-run to show the fallback).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time

__all__ = ["RedisServer", "free_port"]


class RedisServer:
    """A throw-away ``redis-server`` on 127.0.0.1 (no persistence); :meth:`stop` and :meth:`start` again
    reuse the same port, like a restarted server."""

    def __init__(self, port: int | None = None, executable: str | None = None) -> None:
        self.executable = executable or shutil.which("redis-server")
        if not self.executable:
            raise FileNotFoundError("redis-server is not installed (Debian: apt-get install redis-server)")
        self.port = port or free_port()
        self._dir = tempfile.mkdtemp(prefix="kucoin-redis-")
        self._proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self, ready_within_s: float = 10.0) -> "RedisServer":
        if self._proc is not None:
            return self
        self._proc = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self._dir, "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + ready_within_s
        while not self.ping():
            if self._proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self._proc.returncode} on port {self.port}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not answer PING on port {self.port}")
            time.sleep(0.02)
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - redis exits on SIGTERM at once
            proc.kill()
            proc.wait()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
