"""Frame codec: RFC 6455 §5.7 golden vectors, masking, length encodings, close payloads."""
from __future__ import annotations

import pytest

from kucoin_connector.ws.frames import (OP_BINARY, OP_PING, OP_PONG, OP_TEXT, encode_close_payload,
                                               encode_frame, is_valid_received_close_code, mask)

KEY = bytes.fromhex("37fa213d")


def test_rfc_5_7_unmasked_text():
    assert encode_frame(OP_TEXT, b"Hello") == bytes.fromhex("810548656c6c6f")


def test_rfc_5_7_masked_text():
    assert encode_frame(OP_TEXT, b"Hello", mask_key=KEY) == bytes.fromhex("818537fa213d7f9f4d5158")


def test_rfc_5_7_fragments_ping_and_masked_pong():
    assert encode_frame(OP_TEXT, b"Hel", fin=False) == bytes.fromhex("010348656c")
    assert encode_frame(0, b"lo") == bytes.fromhex("80026c6f")
    assert encode_frame(OP_PING, b"Hello") == bytes.fromhex("890548656c6c6f")
    assert encode_frame(OP_PONG, b"Hello", mask_key=KEY) == bytes.fromhex("8a8537fa213d7f9f4d5158")


def test_rfc_5_7_sixteen_and_sixty_four_bit_lengths():
    assert encode_frame(OP_BINARY, bytes(256))[:4] == bytes.fromhex("827e0100")
    big = encode_frame(OP_BINARY, bytes(65536))
    assert big[:10] == bytes.fromhex("827f0000000000010000") and len(big) == 65546
    assert encode_frame(OP_BINARY, bytes(125))[:2] == bytes.fromhex("827d")
    assert encode_frame(OP_BINARY, bytes(126))[:4] == bytes.fromhex("827e007e")
    assert encode_frame(OP_BINARY, bytes(65535))[:4] == bytes.fromhex("827effff")


def test_mask_is_an_involution_and_honours_offsets():
    data = bytes(range(251)) * 3
    masked = mask(data, KEY)
    assert masked != data and mask(masked, KEY) == data
    assert mask(data[5:], KEY, offset=5) == masked[5:]
    assert mask(b"", KEY) == b""
    assert mask(b"Hello", KEY) == bytes.fromhex("7f9f4d5158")


def test_close_payload_encoding():
    assert encode_close_payload(1000, "bye") == b"\x03\xe8bye"
    assert encode_close_payload(None) == b"" and encode_close_payload(1005) == b""
    long = encode_close_payload(1000, "é" * 100)  # cut at a character boundary within 125 bytes
    assert len(long) <= 125 and long[2:].decode("utf-8") == "é" * 61


@pytest.mark.parametrize("code", [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999])
def test_valid_close_codes(code):
    assert is_valid_received_close_code(code)


@pytest.mark.parametrize("code", [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535])
def test_invalid_close_codes(code):
    assert not is_valid_received_close_code(code)
