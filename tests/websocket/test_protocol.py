"""Protocol state machine: event sequences for both roles, every decoder test whole and byte-wise."""
from __future__ import annotations

import pytest

from kucoin_connector.ws import (BytesMessage, CloseConnection, Ping, Pong, ProtocolError, Role, State,
                                        TextMessage, WSConnection)
from kucoin_connector.ws.frames import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT,
                                               encode_frame)
from helpers import CountingRandom, feed, open_pair

KEY = bytes.fromhex("37fa213d")


def to_server(opcode, payload, **kw):
    """A frame as a client sends it (masked), for a server-role connection."""
    return encode_frame(opcode, payload, mask_key=KEY, **kw)


def close_code_of(frame: bytes) -> int:
    """The status code inside an (unmasked, server-sent) Close frame."""
    assert frame[0] == 0x88
    return int.from_bytes(frame[2:4], "big")


# --- RFC 6455 §5.7 examples through the client role


def test_rfc_examples_received_by_client(chunking):
    client, _ = open_pair()
    data = bytes.fromhex("810548656c6c6f" "010348656c" "80026c6f" "890548656c6c6f")
    data += bytes.fromhex("827e0100") + bytes(range(256))
    events = feed(client, data, chunking)
    assert events == [TextMessage("Hello"), TextMessage("Hello"), Ping(b"Hello"), BytesMessage(bytes(range(256)))]
    pong = client.data_to_send()  # the automatic Pong, masked (client role)
    assert pong[0] == 0x8A and pong[1] == 0x85
    assert bytes(b ^ pong[2 + i % 4] for i, b in enumerate(pong[6:])) == b"Hello"


def test_rfc_masked_example_received_by_server(chunking):
    _, server = open_pair()
    events = feed(server, bytes.fromhex("818537fa213d7f9f4d5158"), chunking)
    assert events == [TextMessage("Hello")]


def test_64_bit_length_message(chunking):
    client, _ = open_pair()
    payload = bytes(range(256)) * 256
    data = bytes.fromhex("827f0000000000010000") + payload
    events = feed(client, data, "whole") if chunking == "whole" else feed(client, data[:20], "bytewise") + feed(
        client, data[20:], "whole")
    assert events == [BytesMessage(payload)]


# --- both roles talk to each other


def test_client_server_round_trip_both_directions():
    client, server = open_pair()
    server.receive_data(client.send(TextMessage("ping ✓")) + client.send(BytesMessage(b"\x00\xff")))
    assert list(server.events()) == [TextMessage("ping ✓"), BytesMessage(b"\x00\xff")]
    client.receive_data(server.send(TextMessage("pong")))
    assert list(client.events()) == [TextMessage("pong")]


def test_client_frames_are_masked_server_frames_are_not():
    client, server = open_pair()
    assert client.send(TextMessage("x"))[1] & 0x80
    assert not server.send(TextMessage("x"))[1] & 0x80


def test_fragments_with_interleaved_control_frames(chunking):
    _, server = open_pair()
    data = (to_server(OP_TEXT, b"fra", fin=False) + to_server(OP_PING, b"p1")
            + to_server(OP_CONT, b"gm", fin=False) + to_server(OP_PONG, b"p2") + to_server(OP_CONT, b"ent"))
    events = feed(server, data, chunking)
    assert events == [Ping(b"p1"), Pong(b"p2"), TextMessage("fragment")]
    assert server.data_to_send() == encode_frame(OP_PONG, b"p1")


def test_binary_fragments(chunking):
    client, _ = open_pair()
    data = encode_frame(OP_BINARY, b"\x01", fin=False) + encode_frame(OP_CONT, b"", fin=False) + encode_frame(OP_CONT, b"\x02")
    assert feed(client, data, chunking) == [BytesMessage(b"\x01\x02")]


# --- UTF-8


def test_utf8_split_across_fragments_is_valid(chunking):
    client, _ = open_pair()
    euro = "€".encode()  # 3 bytes, split over three frames
    data = (encode_frame(OP_TEXT, b"a" + euro[:1], fin=False) + encode_frame(OP_CONT, euro[1:2], fin=False)
            + encode_frame(OP_CONT, euro[2:] + b"b"))
    assert feed(client, data, chunking) == [TextMessage("a€b")]


def test_invalid_utf8_fails_fast_before_the_message_ends(chunking):
    client, _ = open_pair()
    data = encode_frame(OP_TEXT, b"ok", fin=False) + encode_frame(OP_CONT, b"\xf4\x90\x80\x80", fin=False)
    events = feed(client, data, chunking)  # the final fragment never arrives
    assert events == [CloseConnection(1007, "invalid UTF-8 in a text message", local=True)]
    assert close_code_of(_unmask(client.data_to_send())) == 1007
    assert client.state is State.CLOSED


def test_invalid_utf8_fails_inside_a_frame_still_in_flight():
    client, _ = open_pair()
    frame = encode_frame(OP_TEXT, b"valid " + b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5" + b"\xed\xa0\x80" + b"x" * 100)
    client.receive_data(frame[:30])  # header plus the first bad bytes; 80 bytes of the frame still to come
    assert list(client.events()) == [CloseConnection(1007, "invalid UTF-8 in a text message", local=True)]


def test_incomplete_utf8_at_message_end_is_invalid(chunking):
    client, _ = open_pair()
    data = encode_frame(OP_TEXT, b"a", fin=False) + encode_frame(OP_CONT, b"\xe2\x82")
    assert feed(client, data, chunking)[0].code == 1007


def _unmask(frame: bytes) -> bytes:
    """Unmask a short client frame for inspection."""
    n = frame[1] & 0x7F
    key = frame[2:6]
    return bytes((frame[0], n)) + bytes(b ^ key[i % 4] for i, b in enumerate(frame[6:6 + n]))


# --- protocol violations, each failing with the right code


@pytest.mark.parametrize("frame, code", [
    (bytes.fromhex("c10548656c6c6f"), 1002),                 # RSV1 without an extension
    (bytes.fromhex("a100"), 1002),                           # RSV2
    (bytes.fromhex("8300"), 1002),                           # reserved data opcode 3
    (bytes.fromhex("8b00"), 1002),                           # reserved control opcode 0xB
    (bytes.fromhex("0900"), 1002),                           # fragmented ping
    (bytes.fromhex("897e007e") + bytes(126), 1002),          # ping of 126 bytes
    (bytes.fromhex("8002") + b"hi", 1002)  ,             # continuation without a message
    (bytes.fromhex("0102") + b"hi" + bytes.fromhex("8102") + b"hi", 1002),  # new message mid-fragments
    (bytes.fromhex("818237fa213d") + b"hi", 1002),           # masked frame from a server
    (bytes.fromhex("827f8000000000000000"), 1002),           # 64-bit length with the top bit set
    (bytes.fromhex("8102ff41"), 1007),                       # invalid UTF-8, whole
])
def test_violations_received_by_client(frame, code, chunking):
    client, _ = open_pair()
    events = feed(client, frame, chunking)
    assert len(events) == 1 and events[0].code == code and events[0].local
    assert close_code_of(_unmask(client.data_to_send())) == code
    assert client.state is State.CLOSED
    client.receive_data(encode_frame(OP_TEXT, b"late"))
    assert list(client.events()) == []  # nothing after failing


def test_unmasked_frame_received_by_server(chunking):
    _, server = open_pair()
    events = feed(server, encode_frame(OP_TEXT, b"hi"), chunking)
    assert [e.code for e in events] == [1002]
    assert close_code_of(server.data_to_send()) == 1002


def test_message_size_limit(chunking):
    client, _ = open_pair(max_size=100)
    assert feed(client, encode_frame(OP_TEXT, b"a" * 100), chunking) == [TextMessage("a" * 100)]
    events = feed(client, encode_frame(OP_BINARY, b"a" * 60, fin=False) + encode_frame(OP_CONT, b"a" * 41), chunking)
    assert [(e.code, e.local) for e in events] == [(1009, True)]


def test_oversize_header_fails_before_the_payload_arrives():
    client, _ = open_pair(max_size=1000)
    client.receive_data(bytes.fromhex("827f0000000100000000"))  # announces 4 GiB
    assert list(client.events())[0].code == 1009


# --- closing handshake


def test_peer_initiated_close_is_echoed(chunking):
    client, _ = open_pair()
    events = feed(client, encode_frame(OP_CLOSE, b"\x03\xe9going away"), chunking)
    assert events == [CloseConnection(1001, "going away")]
    assert close_code_of(_unmask(client.data_to_send())) == 1001 and client.state is State.CLOSED


def test_empty_close_is_1005_and_echoed_empty(chunking):
    _, server = open_pair()
    assert feed(server, to_server(OP_CLOSE, b""), chunking) == [CloseConnection(1005, "")]
    assert server.data_to_send() == bytes.fromhex("8800")


@pytest.mark.parametrize("payload, code", [
    (b"\x03", 1002), (b"\x03\xec", 1002), (b"\x03\xed", 1002), (b"\x03\xee", 1002), (b"\x03\xf7", 1002),
    (b"\x03\xe7", 1002), (b"\x03\xf8", 1002), (b"\x0b\xb7", 1002), (b"\x03\xe8\xff", 1007),
])
def test_invalid_received_close_frames(payload, code, chunking):
    _, server = open_pair()
    events = feed(server, to_server(OP_CLOSE, payload), chunking)
    assert [(e.code, e.local) for e in events] == [(code, True)]
    assert close_code_of(server.data_to_send()) == code


@pytest.mark.parametrize("code", [1000, 1011, 1014, 3000, 4999])
def test_valid_received_close_codes(code, chunking):
    _, server = open_pair()
    events = feed(server, to_server(OP_CLOSE, code.to_bytes(2, "big")), chunking)
    assert events == [CloseConnection(code, "")]


def test_locally_initiated_close_sequence():
    client, server = open_pair()
    server.receive_data(client.send(CloseConnection(1000, "done")))
    assert client.state is State.LOCAL_CLOSING
    with pytest.raises(ProtocolError):
        client.send(TextMessage("too late"))
    assert list(server.events()) == [CloseConnection(1000, "done")]
    client.receive_data(server.data_to_send())
    assert list(client.events()) == [CloseConnection(1000, "")] and client.state is State.CLOSED
    assert client.send(CloseConnection(1000)) == b""


def test_eof_without_close_is_1006():
    client, _ = open_pair()
    client.receive_data(encode_frame(OP_TEXT, b"partial")[:4])
    client.receive_data(b"")
    assert list(client.events()) == [CloseConnection(1006, "connection dropped without a Close frame")]


def test_local_misuse_raises():
    client, _ = open_pair()
    with pytest.raises(ProtocolError):
        client.send(Ping(b"x" * 126))
    with pytest.raises(ProtocolError):
        client.send(CloseConnection(1005 + 1))  # 1006 may never be sent
    with pytest.raises(TypeError):
        WSConnection(Role.CLIENT)


def test_masking_keys_come_from_the_injected_source():
    calls = []

    def urandom(n: int) -> bytes:
        calls.append(n)
        return CountingRandom()(n)

    client = WSConnection(Role.CLIENT, urandom=urandom)
    from kucoin_connector.ws import Request
    client.send(Request(host="h"))
    assert calls == [16]
    client.state = State.OPEN  # skip the server's answer: only the masking source matters here
    first, second = client.send(TextMessage("a")), client.send(TextMessage("a"))
    assert calls == [16, 1024] and first[2:6] != second[2:6]  # one pooled read, a fresh key per frame
