"""RFC 6455 opening handshake as bytes in, bytes out (pure core: no sockets, no clock, no randomness).

https://www.rfc-editor.org/rfc/rfc6455#section-4 . The client nonce is a parameter (the drivers
pass 16 bytes from ``os.urandom``). HTTP/1.1 header parsing is hand-written on purpose: the message
is tiny and strictly shaped, and ``http.client`` would pull I/O into the pure core.
"""
from __future__ import annotations

import base64
import hashlib
import re

from .errors import HandshakeError

__all__ = [
    "GUID", "accept_key", "make_key", "build_request", "parse_response", "parse_request",
    "build_response", "build_reject", "parse_extension_header", "parse_status_line", "HeaderList",
    "MAX_HEAD_SIZE", "MAX_HEADERS",
]

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 §1.3
MAX_HEAD_SIZE = 65536  # refuse an absurd handshake rather than buffer forever
MAX_HEADERS = 256  # header lines in one handshake head

# RFC 7230 §3.2: field-name = token (tchar+); field-value = VCHAR / obs-text / SP / HTAB (no controls).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BAD_VALUE_CHAR = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

HeaderList = list[tuple[str, str]]


def accept_key(key: str | bytes) -> str:
    """``Sec-WebSocket-Accept`` for a ``Sec-WebSocket-Key`` (RFC 6455 §1.3, §4.2.2 step 5.4)."""
    raw = key.encode("ascii") if isinstance(key, str) else key
    return base64.b64encode(hashlib.sha1(raw + GUID).digest()).decode("ascii")


def make_key(nonce: bytes) -> str:
    """The client's ``Sec-WebSocket-Key``: base64 of a 16-byte random nonce (RFC 6455 §4.1 item 7)."""
    if len(nonce) != 16:
        raise ValueError("the handshake nonce must be 16 bytes")
    return base64.b64encode(nonce).decode("ascii")


def build_request(host: str, target: str, key: str, *, subprotocols: tuple[str, ...] = (),
                  extensions: tuple[str, ...] = (), extra_headers: tuple[tuple[str, str], ...] = ()
                  ) -> bytes:
    """The client's GET (RFC 6455 §4.1): Host, Upgrade, Connection, Key, Version 13, then options."""
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
    if subprotocols:
        lines.append("Sec-WebSocket-Protocol: " + ", ".join(subprotocols))
    if extensions:
        lines.append("Sec-WebSocket-Extensions: " + ", ".join(extensions))
    for name, value in extra_headers:
        if "\r" in name + value or "\n" in name + value:
            raise ValueError("header names and values must not contain CR or LF")
        lines.append(f"{name}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _split_head(head: bytes) -> tuple[str, HeaderList]:
    """Start line and ``(lower-case name, value)`` pairs. Anything malformed raises ``HandshakeError``
    (never ValueError/UnicodeError): the peer's bytes are not trusted."""
    if len(head) > MAX_HEAD_SIZE:
        raise HandshakeError("handshake head too large")
    text = head.decode("latin-1")  # every byte string decodes (RFC 7230 §3.2.4: obs-text is opaque)
    lines = text.split("\r\n")
    if len(lines) > MAX_HEADERS + 3:
        raise HandshakeError(f"more than {MAX_HEADERS} header lines")
    headers: HeaderList = []
    for line in lines[1:]:
        if not line:
            continue
        if line[0] in " \t":  # obsolete line folding (RFC 7230 §3.2.4): refuse, like h11
            raise HandshakeError("obsolete header line folding")
        name, sep, value = line.partition(":")
        if not sep or _TOKEN.fullmatch(name) is None or _BAD_VALUE_CHAR.search(value) is not None:
            raise HandshakeError(f"malformed header line {line[:100]!r}")
        headers.append((name.lower(), value.strip(" \t")))
    return lines[0], headers


def parse_status_line(line: str) -> int:
    """``HTTP/1.x SP 3DIGIT [SP reason]`` -> the status code (RFC 7230 §3.1.2; the reason may be missing,
    as lenient clients allow). Only ASCII digits count: ``int()`` would also read "١٠١" as 101."""
    parts = line.split(" ", 2)
    if (len(parts) < 2 or parts[0] not in ("HTTP/1.0", "HTTP/1.1") or len(parts[1]) != 3
            or not parts[1].isascii() or not parts[1].isdigit()):
        raise HandshakeError(f"malformed status line {line[:100]!r}")
    return int(parts[1])


def _values(headers: HeaderList, name: str) -> list[str]:
    """All comma-separated tokens of every header ``name`` (already lower-cased)."""
    out: list[str] = []
    for key, value in headers:
        if key == name:
            out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


def _one(headers: HeaderList, name: str) -> str | None:
    found = [value for key, value in headers if key == name]
    if len(found) > 1:
        raise HandshakeError(f"duplicate {name} header")
    return found[0] if found else None


def _check_upgrade(headers: HeaderList) -> None:
    if "websocket" not in (v.lower() for v in _values(headers, "upgrade")):
        raise HandshakeError("missing 'Upgrade: websocket'")
    if "upgrade" not in (v.lower() for v in _values(headers, "connection")):
        raise HandshakeError("missing 'Connection: Upgrade'")


def parse_response(head: bytes, key: str) -> tuple[int, HeaderList]:
    """Check the server's answer (RFC 6455 §4.2.2 / §4.1 client requirements 1-4).

    Returns ``(status, headers)``; a non-101 status is returned for the caller to report, while a 101
    that breaks the rules (missing Upgrade/Connection, wrong ``Sec-WebSocket-Accept``) raises.
    """
    status_line, headers = _split_head(head)
    status = parse_status_line(status_line)
    if status != 101:
        return status, headers
    _check_upgrade(headers)
    if _one(headers, "sec-websocket-accept") != accept_key(key):
        raise HandshakeError("Sec-WebSocket-Accept does not match the key (RFC 6455 §4.2.2)")
    return status, headers


def parse_request(head: bytes) -> tuple[str, HeaderList, str]:
    """Check a client's GET (RFC 6455 §4.2.1); returns ``(target, headers, key)``."""
    request_line, headers = _split_head(head)
    parts = request_line.split(" ")
    if len(parts) != 3 or parts[0] != "GET" or parts[2] not in ("HTTP/1.1", "HTTP/2.0"):
        raise HandshakeError(f"not a WebSocket GET request: {request_line[:100]!r}")
    if _one(headers, "host") is None:
        raise HandshakeError("missing Host header")
    _check_upgrade(headers)
    if _one(headers, "sec-websocket-version") != "13":
        raise HandshakeError("unsupported Sec-WebSocket-Version (only 13, RFC 6455 §4.4)")
    key = _one(headers, "sec-websocket-key") or ""
    try:
        valid = len(base64.b64decode(key, validate=True)) == 16
    except ValueError:
        valid = False
    if not valid:
        raise HandshakeError("Sec-WebSocket-Key is not base64 of 16 bytes (RFC 6455 §4.2.1 item 5)")
    return parts[1], headers, key


def build_response(key: str, *, subprotocol: str | None = None, extensions: tuple[str, ...] = (),
                   extra_headers: tuple[tuple[str, str], ...] = ()) -> bytes:
    """The server's 101 Switching Protocols (RFC 6455 §4.2.2 step 5)."""
    lines = ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Accept: {accept_key(key)}"]
    if subprotocol:
        lines.append(f"Sec-WebSocket-Protocol: {subprotocol}")
    if extensions:
        lines.append("Sec-WebSocket-Extensions: " + ", ".join(extensions))
    lines.extend(f"{name}: {value}" for name, value in extra_headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def build_reject(status: int, headers: tuple[tuple[str, str], ...] = (), body: bytes = b"") -> bytes:
    """A plain HTTP refusal (RFC 6455 §4.2.1: 400 for a bad request, 426 for a bad version)."""
    lines = [f"HTTP/1.1 {status} WebSocket Refused", f"Content-Length: {len(body)}",
             "Connection: close"]
    lines.extend(f"{name}: {value}" for name, value in headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def parse_extension_header(values: list[str] | tuple[str, ...]) -> list[tuple[str, dict[str, str | None]]]:
    """``Sec-WebSocket-Extensions`` values into ``[(name, {param: value-or-None})]`` in order
    (RFC 6455 §9.1 grammar; quoted values unquoted). Commas split offers, semicolons parameters."""
    out: list[tuple[str, dict[str, str | None]]] = []
    for value in values:
        for offer in value.split(","):
            items = [item.strip() for item in offer.split(";")]
            if not items[0]:
                continue
            params: dict[str, str | None] = {}
            for item in items[1:]:
                if not item:
                    continue
                name, sep, val = item.partition("=")
                name = name.strip()
                if name in params:
                    raise HandshakeError(f"duplicate extension parameter {name!r}")
                params[name] = val.strip().strip('"') if sep else None
            out.append((items[0], params))
    return out
