"""Helpers shared by the simulator tests: a fake clock and a tiny stdlib HTTP client that signs
requests the way KuCoin documents (reference/kucoin.md, "REST authentication"), written
independently of the simulator's own code."""
from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

__all__ = ["T0", "FakeClock", "Response", "Client", "b64hmac"]

T0 = 1_750_000_017.25  # a fixed epoch time, mid-minute (2025-06-15 15:06:57.25 UTC)


class FakeClock:
    """A settable clock (epoch seconds)."""

    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds

    def ms(self) -> int:
        return int(self.t * 1000)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def data(self) -> Any:
        doc = self.json()
        assert doc["code"] == "200000", doc
        return doc["data"]


def b64hmac(secret: str, text: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), text.encode(), hashlib.sha256).digest()).decode()


class Client:
    """Keep-alive HTTP/1.1 client over http.client; reconnects after the server closes."""

    def __init__(self, base_url: str, source_ip: str | None = None) -> None:
        parts = urlsplit(base_url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20,
                                               source_address=(source_ip, 0) if source_ip else None)

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Response:
        try:
            self.conn.request(method, path, body=body or None, headers=headers or {})
            resp = self.conn.getresponse()
            data = resp.read()
        except Exception:
            self.conn.close()
            raise
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def signed(self, method: str, path: str, creds: dict[str, Any], *, body: str = "", ts: int | None = None,
               now: Callable[[], int] | None = None, version: str | None = None, passphrase: str | None = None,
               sign_path: str | None = None, drop: tuple[str, ...] = ()) -> Response:
        ts_text = str(ts if ts is not None else (now() if now else 0))
        key_version = version if version is not None else str(creds["keyVersion"])
        secret = creds["secret"]
        phrase = passphrase if passphrase is not None else creds["password"]
        headers = {
            "KC-API-KEY": creds["apiKey"],
            "KC-API-SIGN": b64hmac(secret, ts_text + method + (sign_path or path) + body),
            "KC-API-TIMESTAMP": ts_text,
            "KC-API-PASSPHRASE": phrase if key_version == "1" else b64hmac(secret, phrase),
            "KC-API-KEY-VERSION": key_version,
            "Content-Type": "application/json",
        }
        for name in drop:
            headers.pop(name, None)
        return self.request(method, path, body.encode(), headers)

    def close(self) -> None:
        self.conn.close()
