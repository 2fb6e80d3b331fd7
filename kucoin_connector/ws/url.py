"""WebSocket and proxy URL parsing (pure core).

RFC 6455 §3: ``ws://host[:port]/path?query`` (port 80) and ``wss://`` (port 443); fragments are not
allowed. The Host header carries the port only when it is not the default (RFC 7230 §5.4).
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .errors import HandshakeError
from .handshake import parse_status_line

__all__ = ["WSURL", "parse_ws_url", "ProxyURL", "parse_proxy_url", "connect_request", "parse_connect_status"]


@dataclass(frozen=True)
class WSURL:
    secure: bool
    host: str
    port: int
    target: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.secure else 80
        return host if self.port == default else f"{host}:{self.port}"


def parse_ws_url(url: str) -> WSURL:
    """Split a ws:// or wss:// URL; raises ValueError for anything else (RFC 6455 §3)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("ws", "wss"):
        raise ValueError(f"not a WebSocket URL (ws:// or wss://): {url!r}")
    if parts.fragment or "#" in url:
        raise ValueError("WebSocket URLs must not have a fragment (RFC 6455 §3)")
    if not parts.hostname:
        raise ValueError(f"no host in {url!r}")
    secure = scheme == "wss"
    port = parts.port or (443 if secure else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return WSURL(secure, parts.hostname, port, target)


@dataclass(frozen=True)
class ProxyURL:
    host: str
    port: int
    authorization: str | None  # the Proxy-Authorization header value, never logged

    def __repr__(self) -> str:  # keep credentials out of reprs and logs
        return f"ProxyURL(host={self.host!r}, port={self.port}, authorization={'***' if self.authorization else None})"


def parse_proxy_url(url: str) -> ProxyURL:
    """An ``http://[user:pass@]host:port`` proxy for HTTP CONNECT tunnelling (RFC 9110 §9.3.6)."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    if parts.scheme.lower() != "http" or not parts.hostname:
        raise ValueError("only http:// proxies (HTTP CONNECT) are supported")
    auth = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode("utf-8")
        auth = "Basic " + base64.b64encode(pair).decode("ascii")
    return ProxyURL(parts.hostname, parts.port or 8080, auth)


def connect_request(target: WSURL, proxy: ProxyURL) -> bytes:
    """The CONNECT request that opens a tunnel to the WebSocket host (RFC 9110 §9.3.6)."""
    host = f"[{target.host}]" if ":" in target.host else target.host
    lines = [f"CONNECT {host}:{target.port} HTTP/1.1", f"Host: {host}:{target.port}"]
    if proxy.authorization:
        lines.append(f"Proxy-Authorization: {proxy.authorization}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def parse_connect_status(head: bytes) -> int:
    """The status code of the proxy's answer to CONNECT (2xx means the tunnel is open); a malformed
    answer raises ``HandshakeError``."""
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    try:
        return parse_status_line(line)
    except HandshakeError:
        raise HandshakeError(f"malformed proxy status line {line[:100]!r}") from None
