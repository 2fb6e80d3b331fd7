"""API credentials (pure core).

Rule: a secret never appears in a repr, str, log line or exception. Credentials are read from the
ccxt-style config (``apiKey``/``secret``/``password``) or from the environment variables
``KUCOIN_API_KEY`` / ``KUCOIN_API_SECRET`` / ``KUCOIN_API_PASSPHRASE``.
"""
from __future__ import annotations

from typing import Mapping

__all__ = ["Credentials", "ENV_KEY", "ENV_SECRET", "ENV_PASSPHRASE", "mask_url", "mask_headers"]

ENV_KEY = "KUCOIN_API_KEY"
ENV_SECRET = "KUCOIN_API_SECRET"
ENV_PASSPHRASE = "KUCOIN_API_PASSPHRASE"

# KuCoin's own SDK sends key version 3 (keys created recently are v3); 2 and 1 are legacy.
# https://www.kucoin.com/docs-new/authentication
SUPPORTED_KEY_VERSIONS = (1, 2, 3)


class Credentials:
    """An API key triple plus its version, immutable. ``repr`` masks everything but the key's last 4
    characters. (A plain class, not a tuple: nothing may unpack or %-format the secrets; and constructing
    a client loads no ``dataclasses``.)"""

    __slots__ = ("api_key", "secret", "passphrase", "key_version", "_passphrase_header")  # the last: signing's cache

    def __init__(self, api_key: str, secret: str, passphrase: str, key_version: int = 3) -> None:
        if key_version not in SUPPORTED_KEY_VERSIONS:
            raise ValueError(f"key version must be one of {SUPPORTED_KEY_VERSIONS}, got {key_version!r}")
        texts = {"api_key": api_key, "secret": secret, "passphrase": passphrase}
        for name, value in texts.items():
            if not isinstance(value, str) or not value:
                raise ValueError(f"credential {name!r} must be a non-empty string")
        for name, value in {**texts, "key_version": key_version}.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Credentials are immutable: cannot assign {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Credentials are immutable: cannot delete {name!r}")

    def _fields(self) -> tuple:
        return (self.api_key, self.secret, self.passphrase, self.key_version)

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if type(other) is Credentials else NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self) -> tuple:  # copy and pickle rebuild through __init__ (the slots are read-only)
        return (Credentials, self._fields())

    def __repr__(self) -> str:
        tail = self.api_key[-4:] if len(self.api_key) > 8 else ""
        return f"Credentials(api_key='***{tail}', key_version={self.key_version})"

    __str__ = __repr__

    @classmethod
    def from_config(cls, config: Mapping[str, object], env: Mapping[str, str] | None = None,
                    key_version: int = 3) -> "Credentials | None":
        """Credentials from a ccxt-style config, falling back to the environment; None when absent.

        A partial set (a key without a secret, say) is an error: silently running without auth would
        turn every private call into a confusing failure later.
        """
        env = env or {}
        key = config.get("apiKey") or env.get(ENV_KEY) or ""
        secret = config.get("secret") or env.get(ENV_SECRET) or ""
        passphrase = config.get("password") or env.get(ENV_PASSPHRASE) or ""
        present = [bool(key), bool(secret), bool(passphrase)]
        if not any(present):
            return None
        if not all(present):
            missing = [n for n, p in zip(("apiKey", "secret", "password"), present) if not p]
            raise ValueError(f"incomplete credentials: missing {', '.join(missing)}")
        return cls(str(key), str(secret), str(passphrase), int(key_version))


def mask_url(url: object) -> str:
    """A URL fit for reprs, logs and error messages: its password replaced by ``***``
    (``http://user:***@host:port``). Never raises, whatever ``url`` is."""
    if not isinstance(url, str):
        return f"<{type(url).__name__}>"
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    userinfo, at, hostpart = rest.rpartition("@")  # a host never holds "@": everything before is credentials
    if not at:
        return url
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}{sep}{user}{':***' if colon else ''}@{hostpart}"


# Request headers whose values are secrets or prove knowledge of one (KC-API-SIGN, KC-API-PASSPHRASE, ...).
_SECRET_HEADER_WORDS = ("sign", "passphrase", "secret", "authorization", "token", "cookie")


def mask_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``headers`` for reprs: signatures, passphrases and authorizations as ``***``, the API
    key as ``***`` plus its last 4 characters (as :class:`Credentials` shows it)."""
    out = {}
    for name, value in headers.items():
        low = str(name).lower()
        if low == "kc-api-key":
            text = str(value)
            value = "***" + (text[-4:] if len(text) > 8 else "")
        elif any(word in low for word in _SECRET_HEADER_WORDS):
            value = "***"
        out[name] = value
    return out
