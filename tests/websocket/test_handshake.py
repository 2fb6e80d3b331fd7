"""Opening handshake: RFC 6455 §1.3 golden key/accept, request and response rules, both roles."""
from __future__ import annotations

import pytest

from kucoin_connector.websocket import (AcceptConnection, HandshakeError, RejectConnection, Request, Role,
                                        State, WSConnection)
from kucoin_connector.websocket.handshake import (accept_key, build_request, build_response, make_key,
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
