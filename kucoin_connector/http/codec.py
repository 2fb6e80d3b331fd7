"""Sans-I/O HTTP/1.1 client codec (pure core: no sockets, no clock, no event loop).

RFC 9112 message syntax, client side, in the style of the RFC 6455 codec in ``websocket/`` (and of h11):
:func:`build_request` serialises one request; a :class:`ResponseParser` is fed whatever bytes the
connection delivers, split anywhere, and assembles one response: status line, header fields,
``Content-Length`` or chunked transfer coding or read-until-close framing, interim 1xx responses skipped,
no body for HEAD, 204 and 304. Strict: malformed input raises :class:`HTTPProtocolError` (and a
connection that closes too early :class:`IncompleteResponse`) with a short message that quotes no
header value; every buffer is bounded (status line, header block, header count, chunk-size line, body),
so a hostile peer can neither make the parser wait on garbage nor make it allocate without bound.
"""
from __future__ import annotations

import re
from typing import Mapping

__all__ = ["HTTPProtocolError", "IncompleteResponse", "ResponseParser", "build_request",
           "MAX_LINE", "MAX_HEAD", "MAX_HEADERS", "MAX_BODY"]

MAX_LINE = 8192                # a status line or chunk-size line
MAX_HEAD = 65536               # the whole header block (status line + fields)
MAX_HEADERS = 128              # header fields in one response (also bounds trailer fields)
MAX_BODY = 64 * 1024 * 1024    # the decoded body; KuCoin's largest answers (all tickers) are ~2 MB
_MAX_INTERIM = 8               # 1xx responses before the final one

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")        # tchar+ (RFC 9110 §5.6.2)
_TOKEN_STR = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_TARGET = re.compile(r"[\x21-\x7e]+\Z")                          # no spaces, no controls
_STATUS = re.compile(r"HTTP/1\.([01]) ([0-9]{3})(?: ([^\x00-\x08\x0a-\x1f\x7f]*))?\Z")  # on latin-1 text
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,15})[ \t]*(?:;[^\x00-\x08\x0a-\x1f\x7f]*)?\Z")
_DIGITS = re.compile(r"[0-9]{1,18}\Z")
_FRAMING = frozenset({"host", "content-length", "transfer-encoding", "connection"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_PREFIX = b"HTTP/"

# Parser states.
_HEAD, _LENGTH, _CHUNK_SIZE_LINE, _CHUNK_DATA, _CHUNK_END, _TRAILER, _UNTIL_CLOSE, _DONE = range(8)

_good_names: set[str] = set()  # request header names already checked against _TOKEN_STR (bounded below)
_names: dict[str, str] = {}  # response header names already checked -> lower case (bounded below)
_status_lines: dict[str, tuple[str, int, str]] = {}  # status line -> (minor version, status, reason)


def _status_line(line: str, max_line: int) -> tuple[str, int, str]:
    if len(line) > max_line:
        raise HTTPProtocolError("status line too long")
    match = _STATUS.match(line)
    if match is None:
        raise HTTPProtocolError("malformed status line")
    parsed = (match.group(1), int(match.group(2)), match.group(3) or "")
    if len(_status_lines) < 64:
        _status_lines[line] = parsed
    return parsed


class HTTPProtocolError(Exception):
    """The peer broke HTTP/1.1 framing (RFC 9112) or exceeded a size limit."""


class IncompleteResponse(HTTPProtocolError):
    """The connection closed before the response was complete; ``received`` bytes had arrived."""

    def __init__(self, message: str, received: int) -> None:
        super().__init__(message)
        self.received = received


def build_request(method: str, target: str, host: str, headers: Mapping[str, str],
                  body: bytes | None = None) -> bytes:
    """One HTTP/1.1 request as bytes: request line, ``Host``, the caller's fields, ``Content-Length``.

    ``target`` is origin-form (``/path?query``) or, for a plain-HTTP proxy, absolute-form. Raises
    ``ValueError`` for a bad method or target, a header name that is not a token, a CR, LF or NUL in
    any field (header injection), or a framing field (Host, Content-Length, ...) the codec sets itself.
    """
    if not _TOKEN_STR.match(method):
        raise ValueError("the HTTP method must be a token")
    if not _TARGET.match(target):
        raise ValueError("the request target must be printable ASCII without spaces")
    parts = [f"{method} {target} HTTP/1.1\r\nHost: {host}\r\n"]
    for name, value in headers.items():
        if name not in _good_names:
            if not _TOKEN_STR.match(name):
                raise ValueError("header names must be tokens (RFC 9110 §5.1)")
            if name.lower() in _FRAMING:
                raise ValueError(f"the {name} header is set by the HTTP codec")
            if len(_good_names) < 512:
                _good_names.add(name)
        parts.append(f"{name}: {value}\r\n")
    if body is not None or method in _BODY_METHODS:
        parts.append(f"Content-Length: {len(body) if body else 0}\r\n")
    parts.append("\r\n")
    text = "".join(parts)
    lines = len(parts) + 1  # the request line and Host share the first part
    if text.count("\n") != lines or text.count("\r") != lines or "\x00" in text:
        raise ValueError("CR, LF and NUL are not allowed in the request line or header fields")
    head = text.encode("latin-1")  # UnicodeEncodeError is a ValueError
    return head + body if body else head


class ResponseParser:
    """Incremental parser of one response to a request made with ``method``.

    ``feed(data)`` returns True once the response is complete; ``feed_eof()`` tells it the peer closed
    (completing a read-until-close body, else raising :class:`IncompleteResponse`). Then ``status``,
    ``reason``, ``headers`` (lower-case names; repeated fields joined with ", "), ``body`` and
    ``keep_alive`` (False when the connection must not be reused: ``Connection: close``, HTTP/1.0
    without keep-alive, a read-until-close body, or bytes arriving after the end of the response).
    """

    __slots__ = ("method", "max_line", "max_head", "max_headers", "max_body", "status", "reason",
                 "headers", "body", "keep_alive", "received", "complete", "_buf", "_state", "_remaining",
                 "_parts", "_size", "_interim", "_trailers")

    def __init__(self, method: str = "GET", *, max_line: int = MAX_LINE, max_head: int = MAX_HEAD,
                 max_headers: int = MAX_HEADERS, max_body: int = MAX_BODY) -> None:
        self.method = method
        self.max_line, self.max_head, self.max_headers, self.max_body = max_line, max_head, max_headers, max_body
        self.status = 0
        self.reason = ""
        self.headers: dict[str, str] = {}
        self.body = b""
        self.keep_alive = True
        self.received = 0
        self.complete = False
        self._buf = bytearray()
        self._state = _HEAD
        self._remaining = 0
        self._parts: list[bytes] = []
        self._size = 0
        self._interim = 0
        self._trailers = 0

    # -- input ---------------------------------------------------------------------------------------
    def feed(self, data: bytes) -> bool:
        """Take the next bytes from the connection; True when the response is complete."""
        self.received += len(data)
        state = self._state
        if state == _DONE:
            if data:  # more than the response held: the connection is out of step, never reuse it
                self.keep_alive = False
            return True
        buf = self._buf
        if state == _HEAD and not buf:  # fast path: a whole head (usually the whole response) in one read
            end = data.find(b"\r\n\r\n")
            if 0 <= end <= self.max_head - 4:
                self._head(data[:end])
                if self._state == _LENGTH and len(data) - end - 4 == self._remaining:
                    self.body = data[end + 4:]
                    self._finish()
                    return True
                data = data[end + 4:]
        buf += data
        while True:
            state = self._state
            if state == _LENGTH:
                if len(buf) < self._remaining:
                    return False
                n = self._remaining
                self.body = bytes(buf[:n])
                del buf[:n]
                self._finish()
            elif state == _HEAD:
                end = buf.find(b"\r\n\r\n")
                if end < 0:
                    self._check_partial_head()
                    return False
                if end + 4 > self.max_head:
                    raise HTTPProtocolError(f"response header block larger than {self.max_head} bytes")
                head = bytes(buf[:end])
                del buf[:end + 4]
                self._head(head)
            elif state == _CHUNK_SIZE_LINE:
                end = buf.find(b"\r\n")
                if end < 0:
                    if len(buf) > self.max_line:
                        raise HTTPProtocolError("chunk-size line too long")
                    return False
                match = _CHUNK_SIZE.match(bytes(buf[:end]))
                del buf[:end + 2]
                if match is None:
                    raise HTTPProtocolError("malformed chunk-size line")
                size = int(match.group(1), 16)
                if size == 0:
                    self._state = _TRAILER
                else:
                    self._size += size
                    if self._size > self.max_body:
                        raise HTTPProtocolError(f"response body larger than {self.max_body} bytes")
                    self._remaining = size
                    self._state = _CHUNK_DATA
            elif state == _CHUNK_DATA:
                if not buf:
                    return False
                n = min(len(buf), self._remaining)
                self._parts.append(bytes(buf[:n]))
                del buf[:n]
                self._remaining -= n
                if self._remaining == 0:
                    self._state = _CHUNK_END
            elif state == _CHUNK_END:
                if len(buf) < 2:
                    if buf and buf[0] != 13:
                        raise HTTPProtocolError("chunk data longer than its chunk size")
                    return False
                if buf[0] != 13 or buf[1] != 10:
                    raise HTTPProtocolError("chunk data longer than its chunk size")
                del buf[:2]
                self._state = _CHUNK_SIZE_LINE
            elif state == _TRAILER:
                end = buf.find(b"\r\n")
                if end < 0:
                    if len(buf) > self.max_line:
                        raise HTTPProtocolError("trailer field too long")
                    return False
                line = bytes(buf[:end])
                del buf[:end + 2]
                if not line:
                    self.body = b"".join(self._parts)
                    self._finish()
                    continue
                self._trailers += 1
                name, sep, _ = line.partition(b":")
                if not sep or not _TOKEN.match(name) or b"\r" in line or b"\n" in line:
                    raise HTTPProtocolError("malformed trailer field")
                if self._trailers > self.max_headers:
                    raise HTTPProtocolError(f"more than {self.max_headers} trailer fields")
            elif state == _UNTIL_CLOSE:
                if buf:
                    self._size += len(buf)
                    if self._size > self.max_body:
                        raise HTTPProtocolError(f"response body larger than {self.max_body} bytes")
                    self._parts.append(bytes(buf))
                    buf.clear()
                return False
            else:  # _DONE
                if buf:
                    self.keep_alive = False
                    buf.clear()
                return True

    def feed_eof(self) -> bool:
        """The peer closed its side. True if that ends the response; else :class:`IncompleteResponse`."""
        if self._state == _DONE:
            return True
        if self._state == _UNTIL_CLOSE:
            self.body = b"".join(self._parts)
            self._finish()
            return True
        where = "before the status line" if self._state == _HEAD and not self.status else "inside the response"
        raise IncompleteResponse(f"connection closed {where} ({self.received} bytes received)", self.received)

    # -- internals -----------------------------------------------------------------------------------
    def _finish(self) -> None:
        self._state = _DONE
        self.complete = True
        self._parts = []

    def _check_partial_head(self) -> None:
        buf = self._buf
        n = len(buf)
        if n > self.max_head:
            raise HTTPProtocolError(f"response header block larger than {self.max_head} bytes")
        if n and buf[:5] != _PREFIX[:n]:  # garbage: say so now rather than wait for a blank line
            raise HTTPProtocolError("the response does not start with an HTTP/1.x status line")
        if n > self.max_line and buf.find(b"\r\n", 0, self.max_line + 2) < 0:
            raise HTTPProtocolError("status line too long")

    def _head(self, head: bytes) -> None:
        text = head.decode("latin-1")  # once for the whole head: every byte maps to one character
        lines = text.split("\r\n")
        if text.count("\n") != len(lines) - 1 or text.count("\r") != len(lines) - 1 or "\x00" in text:
            raise HTTPProtocolError("bare CR, bare LF or NUL in the response head")
        status_line = _status_lines.get(lines[0])
        if status_line is None:
            status_line = _status_line(lines[0], self.max_line)
        minor, status, reason = status_line
        if len(lines) - 1 > self.max_headers:
            raise HTTPProtocolError(f"more than {self.max_headers} header fields")
        headers: dict[str, str] = {}
        names = _names
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            key = names.get(name)
            if key is None:
                if not sep or not _TOKEN_STR.match(name):  # also refuses obs-fold and space before the colon
                    raise HTTPProtocolError("malformed header field")
                key = name.lower()
                if len(names) < 1024:
                    names[name] = key
            value = value.strip(" \t")
            if key in headers:
                headers[key] = headers[key] + ", " + value
            else:
                headers[key] = value
        if status < 200:
            if status == 101 or status < 100:
                raise HTTPProtocolError(f"unexpected status {status} (no upgrade was requested)")
            self._interim += 1
            if self._interim > _MAX_INTERIM:
                raise HTTPProtocolError(f"more than {_MAX_INTERIM} interim (1xx) responses")
            return  # interim response: the final one follows
        self.status = status
        self.reason = reason
        self.headers = headers
        connection = headers.get("connection")
        if connection is not None:
            tokens = {t.strip().lower() for t in connection.split(",")}
            self.keep_alive = "close" not in tokens and (minor == "1" or "keep-alive" in tokens)
        elif minor == "0":
            self.keep_alive = False
        transfer = headers.get("transfer-encoding")
        if transfer is not None:
            if "content-length" in headers:
                raise HTTPProtocolError("both Transfer-Encoding and Content-Length (RFC 9112 §6.3)")
            if transfer.strip().lower() != "chunked":
                raise HTTPProtocolError("unsupported Transfer-Encoding (only chunked)")
        if self.method == "HEAD" or status == 204 or status == 304:
            self._finish()
        elif transfer is not None:
            self._state = _CHUNK_SIZE_LINE
        elif "content-length" in headers:
            value = headers["content-length"]
            if not (value.isdigit() and value.isascii() and len(value) <= 18):  # isdigit alone takes '²'
                values = {v.strip() for v in value.split(",")}
                if len(values) != 1:
                    raise HTTPProtocolError("conflicting Content-Length values")
                value = values.pop()
                if not _DIGITS.match(value):
                    raise HTTPProtocolError("malformed Content-Length")
            length = int(value)
            if length > self.max_body:
                raise HTTPProtocolError(f"response body larger than {self.max_body} bytes")
            if length == 0:
                self._finish()
            else:
                self._remaining = length
                self._state = _LENGTH
        else:
            self.keep_alive = False  # the body ends when the server closes
            self._state = _UNTIL_CLOSE
