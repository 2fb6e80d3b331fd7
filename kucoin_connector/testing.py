"""A public kit for testing plans, faces and host glue without a network (pure: no I/O).

* :func:`step` / :class:`PlanRun`: run a plan (a generator of ``Call`` and ``Sleep``) answering each call
  with data, or with an exception instance that is thrown into the plan, as the executor would. Record
  every call and every sleep the plan asked for. This is the trampoline the tests use: there is no
  private copy of it elsewhere.
* :class:`ScriptedTransport` / :class:`AsyncScriptedTransport`: an HTTP transport for a face
  (``Kucoin(config, transport=...)``) that answers from a script and records every request.
* :class:`FakeClock`: a clock whose time only moves when told (``Kucoin(config, clock=...)``).
* :func:`envelope`: KuCoin's success envelope as a :class:`~kucoin_connector.rest.effects.Response`.

>>> from kucoin_connector.rest.calls import Call
>>> def plan():
...     server_ms = yield Call("GET", "/api/v1/timestamp")
...     return server_ms + 1
>>> step(plan(), 41).result
42
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Mapping

from .rest.effects import Response, Sleep

__all__ = ["step", "PlanRun", "ScriptedTransport", "AsyncScriptedTransport", "FakeClock", "envelope"]


class PlanRun:
    """Run ``plan`` to its end: ``answer(call)`` gives each call's data, or an exception to throw into it.

    ``calls`` holds every call the plan made, ``sleeps`` the seconds of every ``Sleep`` it asked for (not
    answered by ``answer``), ``result`` what the plan returned. An exception the plan lets escape
    propagates to the caller, as it would from a face.
    """

    def __init__(self, plan: Any, answer: Callable[[Any], Any]) -> None:
        self.calls: list[Any] = []
        self.sleeps: list[float] = []
        self.result: Any = None
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                call = plan.throw(error) if error is not None else plan.send(value)
            except StopIteration as stop:
                self.result = stop.value
                return
            value, error = None, None
            if isinstance(call, Sleep):
                self.sleeps.append(call.seconds)
                continue
            self.calls.append(call)
            reply = answer(call)
            if isinstance(reply, BaseException):
                error = reply
            else:
                value = reply


def step(plan: Any, *answers: Any) -> PlanRun:
    """Run ``plan`` answering its calls in order with ``answers``; every answer must be used, no call may
    go unanswered (an ``AssertionError`` names the call or the answers left)."""
    queue = list(answers)

    def answer(call: Any) -> Any:
        if not queue:
            raise AssertionError(f"unexpected call {call}")
        return queue.pop(0)

    run = PlanRun(plan, answer)
    assert not queue, f"unused answers: {queue}"
    return run


def envelope(data: Any, status: int = 200, headers: Mapping[str, str] | None = None,
             code: str = "200000") -> Response:
    """KuCoin's envelope around ``data`` (a success unless ``code`` says otherwise)."""
    body = {"code": code, "data": data} if code == "200000" else {"code": code, "msg": str(data)}
    return Response(status, dict(headers or {}), json.dumps(body).encode())


Script = Callable[[str, str, Mapping[str, str], "bytes | None"], Any]


class ScriptedTransport:
    """A transport that answers from ``script``: a list of answers used in order, or a function
    ``(method, url, headers, body) -> answer``. An answer is a ``Response``, data (wrapped in KuCoin's
    success envelope) or an exception instance (raised, as a transport raises ``NetworkError``).
    ``requests`` records ``(method, url, headers, body)`` of every request."""

    def __init__(self, script: "Iterable[Any] | Script") -> None:
        self._script = script if callable(script) else list(script)
        self.requests: list[tuple[str, str, Mapping[str, str], bytes | None]] = []
        self.closed = False

    def _answer(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> Response:
        self.requests.append((method, url, dict(headers), body))
        if callable(self._script):
            reply = self._script(method, url, headers, body)
        else:
            if not self._script:
                raise AssertionError(f"unexpected request {method} {url}")
            reply = self._script.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply if isinstance(reply, Response) else envelope(reply)

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None,
                timeout: tuple[float, float]) -> Response:
        return self._answer(method, url, headers, body)

    def close(self) -> None:
        self.closed = True


class AsyncScriptedTransport(ScriptedTransport):
    """:class:`ScriptedTransport` for the asyncio face."""

    async def request(self, method: str, url: str, headers: Mapping[str, str],  # type: ignore[override]
                      body: bytes | None, timeout: tuple[float, float]) -> Response:
        return self._answer(method, url, headers, body)

    async def close(self) -> None:  # type: ignore[override]
        self.closed = True


class FakeClock:
    """``now_ms()`` returns ``now`` until :meth:`advance` moves it."""

    def __init__(self, now_ms: int = 1_700_000_000_000) -> None:
        self.now = now_ms

    def now_ms(self) -> int:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms
