"""A face on a transport that records every request and answers like KuCoin (markets from the spec's
examples, everything else from a script), for the hostile-input tests: nothing reaches a network."""
from __future__ import annotations

import json
import pathlib
import signal
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from kucoin_connector import AsyncKucoin, Kucoin
from kucoin_connector.rest.effects import Response

PAYLOADS = pathlib.Path(__file__).resolve().parent.parent / "payloads"


def _data(name: str) -> Any:
    return json.loads((PAYLOADS / name).read_text())["data"]


def _symbols() -> list:
    base = _data("spot_symbols.json")[0]
    out = []
    for sid in ("BTC-USDT", "ETH-USDT"):
        b, q = sid.split("-")
        out.append({**base, "symbol": sid, "name": sid, "baseCurrency": b, "quoteCurrency": q, "feeCurrency": q})
    return out


class Recorder:
    """Transport: records ``(method, path, query, body)``; ``answer(method, path, query)`` gives ``data``."""

    def __init__(self, answer: Callable[[str, str, dict], Any] | None = None) -> None:
        self.sent: list[tuple[str, str, dict, Any]] = []
        self.answer = answer or (lambda method, path, query: {})

    def reply(self, method: str, url: str, body: bytes | None) -> Response:
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.sent.append((method, parts.path, query, json.loads(body) if body else None))
        if parts.path == "/api/v2/symbols":
            data = _symbols()
        elif parts.path == "/api/v3/currencies":
            data = _data("spot_currencies.json")
        else:
            data = self.answer(method, parts.path, query)
        return Response(200, {"content-type": "application/json"},
                        json.dumps({"code": "200000", "data": data}).encode())

    def request(self, method, url, headers, body, timeout):
        return self.reply(method, url, body)

    def close(self) -> None:
        pass


class AsyncRecorder(Recorder):
    async def request(self, method, url, headers, body, timeout):  # type: ignore[override]
        return self.reply(method, url, body)

    async def close(self) -> None:  # type: ignore[override]
        pass


CONFIG = {"apiKey": "key", "secret": "secret", "password": "pass", "urls": {"api": {"spot": "http://fake"}},
          "options": {"adjustForTimeDifference": False, "maxRetries": 0}, "enableRateLimit": False}


def face(answer: Callable[[str, str, dict], Any] | None = None, *, now_ms: int | None = None,
         asynchronous: bool = False, **options: Any):
    """A face with markets loaded (those requests are forgotten) and a recorder as ``face.recorder``."""
    recorder = (AsyncRecorder if asynchronous else Recorder)(answer)
    config: dict[str, Any] = {**CONFIG, "options": {**CONFIG["options"], **options}}
    clock = _Clock(now_ms) if now_ms is not None else None
    ex = (AsyncKucoin if asynchronous else Kucoin)(config, transport=recorder, clock=clock)
    ex.recorder = recorder
    return ex


class _Clock:
    def __init__(self, now_ms: int) -> None:
        self.now = now_ms

    def now_ms(self) -> int:
        return self.now

    def monotonic(self) -> float:
        return self.now / 1000.0


# -- a guard for the hostile-answer tests: a hang fails the test instead of the suite ------------------
class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hang
    raise _Timeout("a hostile answer made the parser run for more than 20 s")


def finishes(fn: Callable[[], Any]) -> Any:
    """``fn()``, failing the test instead of hanging the suite (a guard, not a timing assertion)."""
    if not hasattr(signal, "SIGALRM"):
        return fn()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        return fn()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
