"""Receive side of the RFC 6455 protocol: frame parsing fused with message assembly (pure core).

A mixin of ``WSConnection`` (protocol.py), split out to keep each module to one concept. It parses
from the connection's byte buffer, checks each header before its payload arrives (RFC 6455 §5.2,
§5.4, §5.5), streams a data frame still in flight through the message assembler so invalid UTF-8
fails fast (§8.1), inflates permessage-deflate messages (RFC 7692 §7.2.2) under the size limit, and
handles control frames (§5.5: Pong queued for a Ping, Close echoed, close codes checked per §7.4).
"""
from __future__ import annotations

import codecs
import zlib
from typing import TYPE_CHECKING, Any

from . import deflate as _deflate
from .events import BytesMessage, CloseConnection, Event, Ping, Pong, TextMessage
from .states import State
from .frames import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT, encode_close_payload,
                     is_valid_received_close_code, mask)

__all__ = ["FrameReceiver"]

_Utf8Decoder = codecs.getincrementaldecoder("utf-8")


class FrameReceiver:
    """Frame-level receive logic; the state it uses is initialised by ``WSConnection.__init__``."""

    if TYPE_CHECKING:  # attributes owned by WSConnection
        _buf: bytearray
        _client: bool
        _out: bytearray
        _close_sent: bool
        _msg_op: int
        _msg_z: bool
        _msg_parts: list
        _msg_size: int
        _utf8: Any
        _frame_left: int
        _frame_fin: bool
        _frame_key: bytes | None
        _frame_off: int
        max_size: int
        deflate: _deflate.PerMessageDeflate | None
        state: State

        def _fail(self, code: int, reason: str) -> CloseConnection: ...
        def _frame(self, opcode: int, payload: bytes, rsv1: bool = False) -> bytes: ...

    def _next_frame_event(self) -> Event | None:
        buf = self._buf
        while True:
            if self._frame_left:
                event = self._continue_frame()
                if event is not None or self._frame_left:
                    return event
                continue
            avail = len(buf)
            if avail < 2:
                return None
            b0 = buf[0]
            b1 = buf[1]
            length = b1 & 0x7F
            opcode = b0 & 0x0F
            fin = b0 & 0x80
            if b0 & 0x70:
                if (b0 & 0x70) != 0x40 or self.deflate is None or opcode not in (OP_TEXT, OP_BINARY):
                    return self._fail(1002, "reserved bits set without a negotiated extension")
            if opcode >= 8:
                if opcode > OP_PONG:
                    return self._fail(1002, f"reserved opcode {opcode}")
                if not fin or length > 125:
                    return self._fail(1002, "control frames must be unfragmented and <= 125 bytes")
            elif opcode == OP_CONT:
                if not self._msg_op:
                    return self._fail(1002, "continuation frame without a message in progress")
            elif opcode > OP_BINARY:
                return self._fail(1002, f"reserved opcode {opcode}")
            elif self._msg_op:
                return self._fail(1002, "new data frame while a fragmented message is in progress")
            if (b1 & 0x80) != (0 if self._client else 0x80):
                return self._fail(1002, "client frames must be masked, server frames not (§5.1)")
            hlen = 2
            if length == 126:
                if avail < 4:
                    return None
                length = (buf[2] << 8) | buf[3]
                hlen = 4
            elif length == 127:
                if avail < 10:
                    return None
                length = int.from_bytes(buf[2:10], "big")
                if length >> 63:
                    return self._fail(1002, "64-bit length with the top bit set")
                hlen = 10
            if opcode < 8 and self._msg_size + length > self.max_size:
                return self._fail(1009, f"message larger than {self.max_size} bytes")
            key = None
            if b1 & 0x80:
                hlen += 4
                if avail < hlen:
                    return None
                key = bytes(buf[hlen - 4:hlen])
            end = hlen + length
            if avail < end:
                if opcode >= 8 or avail == hlen:
                    return None  # control frames are tiny: wait for them whole
                # a data frame still in flight: consume what is here now (fail fast on UTF-8)
                self._start_message(opcode, b0)
                self._frame_left, self._frame_fin, self._frame_key, self._frame_off = length, bool(fin), key, 0
                del buf[:hlen]
                continue
            payload = bytes(buf[hlen:end])
            del buf[:end]
            if key is not None:
                payload = mask(payload, key)
            if opcode >= 8:
                return self._control(opcode, payload)
            if fin and opcode and not (b0 & 0x40):  # the common case: a whole, plain message
                if opcode == OP_TEXT:
                    try:
                        return TextMessage(payload.decode("utf-8"))
                    except UnicodeDecodeError:
                        return self._fail(1007, "invalid UTF-8 in a text message")
                return BytesMessage(payload)
            self._start_message(opcode, b0)
            event = self._data_chunk(payload, bool(fin))
            if event is not None:
                return event

    def _start_message(self, opcode: int, b0: int) -> None:
        if opcode:  # first frame of a message
            self._msg_op = opcode
            self._msg_z = bool(b0 & 0x40)
            self._msg_parts = []
            self._msg_size = 0
            self._utf8 = _Utf8Decoder() if opcode == OP_TEXT else None

    def _continue_frame(self) -> Event | None:
        buf = self._buf
        take = min(len(buf), self._frame_left)
        if not take:
            return None
        chunk = bytes(buf[:take])
        del buf[:take]
        if self._frame_key is not None:
            chunk = mask(chunk, self._frame_key, self._frame_off)
        self._frame_off += take
        self._frame_left -= take
        return self._data_chunk(chunk, self._frame_fin and not self._frame_left)

    def _data_chunk(self, chunk: bytes, last: bool) -> Event | None:
        """Add part of a message; ``last`` when it completes the message. Returns the message event,
        a failure, or None."""
        if self._msg_z:
            try:
                chunk = self.deflate.decompress(chunk, self.max_size - self._msg_size, last)  # type: ignore[union-attr]
            except _deflate.TooBig:
                return self._fail(1009, f"message larger than {self.max_size} bytes")
            except zlib.error:
                return self._fail(1007, "invalid compressed data (RFC 7692 §8)")
        self._msg_size += len(chunk)
        if self._msg_size > self.max_size:
            return self._fail(1009, f"message larger than {self.max_size} bytes")
        if self._utf8 is not None:
            try:
                self._msg_parts.append(self._utf8.decode(chunk, last))
            except UnicodeDecodeError:
                return self._fail(1007, "invalid UTF-8 in a text message")
        else:
            self._msg_parts.append(chunk)
        if not last:
            return None
        parts, self._msg_parts, self._msg_op, self._msg_size = self._msg_parts, [], 0, 0
        if self._utf8 is not None:
            self._utf8 = None
            return TextMessage("".join(parts))
        return BytesMessage(b"".join(parts))

    def _control(self, opcode: int, payload: bytes) -> Event | None:
        if opcode == OP_PING:
            if self.state is State.OPEN:
                self._out += self._frame(OP_PONG, payload)
            return Ping(payload)
        if opcode == OP_PONG:
            return Pong(payload)
        if len(payload) == 1:
            return self._fail(1002, "close frame with a 1-byte body")
        code, reason = 1005, ""
        if payload:
            code = int.from_bytes(payload[:2], "big")
            if not is_valid_received_close_code(code):
                return self._fail(1002, f"invalid close code {code}")
            try:
                reason = payload[2:].decode("utf-8")
            except UnicodeDecodeError:
                return self._fail(1007, "invalid UTF-8 in the close reason")
        if not self._close_sent:  # echo the code (RFC 6455 §5.5.1)
            self._close_sent = True
            self._out += self._frame(OP_CLOSE, encode_close_payload(None if code == 1005 else code))
        self.state = State.CLOSED
        self._buf.clear()
        return CloseConnection(code, reason)
