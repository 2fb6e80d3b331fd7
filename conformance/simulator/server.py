"""HTTP/1.1 front of the simulator: faults, auth, rate limits, routing and KuCoin's envelope.

Layer: simulator (exchange side; standard-library ``http.server``). Rule: one pass per request in the
gateway's order (fault -> route -> signature -> rate limit -> handler), every answer with
Content-Length so clients can keep connections alive, and every API answer with the
``gw-ratelimit-*`` headers (``reference/kucoin.md``, "Rate limits").
"""
from __future__ import annotations

import logging
import socket
import struct
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from .auth import AuthError
from .routing import ApiError, Context, Encoded, Raw, Router
from .wire import dumps

if TYPE_CHECKING:  # pragma: no cover
    from .ratelimit import Verdict
    from .simulator import Simulator

__all__ = ["SimHTTPServer"]

log = logging.getLogger(__name__)

NOT_FOUND = dumps({"code": "404000", "msg": "Not Found"})
TOO_MANY = dumps({"code": "429000", "msg": "Too Many Requests"})
INTERNAL = dumps({"code": "500000", "msg": "Internal Server Error"})
MALFORMED = b'{"code":"200000","data":{"time":17'
HTML_PAGE = ("<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n<center><h1>{status} "
             "{phrase}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class SimHTTPServer(ThreadingHTTPServer):
    """One listening host (spot or futures); tracks open connections so ``close_all`` can end them."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], sim: "Simulator", host_name: str, router: Router,
                 admin: Router) -> None:
        super().__init__(address, _Handler)
        self.sim, self.host_name, self.router, self.admin = sim, host_name, router, admin
        self._connections: set[socket.socket] = set()
        self._conn_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conn_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._conn_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-request (a dropped connection, a fault the tests inject, a bot
        # shutting down) is normal traffic for an exchange, not a server error worth a traceback.
        import sys
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)

    def close_all(self) -> None:
        with self._conn_lock:
            conns = list(self._connections)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kucoin-sim/1"
    sys_version = ""
    server: SimHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    # ---- plumbing -------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str = "application/json",
              verdict: "Verdict | None" = None) -> None:
        head = [f"HTTP/1.1 {status} {_phrase(status)}", f"Content-Type: {content_type}",
                f"Content-Length: {len(body)}"]
        if verdict is not None:
            head += [f"gw-ratelimit-limit: {verdict[1]}", f"gw-ratelimit-remaining: {verdict[2]}",
                     f"gw-ratelimit-reset: {verdict[3]}"]
        if self.close_connection:
            head.append("Connection: close")
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

    def _abort(self, reset: bool) -> None:
        """Close without answering; ``reset`` sends RST (connection reset), otherwise FIN."""
        self.close_connection = True
        if reset:
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass

    # ---- the request ----------------------------------------------------------------------------
    def _serve(self) -> None:
        server, sim = self.server, self.server.sim
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            self._send(400, dumps({"code": "400100", "msg": "Invalid Content-Length"}))
            return
        body = self.rfile.read(length) if length > 0 else b""
        method, raw = self.command, self.path
        path, _, query = raw.partition("?")
        sim._log_request(method, raw)
        if path.startswith("/_sim/"):
            status, payload, verdict = self._run(server.admin, method, path, query, body, 0, admin=True)
            self._send(status, payload, verdict=verdict)
            return
        fault = sim.faults.take(server.host_name, method, path)
        skew_ms = 0
        if fault is not None:
            kind, params = fault.kind, fault.params
            if kind == "drop":
                self._abort(reset=True)
                return
            if kind == "status":
                code = params["status"]
                self._send(code, dumps({"code": f"{code}000", "msg": _phrase(code)}))
                return
            if kind == "code":
                self._send(params["status"], dumps({"code": params["code"], "msg": params["msg"]}))
                return
            if kind == "html":
                code = params["status"]
                page = HTML_PAGE.format(status=code, phrase=_phrase(code)).encode()
                self._send(code, page, "text/html")
                return
            if kind == "malformed":
                self._send(200, MALFORMED)
                return
            if kind == "delay":
                time.sleep(params["seconds"])
            elif kind == "clock_skew":
                skew_ms = int(params["seconds"] * 1000)
        status, payload, verdict = self._run(server.router, method, path, query, body, skew_ms)
        if fault is not None and fault.kind == "lost_response":
            self._abort(reset=False)
            return
        self._send(status, payload, verdict=verdict)

    def _run(self, router: Router, method: str, path: str, query: str, body: bytes, skew_ms: int,
             admin: bool = False) -> tuple[int, bytes, "Verdict | None"]:
        sim = self.server.sim
        real_ms = sim.now_ms()
        ip = self.client_address[0]
        limiter = sim.limiter
        match = router.match(method, path)
        if match is None:
            return 404, NOT_FOUND, None if admin else limiter.peek("Public", ip, real_ms)
        route, path_params = match
        ctx = Context(sim=sim, host=self.server.host_name, method=method, path=path, query=query,
                      body=body, headers=self.headers, client_ip=ip, now_ms=real_ms + skew_ms,
                      path_params=path_params)
        pool = route.pool or "Public"
        verdict = None if admin else limiter.peek(pool, ip, real_ms)
        try:
            if route.private:
                try:
                    ctx.key = sim.keys.verify(self.headers, method, self.path, body, ctx.now_ms)
                except AuthError as exc:
                    return exc.status, dumps({"code": exc.code, "msg": exc.msg}), verdict
            if route.pool is not None:
                key = ip if route.pool == "Public" or ctx.key is None else "uid:" + ctx.key.uid
                verdict = limiter.consume(route.pool, key, route.weight, real_ms)
                if not verdict[4]:
                    return 429, TOO_MANY, verdict
            result = route.handler(ctx)
        except ApiError as exc:
            return exc.status, dumps({"code": exc.code, "msg": exc.msg}), verdict
        except Exception:  # noqa: BLE001 - a simulator bug must still answer like a gateway
            log.exception("simulator handler failed: %s %s", method, path)
            return 500, INTERNAL, verdict
        if isinstance(result, Raw):
            return result.status, result.body, verdict
        data = result.data if isinstance(result, Encoded) else dumps(result)
        return 200, b'{"code":"200000","data":' + data + b"}", verdict
