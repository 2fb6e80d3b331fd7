"""API keys and KuCoin request-signature verification on the exchange side.

Layer: simulator (exchange side). Rule: verify exactly what KuCoin documents (``reference/kucoin.md``, "REST
authentication"): prehash = KC-API-TIMESTAMP + METHOD + path (+ "?" +
the raw query string as received) + the raw body; KC-API-SIGN = base64(HMAC-SHA256(secret, prehash));
KC-API-PASSPHRASE = base64(HMAC-SHA256(secret, passphrase)) for key versions 2 and 3, plain for version 1.

Check order and HTTP statuses (documented choices):

- 400001 missing header -> HTTP 400 (KuCoin answers it with 400: github.com/sieblyio/kucoin-api/issues/44,
  github.com/Kucoin/kucoin-python-sdk/issues/61 show ``400-{"code":"400001"...}``)
- 400002 timestamp outside +-5 s -> HTTP 400 (github.com/Kucoin/kucoin-python-sdk/issues/82)
- 400003 key not found, 400009 key-version mismatch, 400004 passphrase, 400005 signature -> HTTP 401
  (400003/400004 with 401 are shown in github.com/JKorf/Kucoin.Net/issues/61 and
  github.com/emmtte/Cryptocurrency-Portfolio/issues/56; 400005/400009 assumed alike).

Key versions 2 and 3 sign identically, so a v3 key sent with ``KC-API-KEY-VERSION: 2`` (what ccxt sends)
is accepted; only a v1/v2+ mix, a missing header for a v2/v3 key, or an unknown version is 400009.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from dataclasses import dataclass
from typing import Mapping

from .wire import hex_id

__all__ = ["ApiKey", "KeyStore", "AuthError", "sign", "TIMESTAMP_WINDOW_MS"]

TIMESTAMP_WINDOW_MS = 5000


def sign(secret: str, text: str) -> str:
    """base64(HMAC-SHA256(secret, text)) as KuCoin uses for both the signature and the passphrase."""
    return base64.b64encode(hmac.new(secret.encode(), text.encode(), hashlib.sha256).digest()).decode()


@dataclass(frozen=True)
class ApiKey:
    key: str
    secret: str
    passphrase: str
    version: int
    uid: str

    def credentials(self) -> dict[str, object]:
        return {"apiKey": self.key, "secret": self.secret, "password": self.passphrase,
                "keyVersion": self.version}


class AuthError(Exception):
    """A gateway authentication failure with its KuCoin code, message and HTTP status."""

    def __init__(self, code: str, msg: str, status: int) -> None:
        super().__init__(f"{code} {msg}")
        self.code, self.msg, self.status = code, msg, status


_MISSING = AuthError(
    "400001", "Please check the header of your request for KC-API-KEY, KC-API-SIGN, KC-API-TIMESTAMP, "
    "KC-API-PASSPHRASE", 400)


class KeyStore:
    """Keys of the single simulated account; ids are derived from the seed so runs are repeatable."""

    def __init__(self, seed: int, uid: str) -> None:
        self._seed = seed
        self.uid = uid
        self._keys: dict[str, ApiKey] = {}
        self._lock = threading.Lock()

    def create(self, version: int = 3, uid: str | None = None) -> ApiKey:
        """A new key of the account's owner, or of another user ``uid`` (whose streams are their own)."""
        if version not in (1, 2, 3):
            raise ValueError("key version must be 1, 2 or 3")
        with self._lock:
            n = len(self._keys)
            key = ApiKey(
                key=hex_id(self._seed, "key", n),
                secret="{}-{}-{}-{}-{}".format(*(hex_id(self._seed, "secret", n, i, length=ln)
                                                for i, ln in enumerate((8, 4, 4, 4, 12)))),
                passphrase=f"sim-pass-{hex_id(self._seed, 'pass', n, length=8)}",
                version=version, uid=self.uid if uid is None else uid)
            self._keys[key.key] = key
            return key

    def uid_of(self, key_id: str) -> str:
        """The user of ``key_id`` (the account's owner for an unknown key)."""
        key = self._keys.get(key_id)
        return self.uid if key is None else key.uid

    def verify(self, headers: Mapping[str, str], method: str, raw_path: str, body: bytes,
               now_ms: int) -> ApiKey:
        """Return the key that signed this request or raise ``AuthError``."""
        key_id = headers.get("KC-API-KEY")
        signature = headers.get("KC-API-SIGN")
        timestamp = headers.get("KC-API-TIMESTAMP")
        passphrase = headers.get("KC-API-PASSPHRASE")
        if not key_id or not signature or not timestamp or not passphrase:
            raise _MISSING
        try:
            ts = int(timestamp)
        except ValueError:
            raise AuthError("400002", "Invalid KC-API-TIMESTAMP", 400) from None
        if abs(ts - now_ms) > TIMESTAMP_WINDOW_MS:
            raise AuthError("400002", "Invalid KC-API-TIMESTAMP", 400)
        key = self._keys.get(key_id)
        if key is None:
            raise AuthError("400003", "KC-API-KEY not exists", 401)
        sent_version = headers.get("KC-API-KEY-VERSION", "1").strip()
        if sent_version not in ("1", "2", "3") or (sent_version == "1") != (key.version == 1):
            raise AuthError("400009", "Invalid KC-API-KEY-VERSION", 401)
        expected = key.passphrase if key.version == 1 else sign(key.secret, key.passphrase)
        if not hmac.compare_digest(passphrase.encode(), expected.encode()):
            raise AuthError("400004", "Invalid KC-API-PASSPHRASE", 401)
        prehash = timestamp + method.upper() + raw_path + body.decode("utf-8", "replace")
        if not hmac.compare_digest(signature.encode(), sign(key.secret, prehash).encode()):
            raise AuthError("400005", "Invalid KC-API-SIGN", 401)
        return key
