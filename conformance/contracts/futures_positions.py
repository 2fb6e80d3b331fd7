"""Contracts for futures positions: what fills make of them, realised PnL, reduce-only, margin mode and
leverage, funding settlement.

Layer: conformance. Rule: the futures client through the unified interface; the truth is the simulator's
futures desk: its open positions (``futures_positions()``, the GET /api/v1/position shape), its orders and
the futures account's balance (``balances()``, key ``contract:<currency>``): every realised PnL, fee and
funding amount is booked to that balance, so its change over a position's life is the position's
realised PnL. KuCoin facts: one-way positions, ``reduceOnly`` orders only reduce
(https://www.kucoin.com/docs-new/rest/futures-trading/orders/add-order), cross leverage is per contract
(/api/v2/changeCrossUserLeverage), funding is settled every 8 h on open perpetual positions.
"""
from __future__ import annotations

from decimal import Decimal

from .check import expect, same_number, short
from .env import Env
from .futureskit import ETH, FUTURES_TRADING, INVERSE, ISOLATED, LINEAR, flat, open_position, resting_price, \
    settle_funding, sim_futures_order, sim_position
from .registry import contract
from .tradekit import D, new_cid, sim_balance

__all__: list[str] = []


def _position(ex, symbol: str) -> dict:
    got = ex.fetch_position(symbol)
    expect(isinstance(got, dict) and got.get("symbol") == symbol, f"fetch_position({symbol!r}) returned {short(got)}")
    return got


def _expect_position(got: dict, truth: dict, what: str) -> None:
    qty = truth["currentQty"]
    expect(got["side"] == ("long" if qty > 0 else "short") and same_number(got["contracts"], abs(qty)),
           f"{what}: side {got['side']!r} contracts {got['contracts']} but the simulator holds {qty}")
    expect(same_number(got["entryPrice"], truth["avgEntryPrice"]),
           f"{what}: entryPrice {got['entryPrice']} != the simulator's avgEntryPrice {truth['avgEntryPrice']}")
    expect(same_number(got["realizedPnl"], truth["realisedPnl"]),
           f"{what}: realizedPnl {got['realizedPnl']} != the simulator's realisedPnl {truth['realisedPnl']}")
    expect(same_number(got["unrealizedPnl"], truth["unrealisedPnl"]),
           f"{what}: unrealizedPnl {got['unrealizedPnl']} != the simulator's unrealisedPnl {truth['unrealisedPnl']}")
    expect(got["marginMode"] == truth["marginMode"].lower(),
           f"{what}: marginMode {got['marginMode']!r} != the simulator's {truth['marginMode']!r}")


def _row_key(row: dict) -> tuple:
    """A closed position's identity in fetch_positions_history (its id, else what describes it)."""
    return (row.get("id"), row.get("symbol"), row.get("lastUpdateTimestamp"), str(row.get("realizedPnl")))


def _pnl_round_trip(env: Env, symbol: str, side: str, amount: int) -> None:
    """Open ``amount`` contracts on ``side``, reduce by one, close; judge the position at each stage and the
    closed position's realised PnL against what the futures account of the settle currency booked."""
    ex = env.futures_client(private=True)
    market = ex.market(symbol)
    mid, closing = market["id"], "sell" if side == "buy" else "buy"
    flat(env, ex, symbol)
    before = sim_balance(env, "contract", market["settleId"])["balance"]
    earlier = {_row_key(p) for p in ex.fetch_positions_history([symbol])}
    try:
        open_position(env, ex, symbol, side, amount)
        _expect_position(_position(ex, symbol), sim_position(env, mid), f"after a market {side} of {amount}")
        expect(same_number(_position(ex, symbol)["contractSize"], market["contractSize"]),
               f"{symbol}: the position's contractSize is not the market's")
        ex.create_order(symbol, "market", closing, 1, None, {"reduceOnly": True, **ISOLATED})
        _expect_position(_position(ex, symbol), sim_position(env, mid), "after reducing by 1")
        entry = sim_position(env, mid)["avgEntryPrice"]  # inverse: cost kept to 8 decimals moves it a little
        ex.create_order(symbol, "market", closing, amount - 1, None, {"reduceOnly": True, **ISOLATED})
        expect(sim_position(env, mid) is None, f"the position is still open: {short(sim_position(env, mid))}")
        booked = sim_balance(env, "contract", market["settleId"])["balance"] - before
        closed = [p for p in ex.fetch_positions_history([symbol]) if _row_key(p) not in earlier]
        expect(len(closed) == 1 and closed[0]["symbol"] == symbol,
               f"fetch_positions_history lists {len(closed)} new closed positions, not the one on {symbol}: "
               f"{short(closed)}")
        want_side = "long" if side == "buy" else "short"
        expect(closed[0]["side"] == want_side and same_number(closed[0]["entryPrice"], entry),
               f"the closed position: side {closed[0]['side']!r}, entryPrice {closed[0]['entryPrice']} (opened "
               f"{want_side} at {entry})")
        expect(same_number(closed[0]["realizedPnl"], booked),
               f"the closed position's realizedPnl {closed[0]['realizedPnl']} != {booked} {market['settle']} booked "
               f"to the futures account")
    finally:
        flat(env, ex, symbol)


@contract("futures positions", "after fills, fetch_position's side, contracts, entry price and PnL equal the "
          "simulator's position; after the close, fetch_positions_history's realised PnL is what the futures "
          "account booked over the position's life (a linear long)",
          requires=FUTURES_TRADING + ("futures:fetchPosition", "futures:fetchPositionsHistory"))
def check_position_pnl(env: Env) -> None:
    _pnl_round_trip(env, LINEAR, "buy", 4)


@contract("futures positions", "the same for an inverse short (BTC/USD:BTC, 1 contract = 1 USD, PnL in BTC)",
          requires=FUTURES_TRADING + ("futures:fetchPosition", "futures:fetchPositionsHistory"))
def check_inverse_position_pnl(env: Env) -> None:
    _pnl_round_trip(env, INVERSE, "sell", 40)


@contract("futures positions", "a reduce-only order larger than the position closes it and never opens the "
          "other side; with no position a reduce-only order opens nothing",
          requires=FUTURES_TRADING)
def check_reduce_only_never_flips(env: Env) -> None:
    ex = env.futures_client(private=True)
    mid = ex.market(LINEAR)["id"]
    try:
        open_position(env, ex, LINEAR, "buy", 2)
        ex.create_order(LINEAR, "market", "sell", 5, None, {"reduceOnly": True, **ISOLATED})
        expect(sim_position(env, mid) is None,
               f"a reduce-only sell of 5 against a long of 2 left {short(sim_position(env, mid))}")
        try:
            ex.create_order(LINEAR, "market", "sell", 1, None, {"reduceOnly": True, **ISOLATED})
        except Exception:  # noqa: BLE001 - KuCoin refuses it (300009); what matters is the position below
            pass
        expect(sim_position(env, mid) is None,
               f"a reduce-only sell without a position opened {short(sim_position(env, mid))}")
    finally:
        flat(env, ex, LINEAR)


@contract("futures margin", "set_margin_mode and cross set_leverage round trip through fetch_margin_mode and "
          "fetch_leverage, and a cross order then carries that leverage on the simulator",
          requires=FUTURES_TRADING + ("futures:setMarginMode", "futures:fetchMarginMode", "futures:setLeverage",
                                      "futures:fetchLeverage"))
def check_margin_mode_and_leverage(env: Env) -> None:
    ex = env.futures_client(private=True)
    mid = ex.market(ETH)["id"]
    flat(env, ex, ETH)
    try:
        ex.set_margin_mode("cross", ETH)
        expect(ex.fetch_margin_mode(ETH)["marginMode"] == "cross", "fetch_margin_mode after setting cross")
        ex.set_leverage(7, ETH, {"marginMode": "cross"})
        lev = ex.fetch_leverage(ETH, {"marginMode": "cross"})
        expect(lev["marginMode"] == "cross" and same_number(lev["longLeverage"], 7)
               and same_number(lev["shortLeverage"], 7), f"fetch_leverage after set_leverage(7): {short(lev)}")
        price = resting_price(env, mid, "buy")
        # `leverage` is required on every opening order (api-3470235); in cross mode KuCoin applies the cross
        # leverage instead, which is what this checks.
        order = ex.create_order(ETH, "limit", "buy", 1, float(price), {"clientOrderId": new_cid("fcross"),
                                                                       "marginMode": "cross", "leverage": 2})
        truth = sim_futures_order(env, order["id"])
        expect(truth["marginMode"] == "CROSS" and D(truth["leverage"]) == 7,
               f"the cross order is held as {truth['marginMode']} at leverage {truth['leverage']}, not CROSS at 7")
        ex.cancel_order(order["id"], ETH)
        ex.set_margin_mode("isolated", ETH)
        expect(ex.fetch_margin_mode(ETH)["marginMode"] == "isolated", "fetch_margin_mode after setting isolated")
    finally:
        flat(env, ex, ETH)
        try:
            ex.set_margin_mode("isolated", ETH)
        except Exception:  # noqa: BLE001 - best-effort restore for the next contracts
            pass


@contract("futures funding", "after the simulator settles funding on an open position, fetch_funding_history "
          "lists that payment: amount, currency, time",
          requires=FUTURES_TRADING + ("futures:fetchFundingHistory",))
def check_funding_settlement(env: Env) -> None:
    ex = env.futures_client(private=True)
    mid = ex.market(LINEAR)["id"]
    try:
        open_position(env, ex, LINEAR, "sell", 3)
        rows = [r for r in settle_funding(env) if r["symbol"] == mid]
        expect(len(rows) == 1, f"the simulator settled {short(rows)} for {mid}")
        row = rows[0]
        history = ex.fetch_funding_history(LINEAR)
        mine = [h for h in history if h.get("id") is not None and same_number(h["id"], row["id"])]
        expect(len(mine) == 1, f"fetch_funding_history has no payment {row['id']}: "
                               f"{short([(h.get('id'), h.get('amount')) for h in history], 600)}")
        got = mine[0]
        expect(got["symbol"] == LINEAR and got["code"] == "USDT",
               f"payment {row['id']}: symbol {got['symbol']!r} code {got['code']!r}")
        expect(same_number(got["amount"], Decimal(str(row["funding"]))),
               f"payment {row['id']}: amount {got['amount']} != settled funding {row['funding']}")
        expect(got["timestamp"] == row["timePoint"], f"payment {row['id']}: timestamp {got['timestamp']} != "
                                                      f"timePoint {row['timePoint']}")
    finally:
        flat(env, ex, LINEAR)


@contract("futures balance", "fetch_balance({'code': settle}) is the simulator's futures account of that settle "
          "currency: total, and used = margin held by a resting order",
          requires=FUTURES_TRADING + ("futures:fetchBalance",))
def check_balance_per_settle_currency(env: Env) -> None:
    ex = env.futures_client(private=True)
    mid = ex.market(LINEAR)["id"]
    flat(env, ex, LINEAR)
    try:
        for code, kucoin_code in (("USDT", "USDT"), ("BTC", "XBT")):
            truth = sim_balance(env, "contract", kucoin_code)
            got = ex.fetch_balance({"code": code})[code]
            expect(same_number(got["total"], truth["balance"]) and same_number(got["used"], truth["holds"]),
                   f"{code}: total {got['total']} used {got['used']} != the simulator's futures account {truth}")
        price = resting_price(env, mid, "buy")
        ex.create_order(LINEAR, "limit", "buy", 3, float(price), {"clientOrderId": new_cid("fbal"), **ISOLATED})
        truth = sim_balance(env, "contract", "USDT")
        got = ex.fetch_balance({"code": "USDT"})["USDT"]
        expect(truth["holds"] > 0 and same_number(got["used"], truth["holds"])
               and same_number(got["free"], truth["available"]) and same_number(got["total"], truth["balance"]),
               f"with a resting order: free/used/total {got['free']}/{got['used']}/{got['total']} != the "
               f"simulator's {truth}")
    finally:
        flat(env, ex, LINEAR)
