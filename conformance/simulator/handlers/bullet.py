"""POST /api/v1/bullet-public and /api/v1/bullet-private on the spot and futures hosts.

Layer: simulator (exchange side). Rule: the answer's keys are the official example's
(https://www.kucoin.com/docs-new/api-3470294 public, api-3470295 private); the endpoint is the
simulator's own plain ``ws://127.0.0.1:PORT/`` server (``ws://127.0.0.1:PORT/futures`` on the futures host)
and ``pingInterval``/``pingTimeout`` are the simulator's settings. Pools and weights from the spec: public
``Public`` 10, private ``Spot``/``Futures`` 10.
"""
from __future__ import annotations

from typing import Any

from ..routing import ApiError, Context, Router

__all__ = ["register"]


def _answer(ctx: Context, private: bool) -> dict[str, Any]:
    ws = getattr(ctx.sim, "ws", None)
    if ws is None or not ws.running:
        raise ApiError("500000", "Internal Server Error", 500)
    uid = ctx.key.uid if ctx.key is not None else ""
    token = ctx.sim.tokens.issue(ctx.host, private, uid, ctx.sim.now_ms())
    return {"token": token.value, "instanceServers": [{
        "endpoint": ws.url_for(ctx.host), "encrypt": False, "protocol": "websocket",
        "pingInterval": ws.ping_interval_ms, "pingTimeout": ws.ping_timeout_ms}]}


def bullet_public(ctx: Context) -> dict[str, Any]:
    return _answer(ctx, False)


def bullet_private(ctx: Context) -> dict[str, Any]:
    return _answer(ctx, True)


def register(router: Router, pool: str = "Spot") -> None:
    router.add("POST", "/api/v1/bullet-public", bullet_public, pool="Public", weight=10)
    router.add("POST", "/api/v1/bullet-private", bullet_private, pool=pool, weight=10, private=True)
