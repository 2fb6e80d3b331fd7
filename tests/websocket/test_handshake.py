"""Opening handshake: RFC 6455 §1.3 golden key/accept, request and response rules, both roles."""
from __future__ import annotations

import pytest

from kucoin_connector.ws import (AcceptConnection, HandshakeError, RejectConnection, Request, Role,
                                        State, WSConnection)
from kucoin_connector.ws.handshake import (accept_key, build_request, build_response, make_key,
                                                  parse_extension_header, parse_request, parse_response)
from helpers import feed

RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455 §1.3 ("the sample nonce")
RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def test_rfc_1_3_accept_key():
    assert accept_key(RFC_KEY) == RFC_ACCEPT
    assert make_key(b"the sample nonce") == RFC_KEY


def test_client_request_bytes():
    client = WSConnection(Role.CLIENT, urandom=lambda n: b"the sample nonce"[:n])
    data = client.send(Request(host="server.example.com", target="/chat?x=1", subprotocols=("chat",),
                               extra_headers=(("Origin", "http://example.com"),)))
    assert data == (b"GET /chat?x=1 HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
                    b"Connection: Upgrade\r\nSec-WebSocket-Key: " + RFC_KEY.encode() + b"\r\n"
                    b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat\r\n"
                    b"Origin: http://example.com\r\n\r\n")


def _client() -> WSConnection:
    client = WSConnection(Role.CLIENT, urandom=lambda n: b"the sample nonce"[:n])
    client.send(Request(host="h", target="/"))
    return client


def test_client_accepts_a_correct_101_and_keeps_trailing_frames(chunking):
    client = _client()
    events = feed(client, build_response(RFC_KEY) + b"\x81\x02hi", chunking)
    assert [type(e) for e in events] == [AcceptConnection, type(events[1])]
    assert events[1].data == "hi" and client.state is State.OPEN


def test_client_rejects_a_wrong_accept(chunking):
    client = _client()
    bad = build_response(RFC_KEY).replace(RFC_ACCEPT.encode(), accept_key("AAAAAAAAAAAAAAAAAAAAAA==").encode())
    with pytest.raises(HandshakeError, match="Sec-WebSocket-Accept"):
        feed(client, bad, chunking)


def test_client_reports_a_refusal_status(chunking):
    client = _client()
    events = feed(client, b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", chunking)
    assert events == [RejectConnection(status_code=403, headers=(("content-length", "0"),))]
    assert client.state is State.REJECTED


@pytest.mark.parametrize("drop", [b"Upgrade: websocket\r\n", b"Connection: Upgrade\r\n"])
def test_client_requires_upgrade_headers(drop):
    client = _client()
    with pytest.raises(HandshakeError):
        feed(client, build_response(RFC_KEY).replace(drop, b""), "whole")


def test_client_refuses_unoffered_extension_and_subprotocol():
    client = _client()
    with pytest.raises(HandshakeError, match="did not offer"):
        feed(client, build_response(RFC_KEY, extensions=("permessage-deflate",)), "whole")
    client = _client()
    with pytest.raises(HandshakeError, match="subprotocol"):
        feed(client, build_response(RFC_KEY, subprotocol="chat"), "whole")


def test_server_parses_request_and_answers_101(chunking):
    server = WSConnection(Role.SERVER)
    raw = build_request("example.com", "/chat", RFC_KEY, subprotocols=("a", "b"))
    events = feed(server, raw, chunking)
    assert len(events) == 1 and events[0].target == "/chat" and events[0].host == "example.com"
    assert events[0].subprotocols == ("a", "b")
    response = server.send(AcceptConnection(subprotocol="b"))
    assert response.startswith(b"HTTP/1.1 101 Switching Protocols\r\n")
    assert f"Sec-WebSocket-Accept: {RFC_ACCEPT}\r\n".encode() in response
    assert b"Sec-WebSocket-Protocol: b\r\n" in response and server.state is State.OPEN


@pytest.mark.parametrize("mutation", [
    (b"Sec-WebSocket-Version: 13", b"Sec-WebSocket-Version: 8"),
    (b"Sec-WebSocket-Key: " + RFC_KEY.encode(), b"Sec-WebSocket-Key: c2hvcnQ="),
    (b"GET ", b"POST "),
    (b"Upgrade: websocket", b"Upgrade: h2c"),
])
def test_server_rejects_bad_requests(mutation):
    raw = build_request("example.com", "/", RFC_KEY).replace(*mutation)
    with pytest.raises(HandshakeError):
        parse_request(raw)


def test_server_rejection_bytes():
    server = WSConnection(Role.SERVER)
    feed(server, build_request("h", "/", RFC_KEY), "whole")
    out = server.send(RejectConnection(status_code=429, body=b"slow down"))
    assert out.startswith(b"HTTP/1.1 429 ") and out.endswith(b"\r\n\r\nslow down")
    assert server.state is State.REJECTED


def test_parse_response_returns_headers():
    status, headers = parse_response(build_response(RFC_KEY, extra_headers=(("X-A", "1"),)), RFC_KEY)
    assert status == 101 and ("x-a", "1") in headers


def test_extension_header_grammar():
    parsed = parse_extension_header(['permessage-deflate; client_max_window_bits; server_max_window_bits="10"',
                                     "x-foo, permessage-deflate"])
    assert parsed == [("permessage-deflate", {"client_max_window_bits": None, "server_max_window_bits": "10"}),
                      ("x-foo", {}), ("permessage-deflate", {})]
    with pytest.raises(HandshakeError):
        parse_extension_header(["permessage-deflate; a; a"])


# -- hostile answers: only the client's own HandshakeError, never ValueError/UnicodeError (issue 7 §5) --------
_GOOD = build_response(RFC_KEY)


@pytest.mark.parametrize("head", [
    _GOOD.replace(b"101", "١٠١".encode()),  # int() reads Arabic-Indic digits as 101
    _GOOD.replace(b"101", "١٠١".encode("utf-8")[:4] + b"1"),
    _GOOD.replace(b"101", "\u00b9\u00b2\u00b3".encode("latin-1")),  # superscripts: isdigit() True, int() fails
    _GOOD.replace(b"101", b"1010"),
    _GOOD.replace(b"101", b"+101"),
    _GOOD.replace(b"HTTP/1.1 101 Switching Protocols", b"HTTP/1.1"),
    _GOOD.replace(b"HTTP/1.1 101 Switching Protocols", b""),
    _GOOD.replace(b"HTTP/1.1", b"HTTP/2.0"),
    _GOOD.replace(b"Upgrade: websocket", b"Upgrade websocket"),  # header without a colon
    _GOOD.replace(b"Upgrade: websocket", b"Up grade: websocket"),  # not a token
    _GOOD.replace(b"Upgrade: websocket", b"Upgrade: web\x00socket"),  # control character in a value
    _GOOD.replace(b"Upgrade: websocket", b": websocket"),
    _GOOD.replace(b"\r\n\r\n", b"\r\n" + b"X-Pad: " + b"a" * 70000 + b"\r\n\r\n"),  # oversized head
    _GOOD.replace(b"\r\n\r\n", b"\r\n" + b"X: 1\r\n" * 300 + b"\r\n"),  # too many header lines
    _GOOD.replace(b"\r\n\r\n", b"\r\n\xff\xfe: \xc3\x28\r\n\r\n"),  # undecodable bytes
])
def test_malformed_response_raises_the_handshake_error(head):
    with pytest.raises(HandshakeError):
        parse_response(head, RFC_KEY)
    client = _client()
    with pytest.raises(HandshakeError):
        feed(client, head, "whole")


def test_a_status_line_without_reason_phrase_is_accepted():
    status, _ = parse_response(b"HTTP/1.1 403\r\nContent-Length: 0\r\n\r\n", RFC_KEY)
    assert status == 403


@pytest.mark.parametrize("value", ["\u00b2", "١٠", "9 ", "08", "16", ""])
def test_window_bits_outside_ascii_8_to_15_are_a_handshake_error(value):
    from kucoin_connector.ws import DeflateOptions
    from kucoin_connector.ws.deflate import client_accept
    with pytest.raises(HandshakeError):
        client_accept({"server_max_window_bits": value}, DeflateOptions())


@pytest.mark.parametrize("head", [b"HTTP/1.1 \xd9\xa2\xd9\xa0\xd9\xa0 OK\r\n\r\n", b"HTTP/1.1 \xb2\xb0\xb0 OK\r\n\r\n",
                                  b"garbage\r\n\r\n", b"HTTP/1.1\r\n\r\n"])
def test_malformed_proxy_connect_answer_raises_the_handshake_error(head):
    from kucoin_connector.ws.url import parse_connect_status
    with pytest.raises(HandshakeError):
        parse_connect_status(head)


def test_fuzzed_handshake_heads_raise_only_the_handshake_error():
    from hypothesis import HealthCheck, given, settings, strategies as st

    from kucoin_connector.ws.url import parse_connect_status

    lines = st.lists(st.one_of(st.binary(max_size=40), st.sampled_from([
        b"HTTP/1.1 101 Switching Protocols", b"Upgrade: websocket", b"Connection: Upgrade",
        b"Sec-WebSocket-Accept: " + RFC_ACCEPT.encode(), b"Sec-WebSocket-Extensions: permessage-deflate; x=\xb2",
        "HTTP/1.1 ١٠١ x".encode(), b"GET / HTTP/1.1", b"Host: h", b"Sec-WebSocket-Key: " + RFC_KEY.encode(),
        b"Sec-WebSocket-Version: 13", b"a:b", b":", b" folded"])), max_size=8)

    @settings(derandomize=True, max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(lines)
    def check(parts):
        head = b"\r\n".join(parts) + b"\r\n\r\n"
        for parse in (lambda: parse_response(head, RFC_KEY), lambda: parse_request(head),
                      lambda: parse_connect_status(head)):
            try:
                parse()
            except HandshakeError:
                pass
        for role in (Role.CLIENT, Role.SERVER):
            conn = WSConnection(role, urandom=lambda n: b"the sample nonce"[:n], compression="deflate")
            if role is Role.CLIENT:
                conn.send(Request(host="h", target="/"))
            try:
                feed(conn, head, "whole")
            except HandshakeError:
                pass

    check()
