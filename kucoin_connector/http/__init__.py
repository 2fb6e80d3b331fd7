"""HTTP/1.1 as bytes in, bytes out (pure core): :mod:`kucoin_connector.http.codec`.

The asyncio transport (:mod:`kucoin_connector.io.http_asyncio`) drives it over sockets.
"""
from __future__ import annotations

from .codec import (HTTPProtocolError, IncompleteResponse, ResponseParser, build_request)

__all__ = ["HTTPProtocolError", "IncompleteResponse", "ResponseParser", "build_request"]
