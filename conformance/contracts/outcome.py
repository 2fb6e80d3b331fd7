"""Contracts for unknown outcomes: a placement whose answer is lost, a cancel that times out.

Layer: conformance. Rule: unified interface only; faults come from the simulator (``lost_response``:
the request is executed, then the connection closes without an answer; ``delay``: the request is
executed after the delay). A dependable client finds out by client order id before it answers and
never places the order twice (issue 3, section 2; kucoin.md: a write is never retried blindly).
"""
from __future__ import annotations

import time

from .check import expect, is_error, short
from .env import Env
from .orders import SYMBOL
from .registry import contract
from .tradekit import ORDER_POST_PATHS, TRADING, new_cid, place_resting, quietly_cancel, resting_price, \
    sim_by_cid, sim_order

__all__: list[str] = []

_TIMEOUT_MS = 1000
_DELAY_S = 2.0


@contract("unknown outcome", "a placement whose response is lost returns the order (found by client order "
          "id) or raises an error carrying that id; the simulator holds exactly one such order",
          requires=TRADING)
def check_lost_response(env: Env) -> None:
    ex = env.client(private=True)
    price = resting_price(env, "KCS-USDT", "sell")
    cid = new_cid("lost")
    faults = [{"path": p, "method": "POST", "kind": "lost_response", "count": 1} for p in ORDER_POST_PATHS]
    order = None
    with env.faults(*faults):
        try:
            order = ex.create_order(SYMBOL, "limit", "sell", 2, float(price), {"clientOrderId": cid})
        except Exception as exc:  # noqa: BLE001 - judged below
            carried = getattr(exc, "client_order_id", None) == cid or cid in str(exc)
            expect(carried, f"the lost placement raised {type(exc).__name__}: {short(str(exc))} without the "
                            f"client order id {cid}")
    held = sim_by_cid(env, cid)
    try:
        expect(len(held) == 1, f"the simulator holds {len(held)} orders for clientOid {cid}: {short(held)}")
        if order is not None:
            expect(order.get("id") == held[0]["id"],
                   f"the returned order id {order.get('id')!r} is not the placed order {held[0]['id']}")
    finally:
        quietly_cancel(ex, [o["id"] for o in held], SYMBOL)


@contract("unknown outcome", "a cancel that outlives the client's timeout is reconciled: the call returns "
          "only once the order is cancelled on the simulator, or raises a definite (not outcome-unknown) error",
          requires=TRADING)
def check_cancel_timeout(env: Env) -> None:
    ex = env.fresh(private=True, timeout_ms=_TIMEOUT_MS)
    ex.load_markets()
    order, _, _ = place_resting(env, ex, SYMBOL, "sell", 2, "slowcxl")
    oid = order["id"]
    path_ids = (f"/api/v1/hf/orders/{oid}", f"/api/v1/orders/{oid}", f"/api/v1/hf/orders/sync/{oid}")
    faults = [{"path": p, "method": "DELETE", "kind": "delay", "seconds": _DELAY_S, "count": 1} for p in path_ids]
    started = time.monotonic()
    try:
        with env.faults(*faults):
            try:
                ex.cancel_order(oid, SYMBOL)
            except Exception as exc:  # noqa: BLE001 - judged below
                ambiguous = getattr(exc, "outcome_unknown", None) is not False \
                    or is_error(exc, "RequestTimeout", "NetworkError")
                expect(not ambiguous, f"the slow cancel raised an ambiguous {type(exc).__name__}: "
                                      f"{short(str(exc))}")
                return
            truth = sim_order(env, oid)
            expect(truth["status"] == "done" and truth["cancelExist"],
                   f"cancel_order returned but the simulator has {truth}")
    finally:
        rest = _DELAY_S - (time.monotonic() - started)
        if rest > 0:  # let the delayed request finish before the next contract
            time.sleep(rest + 0.1)
        quietly_cancel(ex, [oid], SYMBOL)
