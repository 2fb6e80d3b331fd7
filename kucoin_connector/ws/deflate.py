"""permessage-deflate (RFC 7692) on the standard library's zlib (pure core: zlib is pure computation).

https://www.rfc-editor.org/rfc/rfc7692 . Negotiation (§7.1) for both roles and the per-message codec
(§7.2): compress with a raw DEFLATE stream, flush with Z_SYNC_FLUSH and drop the trailing
``00 00 ff ff``; decompress by putting it back. "No context takeover" means a fresh zlib object per
message. zlib cannot compress with an 8-bit window (it silently needs 9), so when the peer limits us
to ``client_max_window_bits=8`` we send messages uncompressed, which §6 allows for any message.

A peer may also end a message with a block that has BFINAL set (§7.2.3.4): that ends the DEFLATE
stream, so zlib's decompressor reaches ``eof`` and would swallow every later byte as ``unused_data``
(later messages empty, memory growing). The rest of such a message is padding and is dropped; the
next message gets a fresh decompressor primed (``zdict``) with the last window of output, so a peer
that keeps its LZ77 window across the final block still decodes (context takeover, §7.2.3.2).
"""
from __future__ import annotations

import zlib
from collections import deque
from dataclasses import dataclass

from .errors import HandshakeError

__all__ = ["EXTENSION_NAME", "DeflateOptions", "PerMessageDeflate", "client_offer",
           "client_accept", "server_negotiate", "TooBig"]

EXTENSION_NAME = "permessage-deflate"
_TAIL = b"\x00\x00\xff\xff"


class TooBig(Exception):
    """A decompressed message exceeds the size limit (the protocol answers 1009)."""


@dataclass(frozen=True)
class DeflateOptions:
    """What this endpoint asks for or agrees to. ``None`` window bits means "no limit" (15)."""

    client_no_context_takeover: bool = False
    server_no_context_takeover: bool = False
    client_max_window_bits: int | None = None
    server_max_window_bits: int | None = None
    level: int = 6


class PerMessageDeflate:
    """The negotiated codec of one connection (§7.2). ``is_client`` picks which parameters apply to
    our compressor (``client_*`` for a client) and which to the peer's (our decompressor)."""

    def __init__(self, *, is_client: bool, client_no_context_takeover: bool = False,
                 server_no_context_takeover: bool = False, client_max_window_bits: int = 15,
                 server_max_window_bits: int = 15, level: int = 6) -> None:
        own_reset, peer_reset = client_no_context_takeover, server_no_context_takeover
        own_bits, peer_bits = client_max_window_bits, server_max_window_bits
        if not is_client:
            own_reset, peer_reset, own_bits, peer_bits = peer_reset, own_reset, peer_bits, own_bits
        self._own_reset = own_reset
        self._peer_reset = peer_reset
        self._own_bits = own_bits
        self._peer_bits = max(peer_bits, 9)  # a larger inflate window always decodes a smaller one
        self._level = level
        self._compressor: zlib._Compress | None = None
        self._decompressor: zlib._Decompress | None = None
        self._ended = False  # the current message's DEFLATE stream ended (BFINAL): the rest is padding
        # Context takeover: the last output (>= one window) to prime a decompressor after a BFINAL.
        self._history: deque[bytes] = deque()
        self._history_size = 0

    def compress(self, data: bytes) -> bytes | None:
        """The compressed payload of one message, or None when it must go uncompressed (8-bit window)."""
        if self._own_bits < 9:
            return None
        c = self._compressor
        if c is None:
            c = zlib.compressobj(self._level, zlib.DEFLATED, -self._own_bits)
        out = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
        self._compressor = None if self._own_reset else c
        return out[:-4] if out.endswith(_TAIL) else out

    def decompress(self, data: bytes, limit: int, final: bool) -> bytes:
        """Inflate one frame's payload of a compressed message; ``final`` on its last frame. Raises
        ``TooBig`` when the output would pass ``limit`` bytes and ``zlib.error`` on a corrupt stream."""
        out = b""
        if not self._ended:
            d = self._decompressor
            if d is None:
                d = self._decompressor = self._new_decompressor()
            if final:
                data = data + _TAIL
            out = d.decompress(data, limit + 1)
            if len(out) > limit or d.unconsumed_tail:
                raise TooBig()
            if d.eof:  # BFINAL: the stream is over; what follows in this message is padding (§7.2.3.4)
                self._ended = True
            if out and not self._peer_reset:
                self._remember(out)
        if final:
            if self._peer_reset or self._ended:
                self._decompressor = None
            self._ended = False
        return out

    def _new_decompressor(self) -> "zlib._Decompress":
        if self._history_size:
            window = b"".join(self._history)[-(1 << self._peer_bits):]
            return zlib.decompressobj(-self._peer_bits, zdict=window)
        return zlib.decompressobj(-self._peer_bits)

    def _remember(self, out: bytes) -> None:
        """Keep at least the last window of output (by reference; trimmed whole chunks at a time)."""
        history = self._history
        history.append(out)
        self._history_size += len(out)
        window = 1 << self._peer_bits
        while self._history_size - len(history[0]) >= window:
            self._history_size -= len(history.popleft())


_WINDOW_BITS = frozenset(str(n) for n in range(8, 16))


def _bits(value: str | None, name: str) -> int:
    if value is None or value not in _WINDOW_BITS:  # ASCII "8".."15" only ("²".isdigit() is True)
        raise HandshakeError(f"invalid {name}={value!r} (RFC 7692 §7.1.2)")
    return int(value)


def client_offer(options: DeflateOptions) -> str:
    """The client's offer (§7.1); always advertises ``client_max_window_bits`` so servers may shrink
    our window (§7.1.2.2)."""
    parts = [EXTENSION_NAME]
    if options.client_no_context_takeover:
        parts.append("client_no_context_takeover")
    if options.server_no_context_takeover:
        parts.append("server_no_context_takeover")
    parts.append("client_max_window_bits" + (f"={options.client_max_window_bits}"
                                             if options.client_max_window_bits else ""))
    if options.server_max_window_bits:
        parts.append(f"server_max_window_bits={options.server_max_window_bits}")
    return "; ".join(parts)


def client_accept(params: dict[str, str | None], options: DeflateOptions) -> PerMessageDeflate:
    """Validate the server's response parameters against our offer (§7.1: the client must fail the
    connection on anything it did not allow) and build the codec."""
    client_bits, server_bits = 15, 15
    for name, value in params.items():
        if name in ("client_no_context_takeover", "server_no_context_takeover"):
            if value is not None:
                raise HandshakeError(f"{name} takes no value (RFC 7692 §7.1.1)")
        elif name == "server_max_window_bits":
            server_bits = _bits(value, name)
            if options.server_max_window_bits and server_bits > options.server_max_window_bits:
                raise HandshakeError("server_max_window_bits larger than offered")
        elif name == "client_max_window_bits":
            client_bits = _bits(value, name)
            if options.client_max_window_bits and client_bits > options.client_max_window_bits:
                raise HandshakeError("client_max_window_bits larger than offered")
        else:
            raise HandshakeError(f"unknown permessage-deflate parameter {name!r}")
    if options.server_no_context_takeover and "server_no_context_takeover" not in params:
        raise HandshakeError("server ignored server_no_context_takeover (RFC 7692 §7.1.1.1)")
    if options.server_max_window_bits and "server_max_window_bits" not in params:
        raise HandshakeError("server ignored server_max_window_bits (RFC 7692 §7.1.2.1)")
    if options.client_max_window_bits:
        client_bits = min(client_bits, options.client_max_window_bits)
    return PerMessageDeflate(
        is_client=True,
        client_no_context_takeover=("client_no_context_takeover" in params
                                    or options.client_no_context_takeover),
        server_no_context_takeover="server_no_context_takeover" in params,
        client_max_window_bits=client_bits, server_max_window_bits=server_bits, level=options.level)


def _server_try(params: dict[str, str | None], options: DeflateOptions
                ) -> tuple[str, PerMessageDeflate] | None:
    response = [EXTENSION_NAME]
    client_reset = options.client_no_context_takeover
    server_reset = options.server_no_context_takeover
    client_bits, server_bits = 15, options.server_max_window_bits or 15
    for name, value in params.items():
        if name in ("client_no_context_takeover", "server_no_context_takeover"):
            if value is not None:
                return None
            if name == "client_no_context_takeover":
                client_reset = True
            else:
                server_reset = True
        elif name == "server_max_window_bits":
            try:
                server_bits = min(server_bits, _bits(value, name))
            except HandshakeError:
                return None
        elif name == "client_max_window_bits":
            if value is not None:
                try:
                    client_bits = _bits(value, name)
                except HandshakeError:
                    return None
            if options.client_max_window_bits:
                client_bits = min(client_bits, options.client_max_window_bits)
        else:
            return None  # unknown parameter: decline this offer (§7.1)
    if options.client_max_window_bits and "client_max_window_bits" not in params:
        client_bits = 15  # the client cannot be limited unless it said it can be (§7.1.2.2)
    if server_reset:
        response.append("server_no_context_takeover")
    if client_reset:
        response.append("client_no_context_takeover")
    if server_bits < 15 or "server_max_window_bits" in params:
        response.append(f"server_max_window_bits={server_bits}")
    if client_bits < 15:
        response.append(f"client_max_window_bits={client_bits}")
    codec = PerMessageDeflate(is_client=False, client_no_context_takeover=client_reset,
                              server_no_context_takeover=server_reset, client_max_window_bits=client_bits,
                              server_max_window_bits=server_bits, level=options.level)
    return "; ".join(response), codec


def server_negotiate(offers: list[tuple[str, dict[str, str | None]]], options: DeflateOptions
                     ) -> tuple[str, PerMessageDeflate] | None:
    """Accept the first acceptable permessage-deflate offer (§5.1); returns the response string and
    the codec, or None to run without compression."""
    for name, params in offers:
        if name == EXTENSION_NAME:
            found = _server_try(params, options)
            if found is not None:
                return found
    return None
