"""Contract for the delivery of a dated futures contract at expiry.

Layer: conformance. Rule: the futures client through the unified interface; the truth is the simulator's
delivery (``deliver_futures(symbol)`` / ``POST /_sim/futures/deliver``: orders cancelled, positions settled
at the index price, status ``Settled``, the next quarter listed; conformance/simulator/futures_delivery.py),
its position history and the futures account's balance. ccxt facts: a market is ``active`` when the contract's
``status`` is ``Open`` and ``load_markets`` reads /api/v1/contracts/active, which lists open contracts only;
an unknown symbol raises ``BadSymbol`` before any request.

The delivery cannot be undone, so the contract ends by reloading the shared futures clients' markets (the
delivered contract gone, the next quarter's there), which keeps every later contract coherent.
"""
from __future__ import annotations

import contextlib
from typing import Any

from .check import expect, expect_error, same_number, short
from .env import Env
from .futureskit import FUTURES_TRADING, ISOLATED, open_position, raw_contracts, resting_price, sim_futures_order
from .registry import contract
from .tradekit import new_cid, order_requests, sim_balance

__all__: list[str] = []


def _deliver(env: Env, market_id: str) -> dict:
    fn = getattr(env.sim, "deliver_futures", None)
    if callable(fn):
        return fn(market_id)
    return env.admin("POST", "/_sim/futures/deliver", {"symbol": market_id})


def _dated(ex: Any) -> dict:
    dated = sorted((m for m in ex.markets.values() if m.get("future") and m.get("active")),
                   key=lambda m: m["expiry"])
    expect(dated, f"no active dated futures market among {sorted(ex.markets)}")
    return dated[0]


@contract("futures delivery", "at the dated contract's delivery: its orders end canceled, the position is "
          "gone from fetch_positions and in fetch_positions_history with the realised PnL, the balance is the "
          "account's; after load_markets(reload=True) the market is absent and an order on it raises BadSymbol "
          "without a request", name="futures.delivery_at_expiry",
          requires=FUTURES_TRADING + ("futures:fetchPositions", "futures:fetchPositionsHistory",
                                      "futures:fetchBalance"))
def check_delivery_at_expiry(env: Env) -> None:
    ex = env.futures_client(private=True)
    market = _dated(ex)
    symbol, mid = market["symbol"], market["id"]
    before = sim_balance(env, "contract", market["settleId"])["balance"]
    try:
        open_position(env, ex, symbol, "buy", 2)
        price = resting_price(env, mid, "buy")
        resting = ex.create_order(symbol, "limit", "buy", 1, float(price),
                                  {"clientOrderId": new_cid("fdeliv"), **ISOLATED})
        delivered = _deliver(env, mid)
        expect(delivered.get("cancelledOrders") == [resting["id"]] and len(delivered.get("positions", [])) == 1,
               f"the simulator's delivery of {mid} did {short(delivered, 400)}")
        expect(sim_futures_order(env, resting["id"])["isActive"] is False, "the resting order is still active")

        status = ex.fetch_order(resting["id"], symbol)["status"]
        expect(status == "canceled", f"fetch_order of the order cancelled by the delivery: status {status!r}")
        left = [(p["symbol"], p["contracts"]) for p in ex.fetch_positions() if p.get("symbol") == symbol
                and p.get("contracts")]
        expect(not left, f"fetch_positions still shows the delivered position: {left}")
        truth = sim_balance(env, "contract", market["settleId"])
        pnl = truth["balance"] - before  # the position's realised PnL: fees and the settlement
        closed = [p for p in ex.fetch_positions_history([symbol]) if same_number(p.get("realizedPnl"), pnl)]
        expect(len(closed) == 1 and closed[0]["side"] == "long",
               f"fetch_positions_history has no long position of {symbol} closed with realizedPnl {pnl}")
        code = market["settle"]
        got = ex.fetch_balance({"code": code})[code]
        expect(same_number(got["total"], truth["balance"]),
               f"after the delivery: {code} total {got['total']} != the simulator's futures account {truth}")

        ex.load_markets(True)
        expect(symbol not in ex.markets or ex.markets[symbol]["active"] is False,
               f"{symbol} is still an active market after the delivery")
        wire = {c["symbol"] for c in raw_contracts(env)}
        expect(mid not in wire, f"the delivered {mid} is still in /api/v1/contracts/active")
        listed = [m["id"] for m in ex.markets.values() if m.get("future")]
        expect(listed == [delivered["listed"]], f"dated markets {listed} != the listed {delivered['listed']}")
        mark = env.mark()
        expect_error(lambda: ex.create_order(symbol, "market", "buy", 1, None, dict(ISOLATED)), "BadSymbol",
                     what=f"an order on the delivered {symbol}")
        sent = order_requests(env.requests_since(mark))
        expect(not sent, f"an order on the delivered {symbol} reached the simulator: {sent}")
    finally:
        for private in (False, True):
            with contextlib.suppress(Exception):
                env.futures_client(private).load_markets(True)

