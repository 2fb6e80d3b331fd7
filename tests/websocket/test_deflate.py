"""permessage-deflate (RFC 7692): golden frames, negotiation for both roles, round trips, limits."""
from __future__ import annotations

import pytest

from kucoin_connector.ws import (BytesMessage, CloseConnection, DeflateOptions, HandshakeError, Request,
                                        Role, TextMessage, WSConnection)
from kucoin_connector.ws.deflate import (PerMessageDeflate, client_accept, client_offer,
                                                server_negotiate)
from kucoin_connector.ws.frames import OP_BINARY, OP_CONT, OP_TEXT, encode_frame
from kucoin_connector.ws.handshake import build_response, parse_extension_header
from helpers import CountingRandom, feed, open_pair

HELLO = bytes.fromhex("f248cdc9c90700")  # RFC 7692 §7.2.3.1


def test_rfc_7692_hello_frames_decoded(chunking):
    client, _ = open_pair("deflate", "deflate")
    data = bytes.fromhex("c107") + HELLO + bytes.fromhex("c105f200110000")  # §7.2.3.1 then §7.2.3.2 (shared context)
    assert feed(client, data, chunking) == [TextMessage("Hello"), TextMessage("Hello")]


def test_rfc_7692_fragmented_compressed_message(chunking):
    client, _ = open_pair("deflate", "deflate")
    data = bytes.fromhex("4103f248cd") + bytes.fromhex("8004c9c90700")  # §7.2.3.1 split over two frames
    assert feed(client, data, chunking) == [TextMessage("Hello")]


def test_rfc_7692_hello_frame_encoded():
    _, server = open_pair("deflate", "deflate")
    assert server.send(TextMessage("Hello")) == bytes.fromhex("c107") + HELLO
    assert server.send(TextMessage("Hello")) == bytes.fromhex("c105f200110000")


@pytest.mark.parametrize("options", [DeflateOptions(), DeflateOptions(client_no_context_takeover=True,
                                                                     server_no_context_takeover=True),
                                     DeflateOptions(client_max_window_bits=9, server_max_window_bits=10)])
def test_round_trips_both_directions(options):
    client, server = open_pair(options, "deflate")
    assert client.deflate is not None and server.deflate is not None
    messages = [TextMessage("é" * 500), BytesMessage(bytes(range(256)) * 40), TextMessage(""), TextMessage("x")]
    for message in messages * 2:
        server.receive_data(client.send(message))
        client.receive_data(server.send(message))
    assert list(server.events()) == messages * 2
    assert list(client.events()) == messages * 2


def test_compressed_frames_set_rsv1_and_shrink():
    client, _ = open_pair("deflate", "deflate")
    frame = client.send(TextMessage("a" * 1000))
    assert frame[0] == 0xC1 and len(frame) < 50


def test_no_compression_when_not_negotiated():
    client, server = open_pair("deflate", None)
    assert client.deflate is None and server.deflate is None
    assert client.send(TextMessage("a"))[0] == 0x81


def test_decompression_bomb_hits_the_size_limit(chunking):
    client, server = open_pair("deflate", "deflate", max_size=1000)
    bomb = server.send(BytesMessage(bytes(100_000)))
    assert len(bomb) < 200
    events = feed(client, bomb, chunking)
    assert [(e.code, e.local) for e in events] == [(1009, True)]


def test_corrupt_compressed_data_fails_the_connection(chunking):
    client, _ = open_pair("deflate", "deflate")
    events = feed(client, bytes.fromhex("c104ffffffff"), chunking)
    assert [type(e) for e in events] == [CloseConnection] and events[0].local


def test_rsv1_on_a_continuation_frame_is_a_protocol_error():
    client, _ = open_pair("deflate", "deflate")
    client.receive_data(bytes.fromhex("4103f248cd") + bytes.fromhex("c004c9c90700"))
    assert [e.code for e in client.events()] == [1002]


def test_client_offer_strings():
    assert client_offer(DeflateOptions()) == "permessage-deflate; client_max_window_bits"
    assert client_offer(DeflateOptions(client_no_context_takeover=True, server_max_window_bits=10)) == (
        "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_max_window_bits=10")


@pytest.mark.parametrize("params", [{"server_max_window_bits": "7"}, {"client_max_window_bits": "16"},
                                    {"client_max_window_bits": None}, {"mystery": None},
                                    {"server_no_context_takeover": "1"}])
def test_client_refuses_bad_responses(params):
    with pytest.raises(HandshakeError):
        client_accept(params, DeflateOptions())


def test_client_requires_what_it_demanded():
    with pytest.raises(HandshakeError):
        client_accept({}, DeflateOptions(server_no_context_takeover=True))


def test_server_negotiation_honours_the_offer():
    offers = parse_extension_header(["permessage-deflate; mystery, permessage-deflate; "
                                     "server_no_context_takeover; client_max_window_bits=10"])
    response, codec = server_negotiate(offers, DeflateOptions())
    assert response == "permessage-deflate; server_no_context_takeover; client_max_window_bits=10"
    assert isinstance(codec, PerMessageDeflate)
    assert server_negotiate(parse_extension_header(["x-other"]), DeflateOptions()) is None


def test_client_window_bits_8_sends_uncompressed_but_still_reads():
    client = WSConnection(Role.CLIENT, urandom=CountingRandom(), compression="deflate")
    client.send(Request(host="h"))
    key = client._key
    feed(client, build_response(key, extensions=("permessage-deflate; client_max_window_bits=8",)), "whole")
    assert client.send(TextMessage("hello"))[0] == 0x81  # RFC 7692 §6: uncompressed is always allowed
    assert feed(client, bytes.fromhex("c107") + HELLO, "whole") == [TextMessage("Hello")]


def test_context_takeover_off_resets_between_messages():
    client, server = open_pair(DeflateOptions(server_no_context_takeover=True), "deflate")
    first, second = server.send(TextMessage("Hello")), server.send(TextMessage("Hello"))
    assert first == second == bytes.fromhex("c107") + HELLO
    client.receive_data(first + second + encode_frame(OP_TEXT, b"plain", fin=False) + encode_frame(OP_CONT, b"!"))
    assert list(client.events()) == [TextMessage("Hello"), TextMessage("Hello"), TextMessage("plain!")]


# -- messages that end their DEFLATE stream with BFINAL (RFC 7692 §7.2.3.4; issue 7 §4) ------------------------
import zlib  # noqa: E402


def _final_block(text: bytes, zdict: bytes | None = None) -> bytes:
    """A message compressed as a complete raw DEFLATE stream (last block BFINAL=1), as some peers send."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15, zdict=zdict) if zdict else zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(text) + c.flush(zlib.Z_FINISH)


def test_rfc_7692_bfinal_example_then_more_messages(chunking):
    client, _ = open_pair("deflate", "deflate")
    bfinal_hello = bytes.fromhex("f348cdc9c9070000")  # §7.2.3.4: BFINAL block, then an empty-block header
    data = (encode_frame(OP_TEXT, bfinal_hello, rsv1=True) + bytes.fromhex("c107") + HELLO
            + encode_frame(OP_TEXT, bfinal_hello, rsv1=True) + encode_frame(OP_TEXT, b"plain"))
    assert feed(client, data, chunking) == [TextMessage("Hello")] * 3 + [TextMessage("plain")]


@pytest.mark.parametrize("takeover", [True, False])
def test_every_message_after_a_bfinal_block_still_arrives(takeover):
    options = DeflateOptions() if takeover else DeflateOptions(server_no_context_takeover=True)
    client, _ = open_pair(options, "deflate")
    texts = [f'{{"n":{i},"pad":"{"x" * (i % 50)}"}}'.encode() for i in range(300)]
    client.receive_data(b"".join(encode_frame(OP_TEXT, _final_block(t), rsv1=True) for t in texts))
    assert list(client.events()) == [TextMessage(t.decode()) for t in texts]


def test_a_message_after_bfinal_may_refer_to_the_previous_window(chunking):
    """With context takeover the peer may keep its LZ77 window across the final block: the new
    decompressor is primed with the previous output."""
    client, _ = open_pair("deflate", "deflate")
    first = b'{"topic":"/market/level2:BTC-USDT","subject":"trade.l2update"}'
    second = _final_block(first, zdict=first)
    with pytest.raises(zlib.error):  # it really needs the window
        zlib.decompressobj(-15).decompress(second)
    data = encode_frame(OP_TEXT, _final_block(first), rsv1=True) + encode_frame(OP_TEXT, second, rsv1=True)
    assert feed(client, data, chunking) == [TextMessage(first.decode())] * 2


def test_a_bfinal_message_split_over_frames_with_trailing_padding(chunking):
    client, _ = open_pair("deflate", "deflate")
    payload = _final_block(b"Hello, world") + b"\x00"
    data = (encode_frame(OP_TEXT, payload[:5], fin=False, rsv1=True) + encode_frame(OP_CONT, payload[5:], fin=False)
            + encode_frame(OP_CONT, b"\x00\x00", fin=True) + bytes.fromhex("c107") + HELLO)
    assert feed(client, data, chunking) == [TextMessage("Hello, world"), TextMessage("Hello")]


def test_a_bomb_ending_in_bfinal_hits_the_size_limit(chunking):
    client, _ = open_pair("deflate", "deflate", max_size=1000)
    events = feed(client, encode_frame(OP_BINARY, _final_block(bytes(100_000)), rsv1=True), chunking)
    assert [(e.code, e.local) for e in events] == [(1009, True)]
