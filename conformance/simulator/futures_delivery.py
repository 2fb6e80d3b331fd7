"""Delivery of a dated futures contract at its expiry.

Layer: simulator (exchange side). Rule: ``deliver`` runs under the desk's lock, once per contract, either
when a market step finds the clock at or past the contract's ``expireDate`` (a caller's clock may be set
there) or on the admin step ``POST /_sim/futures/deliver`` (``Simulator.deliver_futures``), which delivers
the contract now, before its scheduled expiry.

The admin step does not move the server time: the one clock stamps the spot and futures markets, their
candles, the funding periods and the KC-API-TIMESTAMP check of every signed request, so jumping it by the
30+ days to the expiry would break all of them. The delivered contract keeps its scheduled
``expireDate``/``settleDate`` (its ccxt symbol, ``BTC/USDT:USDT-yymmdd``, stays the same); only its status
and the delivery rows below say it was delivered, stamped with the (unchanged) server time.

Simple documented model (KuCoin settles a dated contract at the average index price of its last hour):

* settlement price = the contract's index price at the delivery moment (``FuturesMarket.index_price``,
  the last price x 0.9999 to 0.01), with no settlement fee (the contract's ``settlementFee`` is null);
* every open order and untriggered stop order of the contract is cancelled first (``isActive`` false,
  ``cancelExist`` true: KuCoin Futures' order detail carries no cancel reason), releasing its margin;
* every position on the contract is closed at the settlement price: its PnL
  (``futures_positions.Position.pnl``, exact Decimal, linear and inverse alike) and its margin go back to the
  ``contract`` account; a ledger row of type ``RealisedPNL`` (KuCoin's transaction-history type for realised
  PnL; context ``{"symbol", "settlement": true}``) is written when the PnL is non-zero, and a
  GET /api/v1/history-positions row of type ``CLOSE_LONG``/``CLOSE_SHORT`` (the types the spec shows; KuCoin
  names no delivery type) with ``closePrice`` = the settlement price;
* the contract's status becomes ``Settled`` (KuCoin's status enum: Init, Open, BeingSettled, Settled, ...):
  it leaves /api/v1/contracts/active and /api/v1/allTickers, its simulated liquidity leaves the book
  (level-2 deletions) and new orders on it are refused (``futures_orders.SETTLED``, code 300000);
* the next quarter's contract is listed (``FuturesMarket.list_next_dated``; KuCoin keeps quarterlies
  listed), so a simulator always has one dated contract open;
* the desk tells its listeners: ``order`` for each cancelled order, ``position`` for each settled position,
  ``balance`` for each settle currency touched.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .futures_orders import ACCOUNT, FuturesOrder
from .futures_positions import json_number
from .routing import ApiError

if TYPE_CHECKING:  # pragma: no cover
    from .futures_trading import FuturesDesk

__all__ = ["deliver", "deliver_due"]


def deliver_due(desk: "FuturesDesk", now_ms: int) -> list[dict[str, Any]]:
    """Deliver every dated contract whose expiry has come (called after each market step)."""
    due = [c.symbol for c in desk.futures.open_contracts() if c.expiry_ms is not None and now_ms >= c.expiry_ms]
    return [deliver(desk, symbol, now_ms) for symbol in due]


def deliver(desk: "FuturesDesk", symbol: str, now_ms: int) -> dict[str, Any]:
    """Deliver the dated contract ``symbol`` now; returns what was done (the admin answer)."""
    futures = desk.futures
    contract = futures.by_symbol.get(symbol)
    if contract is None or contract.expiry_ms is None:
        raise ApiError("400100", f"{symbol} is not a dated contract", 400)
    with desk.lock:
        if not futures.is_open(symbol):
            raise ApiError("400100", f"{symbol} is already settled", 400)
        price = futures.index_price(symbol)
        cancelled = _cancel_all(desk, symbol, now_ms)
        settled = []
        pos = desk.positions.get(symbol)
        if pos is not None and pos.qty:
            side, entry, opened, lots = pos.side, pos.entry_price(), pos.opened_at, abs(pos.qty)
            acc = desk.accounts.account(ACCOUNT, contract.settle)
            pnl, released = pos.close(price, lots)
            desk.accounts.release(acc, released)
            desk.accounts.credit(acc, pnl, "RealisedPNL", now_ms, {"symbol": symbol, "settlement": True})
            desk.record_close(pos, "CLOSE_LONG" if side > 0 else "CLOSE_SHORT", entry, price, opened, now_ms,
                              side, lots)
            settled.append({"symbol": symbol, "qty": side * lots, "pnl": json_number(pnl)})
            desk._emit("position", lambda: desk.position_json(pos, now_ms=now_ms))
        futures.settled[symbol] = (now_ms, price)
        futures.market.halt(symbol, now_ms * 1_000_000)
        listed = futures.list_next_dated(contract)
        if cancelled or settled:
            desk.balance_changed(contract.settle)
        return {"symbol": symbol, "status": "Settled", "settlementPrice": json_number(price),
                "cancelledOrders": cancelled, "positions": settled, "listed": listed.symbol}


def _cancel_all(desk: "FuturesDesk", symbol: str, now_ms: int) -> list[str]:
    """Cancel every open order and untriggered stop order of ``symbol``; their ids, oldest first."""
    stops = [o for o in desk.stops.values() if o.spec.symbol == symbol]
    resting = [o for o in desk.orders() if o.active and o.spec.symbol == symbol]
    done: list[FuturesOrder] = []
    for o in sorted([*resting, *stops], key=lambda o: o.seq):
        if desk.cancel(o, now_ms) is not None:
            done.append(o)
    return [o.id for o in done]

