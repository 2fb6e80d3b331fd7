"""RFC 6455 base framing: opcodes, close codes, masking and frame encoding (pure core).

https://www.rfc-editor.org/rfc/rfc6455#section-5.2 . No per-byte Python loops: masking XORs the
whole payload as one big integer (``int.from_bytes``), which runs in C and is the reason this module
needs no C extension. Decoding lives in ``protocol.py``, where it is fused with message assembly so
the hot receive path touches each byte once.
"""
from __future__ import annotations

import struct

__all__ = [
    "OP_CONT", "OP_TEXT", "OP_BINARY", "OP_CLOSE", "OP_PING", "OP_PONG",
    "mask", "encode_frame", "encode_close_payload", "is_valid_received_close_code",
]

OP_CONT = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA

_PACK_16 = struct.Struct("!BBH").pack
_PACK_64 = struct.Struct("!BBQ").pack


def mask(payload: bytes, key: bytes, offset: int = 0) -> bytes:
    """XOR ``payload`` with the 4-byte masking ``key`` (RFC 6455 §5.3); ``offset`` rotates the key
    for a payload that starts ``offset`` bytes into a frame. Masking is its own inverse."""
    n = len(payload)
    if not n:
        return b""
    if offset & 3:
        o = offset & 3
        key = key[o:] + key[:o]
    stream = (key * ((n >> 2) + 1))[:n]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(stream, "big")).to_bytes(n, "big")


def encode_frame(opcode: int, payload: bytes, *, fin: bool = True, rsv1: bool = False,
                 mask_key: bytes | None = None) -> bytes:
    """One frame on the wire (RFC 6455 §5.2): minimal 7/16/64-bit length, masked when a key is given
    (clients mask every frame, §5.3; servers never do)."""
    b0 = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
    n = len(payload)
    mbit = 0x80 if mask_key is not None else 0
    if n < 126:
        header = bytes((b0, mbit | n))
    elif n < 65536:
        header = _PACK_16(b0, mbit | 126, n)
    else:
        header = _PACK_64(b0, mbit | 127, n)
    if mask_key is None:
        return header + payload
    return header + mask_key + mask(payload, mask_key)


def encode_close_payload(code: int | None, reason: str = "") -> bytes:
    """Close frame body (RFC 6455 §5.5.1): 2-byte code then UTF-8 reason; empty when ``code`` is None
    (1005 "no status" must never be sent, §7.4.1). The whole body must fit the 125-byte control limit,
    so an over-long reason is cut at a character boundary."""
    if code is None or code == 1005:
        return b""
    raw = reason.encode("utf-8")
    if len(raw) > 123:
        raw = raw[:123].decode("utf-8", "ignore").encode("utf-8")
    return code.to_bytes(2, "big") + raw


def is_valid_received_close_code(code: int) -> bool:
    """RFC 6455 §7.4.1/§7.4.2 and the IANA registry: 1000-1003, 1007-1011 (and 1012-1014, registered
    since) may appear on the wire; 1004, 1005, 1006, 1015, 1016-2999 and anything below 1000 may
    not; 3000-4999 are for libraries, frameworks and applications."""
    if 3000 <= code <= 4999:
        return True
    return code in (1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014)
