"""WebSocket bullet tokens: issued by POST /api/v1/bullet-public|private, checked at the WS upgrade.

Layer: simulator (exchange side). Rule: a token names its host (spot or futures), whether it is private
and the user; it lives 24 h of simulator time (``reference/kucoin.md``, "WebSocket (classic)" item 8) or
until ``expire_all`` (the ``expire_token`` stream fault and ``Simulator.expire_tokens``). A live connection
outlives its token; only a new connection with an expired token fails (``401 token is expired``).
Tokens are deterministic for a seed (a counter through ``hex_id``).
"""
from __future__ import annotations

import base64
import threading
from dataclasses import dataclass

from .wire import hex_id

__all__ = ["Token", "TokenStore", "TOKEN_LIFETIME_MS"]

TOKEN_LIFETIME_MS = 24 * 3600 * 1000


@dataclass
class Token:
    value: str
    host: str
    private: bool
    uid: str
    issued_ms: int
    expired: bool = False


class TokenStore:
    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._tokens: dict[str, Token] = {}
        self._n = 0
        self._lock = threading.Lock()

    def issue(self, host: str, private: bool, uid: str, now_ms: int) -> Token:
        """A new token: long and base64-like as KuCoin's, URL-safe so clients need not quote it."""
        with self._lock:
            self._n += 1
            raw = hex_id(self._seed, "ws-token", self._n, length=96)
            text = base64.urlsafe_b64encode(bytes.fromhex(raw)).decode("ascii").rstrip("=") + "." + raw[:16]
            token = Token(text, host, private, uid, now_ms)
            self._tokens[text] = token
            return token

    def check(self, value: str, now_ms: int) -> tuple[Token | None, str]:
        """``(token, "")`` when usable, else ``(None, reason)`` with KuCoin's error text."""
        token = self._tokens.get(value)
        if token is None:
            return None, "token is invalid"
        if token.expired or now_ms - token.issued_ms > TOKEN_LIFETIME_MS:
            return None, "token is expired"
        return token, ""

    def expire_all(self) -> int:
        """Expire every token issued so far; returns how many were live."""
        with self._lock:
            live = [t for t in self._tokens.values() if not t.expired]
            for t in live:
                t.expired = True
            return len(live)
