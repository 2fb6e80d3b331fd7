"""A seeded random run of futures orders, cancels, stops, margin moves, funding and market steps: after every
operation the books balance exactly (holds = order margin + position margin; a position is the sum of its
fills) and every answer is a KuCoin answer, never an internal error."""
from __future__ import annotations

import random
from decimal import Decimal

import pytest
from fsimhelpers import api_for, order, top

from kucoin_conformance.simulator.futures_orders import ACCOUNT, FuturesOrder

SYMBOLS = ("XBTUSDTM", "ETHUSDTM", "XBTUSDM")


def check_books(sim) -> None:
    desk = sim.futures_desk
    with desk.lock:
        for currency in ("USDT", "XBT"):
            acc = sim.accounts.account(ACCOUNT, currency)
            orders = sum((o.hold_left for o in desk.orders() if o.active and o.contract.settle == currency),
                         Decimal(0))
            positions = sum((p.margin for p in desk.positions.values() if p.contract.settle == currency), Decimal(0))
            assert acc.holds == orders + positions, currency
            assert acc.balance > 0
        for symbol, pos in desk.positions.items():
            signed = sum(f.lots if f.order.side == "buy" else -f.lots for f in desk.engine.fills
                         if f.order.spec.symbol == symbol)
            liquidated = sum(int(h["liquidAmount"]) * (1 if h["side"] == "LONG" else -1) for h in desk.history
                             if h["symbol"] == symbol and h["liquidAmount"])
            assert pos.qty == signed - liquidated, symbol
            assert (pos.qty == 0) == (pos.cost == 0 and pos.margin == 0), symbol
        for o in desk.orders():
            assert isinstance(o, FuturesOrder) and 0 <= o.deal_lots <= (o.size or 0) <= max(o.origin_size, 1)
            assert o.hold_left >= 0 and (o.active or o.hold_left == 0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_operations_keep_the_books_exact(make_sim, make_client, clock, seed):
    sim = make_sim(seed=7, clock=clock, quotas={"Futures": 10**9})
    sim.pause()
    api = api_for(sim, make_client(sim.futures_url), clock)
    rng = random.Random(seed)
    for step in range(120):
        symbol = rng.choice(SYMBOLS)
        bid, ask = top(sim, symbol)
        tick = Decimal("0.1") if symbol != "ETHUSDTM" else Decimal("0.01")
        side = rng.choice(("buy", "sell"))
        size = rng.randint(1, 200 if symbol == "XBTUSDM" else 8)
        kind = rng.randrange(12)
        if kind < 3:
            body = order(symbol, side=side, size=size, leverage=rng.choice((1, 3, 10, 50)))
        elif kind < 5:
            offset = tick * rng.randint(-20, 40)
            price = (bid - offset) if side == "buy" else (ask + offset)
            body = order(symbol, side=side, size=size, type="limit", price=str(price),
                         postOnly=rng.random() < 0.2, reduceOnly=rng.random() < 0.3)
        elif kind == 5:
            body = {"symbol": symbol, "type": "market", "closeOrder": True, "clientOid": f"c{seed}-{step}"}
        elif kind == 6:
            level = (bid + ask) / 2 + tick * rng.randint(-30, 30)
            body = order(symbol, side=side, size=size, stop=rng.choice(("up", "down")),
                         stopPrice=str(level.quantize(tick)), stopPriceType=rng.choice(("TP", "MP", "IP")))
        else:
            body = None
        if body is not None:
            answer = api("POST", "/api/v1/orders", body)
        elif kind == 7:
            answer = api("DELETE", f"/api/v1/orders?symbol={symbol}")
        elif kind == 8:
            answer = api("POST", "/api/v1/position/margin/deposit-margin", {"symbol": symbol, "margin": "0.5"})
        elif kind == 10:
            answer = api("POST", "/api/v2/position/changeMarginMode",
                         {"symbol": symbol, "marginMode": rng.choice(("CROSS", "ISOLATED"))})
        elif kind == 11:  # a mark price jump: whatever it liquidates, the books stay exact
            jump = Decimal(rng.choice(("0.5", "0.8", "0.97", "1.03", "1.25", "2")))
            sim.futures_desk.liquidate_if_due(symbol, (sim.futures.mark_price(symbol) * jump).quantize(tick),
                                              sim.now_ms())
            answer = {"code": "200000"}
        else:
            sim.step(rng.randint(1, 3))
            if rng.random() < 0.1:
                sim.settle_futures_funding()
            answer = {"code": "200000"}
        assert answer["code"] in ("200000", "300003", "300009", "300011", "300012", "400100", "400760"), answer
        check_books(sim)
