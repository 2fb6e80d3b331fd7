"""The sans-I/O HTTP/1.1 client codec: requests out, responses in, fed whole, byte by byte or split anywhere;
hostile answers raise typed errors at once, never wait on garbage and never buffer beyond the limits."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from kucoin_connector.http.codec import (MAX_HEAD, HTTPProtocolError, IncompleteResponse, ResponseParser,
                                         build_request)

OK = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 24\r\n"
      b"X-Dup: a\r\nx-dup: b\r\n\r\n" b'{"code":"200000","da":1}')
CHUNKED = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"5;name=value\r\nhello\r\n7 \r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n")


def whole(parser: ResponseParser, data: bytes) -> bool:
    return parser.feed(data)


def bytewise(parser: ResponseParser, data: bytes) -> bool:
    done = False
    for i in range(len(data)):
        done = parser.feed(data[i:i + 1])
        assert not done or i == len(data) - 1, f"complete after {i + 1} of {len(data)} bytes"
    return done


FEEDERS = [pytest.param(whole, id="whole"), pytest.param(bytewise, id="byte-by-byte")]


# -- well-formed answers ------------------------------------------------------------------------------
@pytest.mark.parametrize("feed", FEEDERS)
def test_content_length_response(feed):
    p = ResponseParser("GET")
    assert feed(p, OK)
    assert (p.status, p.reason, p.body, p.keep_alive) == (200, "OK", b'{"code":"200000","da":1}', True)
    assert p.headers["content-type"] == "application/json"
    assert p.headers["x-dup"] == "a, b"  # repeated fields joined, names lower-cased


@pytest.mark.parametrize("feed", FEEDERS)
def test_chunked_response_with_extensions_and_trailers(feed):
    p = ResponseParser("GET")
    assert feed(p, CHUNKED)
    assert p.body == b"hello, world" and p.keep_alive


@pytest.mark.parametrize("feed", FEEDERS)
def test_interim_responses_are_skipped(feed):
    p = ResponseParser("POST")
    data = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + OK
    assert feed(p, data)
    assert p.status == 200 and p.body.startswith(b'{"code"') and "link" not in p.headers


@pytest.mark.parametrize("feed", FEEDERS)
def test_read_until_close(feed):
    p = ResponseParser("GET")
    assert not feed(p, b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome body")
    assert p.feed_eof()
    assert p.body == b"some body" and p.keep_alive is False


@pytest.mark.parametrize("method, status", [("HEAD", 200), ("GET", 204), ("GET", 304)])
def test_no_body_for_head_204_304(method, status):
    p = ResponseParser(method)
    assert p.feed(f"HTTP/1.1 {status} X\r\nContent-Length: 50\r\n\r\n".encode())
    assert p.body == b"" and p.status == status and p.keep_alive


@pytest.mark.parametrize("head, keep", [
    (b"HTTP/1.1 200 OK\r\nConnection: close\r\n", False),
    (b"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\n", False),
    (b"HTTP/1.0 200 OK\r\n", False),
    (b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n", True),
    (b"HTTP/1.1 200\r\n", True),  # no reason phrase (RFC 9112 §4 allows it empty)
])
def test_keep_alive_rules(head, keep):
    p = ResponseParser("GET")
    assert p.feed(head + b"Content-Length: 2\r\n\r\nok")
    assert p.keep_alive is keep and p.body == b"ok"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(CHUNKED)), max_size=12))
def test_any_split_gives_the_same_response(cuts):
    points = sorted(set(cuts))
    pieces = [CHUNKED[a:b] for a, b in zip([0] + points, points + [len(CHUNKED)])]
    p = ResponseParser("GET")
    results = [p.feed(piece) for piece in pieces]
    assert results[-1] and p.body == b"hello, world" and p.received == len(CHUNKED)


def test_bytes_after_the_response_forbid_reuse():
    p = ResponseParser("GET")
    assert p.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA")  # body longer than its length
    assert p.body == b"ok" and p.keep_alive is False
    q = ResponseParser("GET")
    assert q.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") and q.keep_alive
    assert q.feed(b"late garbage") and q.keep_alive is False


# -- hostile answers ----------------------------------------------------------------------------------
@pytest.mark.parametrize("data, match", [
    (b"garbage\r\n\r\n", "status line"),
    (b"HTTP/2 200 OK\r\n\r\n", "status line"),
    (b"HTTP/1.1 2000 OK\r\n\r\n", "status line"),
    (b"HTTP/1.1 101 Switching Protocols\r\n\r\n", "unexpected status 101"),
    (b"HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n", "header field"),
    (b"HTTP/1.1 200 OK\r\nName : x\r\n\r\n", "header field"),
    (b"HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", "header field"),
    (b"HTTP/1.1 200 OK\r\nNo-colon\r\n\r\n", "header field"),
    (b"HTTP/1.1 200 OK\r\nA: b\nB: c\r\n\r\n", "bare CR, bare LF"),
    (b"HTTP/1.1 200 OK\r\nA: b\x00\r\n\r\n", "NUL"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n", "Content-Length"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: \xb2\r\n\r\n", "Content-Length"),  # latin-1 superscript two
    (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "conflicting"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", "Content-Length"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", "both"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "Transfer-Encoding"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk-size"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", "chunk-size"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", "chunk-size"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abcdef0\r\n", "chunk-size"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", "longer than its chunk size"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", "trailer"),
])
@pytest.mark.parametrize("feed", FEEDERS)
def test_malformed_answers_raise(feed, data, match):
    with pytest.raises(HTTPProtocolError, match=match):
        feed(ResponseParser("GET"), data)


def test_garbage_is_refused_on_its_first_byte_without_waiting_for_a_blank_line():
    p = ResponseParser("GET")
    assert not p.feed(b"HTT")
    with pytest.raises(HTTPProtocolError, match="status line"):
        p.feed(b"X")
    with pytest.raises(HTTPProtocolError, match="status line"):
        ResponseParser("GET").feed(b"<")


def _endless(parser: ResponseParser, piece: bytes, total: int) -> int:
    """Feed ``piece`` until the parser refuses; returns how many bytes it had taken (fails if it never does)."""
    for _ in range(total // len(piece)):
        try:
            parser.feed(piece)
        except HTTPProtocolError:
            return parser.received
    raise AssertionError("the parser kept buffering")


def test_huge_header_block_is_refused_within_the_limit():
    p = ResponseParser("GET")
    p.feed(b"HTTP/1.1 200 OK\r\n")
    taken = _endless(p, b"X-Filler: " + b"a" * 1000 + b"\r\n", 10 * MAX_HEAD)
    assert taken <= MAX_HEAD + 1100  # refused as soon as the block passed the limit


def test_endless_status_line_and_chunk_size_line_are_refused():
    assert _endless(ResponseParser("GET"), b"HTTP/1.1 200 " + b"x" * 1000, 100_000) <= 8192 + 1100
    p = ResponseParser("GET")
    p.feed(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    assert _endless(p, b"1" * 1000, 100_000) <= 8192 + 1100 + p.received


def test_too_many_headers_and_interim_responses():
    with pytest.raises(HTTPProtocolError, match="header fields"):
        ResponseParser("GET", max_headers=10).feed(b"HTTP/1.1 200 OK\r\n" + b"A: b\r\n" * 11 + b"\r\n")
    with pytest.raises(HTTPProtocolError, match="interim"):
        ResponseParser("GET").feed(b"HTTP/1.1 100 Continue\r\n\r\n" * 9)


@pytest.mark.parametrize("body", [
    b"HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + b"32\r\n" + b"x" * 50 + b"\r\n" + b"33\r\n",
    b"HTTP/1.1 200 OK\r\n\r\n" + b"x" * 101,
])
def test_body_limit(body):
    with pytest.raises(HTTPProtocolError, match="larger than 100 bytes"):
        ResponseParser("GET", max_body=100).feed(body)


@pytest.mark.parametrize("data, received", [
    (b"", 0),
    (b"HTTP/1.1 200 OK\r\nContent-Le", 27),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 44),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", 53),
])
def test_early_close_raises_incomplete_response_with_the_byte_count(data, received):
    p = ResponseParser("GET")
    assert not p.feed(data)
    with pytest.raises(IncompleteResponse) as info:
        p.feed_eof()
    assert info.value.received == received == len(data)


# -- requests -----------------------------------------------------------------------------------------
def test_build_request_bytes():
    assert build_request("GET", "/api/v1/timestamp?x=1", "api.kucoin.com", {"Accept": "application/json"}) == (
        b"GET /api/v1/timestamp?x=1 HTTP/1.1\r\nHost: api.kucoin.com\r\nAccept: application/json\r\n\r\n")
    assert build_request("POST", "/o", "h:8080", {"KC-API-KEY": "k"}, b'{"a":1}') == (
        b'POST /o HTTP/1.1\r\nHost: h:8080\r\nKC-API-KEY: k\r\nContent-Length: 7\r\n\r\n{"a":1}')
    assert build_request("DELETE", "/o/1", "h", {}, None).endswith(b"Host: h\r\n\r\n")
    assert b"Content-Length: 0\r\n" in build_request("POST", "/o", "h", {}, None)


@pytest.mark.parametrize("method, target, headers", [
    ("GET", "/a", {"X-Evil": "v\r\nX-Injected: 1"}),
    ("GET", "/a", {"X-Evil": "v\nX: 1"}),
    ("GET", "/a", {"X Evil": "v"}),
    ("GET", "/a", {"X-Nul": "a\x00b"}),
    ("GET", "/a", {"Content-Length": "5"}),
    ("GET", "/a", {"transfer-encoding": "chunked"}),
    ("GET", "/a b", {}),
    ("GET", "/a\r\nX: y", {}),
    ("G ET", "/a", {}),
    ("GET", "/a", {"X-Uni": "\u20ac"}),
])
def test_build_request_refuses_injection_and_framing_fields(method, target, headers):
    with pytest.raises(ValueError):
        build_request(method, target, "h", headers)
