"""Contracts for order rejections: each KuCoin rejection raises ccxt's exception, and an order that
cannot be valid is refused before anything is sent.

Layer: conformance. Rule: unified interface only; truth from the simulator. Rejections the client
cannot foresee (balance, price band, disabled symbol, duplicate clientOid) are provoked for real;
those a careful client refuses itself (size, increment, minimum funds) are also injected on the wire
with the simulator's ``code`` fault, to check the mapping of KuCoin's answer
(codes and messages: reference/kucoin.md, issue 3's shared contract; https://www.kucoin.com/docs-new/errors).
"""
from __future__ import annotations

from .check import expect, expect_error, short
from .env import Env
from .orders import SYMBOL
from .registry import contract
from .tradekit import ORDER_POST_PATHS, TRADING, D, best, new_cid, order_requests, place_resting, \
    quietly_cancel, resting_price, sim_by_cid

__all__: list[str] = []


def _nothing_on_sim(env: Env, cid: str, what: str) -> None:
    left = sim_by_cid(env, cid)
    expect(not left, f"{what}: the simulator holds {short(left)} for the rejected clientOid {cid}")


@contract("rejections", "an order beyond the balance raises InsufficientFunds and leaves no order",
          requires=TRADING)
def check_insufficient_funds(env: Env) -> None:
    ex = env.client(private=True)
    price = resting_price(env, "KCS-USDT", "buy")
    cid = new_cid("nofunds")
    expect_error(lambda: ex.create_order(SYMBOL, "limit", "buy", 1_000_000, float(price), {"clientOrderId": cid}),
                 "InsufficientFunds", what="a buy of 1,000,000 KCS")
    _nothing_on_sim(env, cid, "insufficient funds")


@contract("rejections", "a buy priced beyond KuCoin's priceLimitRate band (30% over the ask) raises "
          "InvalidOrder", requires=TRADING)
def check_price_out_of_range(env: Env) -> None:
    # KuCoin's priceLimitRate protects against aggressive prices: a buy may not be priced more than the
    # rate above the last price (https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-symbol).
    ex = env.client(private=True)
    _, _, ask, _ = best(env, "KCS-USDT")
    tick = D(env.raw_symbol("KCS-USDT")["priceIncrement"])
    price = (ask * D("1.3") / tick).to_integral_value() * tick
    cid = new_cid("range")
    expect_error(lambda: ex.create_order(SYMBOL, "limit", "buy", 2, float(price), {"clientOrderId": cid}),
                 "InvalidOrder", what=f"a buy at {price}, 30% over the ask")
    _nothing_on_sim(env, cid, "price out of range")


@contract("rejections", "an order on a disabled symbol raises BadSymbol (or MarketClosed); on an unknown "
          "symbol BadSymbol without a request", requires=TRADING)
def check_bad_symbols(env: Env) -> None:
    ex = env.client(private=True)
    disabled = next(s for s in env.raw_symbols() if not s["enableTrading"] and s["quoteCurrency"] == "USDT")
    symbol = f"{disabled['baseCurrency']}/USDT"
    cid = new_cid("disabled")
    expect_error(lambda: ex.create_order(symbol, "limit", "buy", 1, 1.0, {"clientOrderId": cid}),
                 "BadSymbol", "MarketClosed", what=f"an order on the disabled {symbol}")
    _nothing_on_sim(env, cid, "disabled symbol")
    mark = env.mark()
    expect_error(lambda: ex.create_order("NOPE/USDT", "limit", "buy", 1, 1.0), "BadSymbol",
                 what="an order on an unknown symbol")
    sent = order_requests(env.requests_since(mark))
    expect(not sent, f"an order on an unknown symbol reached the simulator: {sent}")


@contract("rejections", "a duplicate clientOrderId raises DuplicateOrderId (an InvalidOrder) and the "
          "simulator keeps exactly one order", requires=TRADING)
def check_duplicate_cid(env: Env) -> None:
    ex = env.client(private=True)
    first, cid, price = place_resting(env, ex, SYMBOL, "sell", 2, "dup")
    try:
        expect_error(lambda: ex.create_order(SYMBOL, "limit", "sell", 2, float(price), {"clientOrderId": cid}),
                     "DuplicateOrderId", what="a second order with the same clientOrderId")
        held = sim_by_cid(env, cid)
        expect(len(held) == 1 and held[0]["id"] == first["id"], f"the simulator holds {short(held)} for {cid}")
    finally:
        quietly_cancel(ex, [first["id"]], SYMBOL)


_WIRE = (("Order size below the minimum requirement.", "size below the minimum"),
         ("Order funds below the minimum requirement.", "funds below the minimum"),
         ("The amount increment is invalid.", "a wrong amount increment"),
         ("Price increment invalid.", "a wrong price increment"))


@contract("rejections", "KuCoin's 400100 size/funds/increment rejections of an order raise InvalidOrder",
          requires=TRADING)
def check_wire_rejections(env: Env) -> None:
    ex = env.client(private=True)
    price = resting_price(env, "KCS-USDT", "buy")
    for msg, what in _WIRE:
        faults = [{"path": p, "method": "POST", "kind": "code", "code": "400100", "msg": msg, "count": 1}
                  for p in ORDER_POST_PATHS]
        cid = new_cid("wire")
        with env.faults(*faults):
            expect_error(lambda: ex.create_order(SYMBOL, "limit", "buy", 2, float(price), {"clientOrderId": cid}),
                         "InvalidOrder", what=f"KuCoin's answer for {what} ({msg!r})")
        _nothing_on_sim(env, cid, what)


@contract("rejections", "client-side validation: an amount under the market minimum or a cost under "
          "minFunds raises InvalidOrder and sends nothing", requires=TRADING)
def check_client_validation(env: Env) -> None:
    ex = env.client(private=True)
    ex.fetch_order_book(SYMBOL, 20)  # any clock probe a first private call makes happens before the mark
    market = ex.market(SYMBOL)
    minimum = D(market["limits"]["amount"]["min"])
    price = resting_price(env, "KCS-USDT", "buy")
    mark = env.mark()
    expect_error(lambda: ex.create_order(SYMBOL, "limit", "buy", float(minimum / 2), float(price)),
                 "InvalidOrder", what=f"an amount of {minimum / 2} under the minimum {minimum}")
    expect_error(lambda: ex.create_order(SYMBOL, "market", "buy", None, None, {"cost": 0.01}),
                 "InvalidOrder", what="a market buy with a cost of 0.01 under minFunds 0.1")
    sent = order_requests(env.requests_since(mark))
    expect(not sent, f"invalid orders reached the simulator: {sent}")


@contract("rejections", "a resting order is placed on the tick and the increment: price and amount that "
          "are off-grid are rounded (amount truncated) before sending", requires=TRADING)
def check_rounding(env: Env) -> None:
    ex = env.client(private=True)
    price = resting_price(env, "KCS-USDT", "sell")
    cid = new_cid("round")
    order = ex.create_order(SYMBOL, "limit", "sell", 2.000049999, float(price) + 0.0001,
                            {"clientOrderId": cid})
    try:
        [truth] = sim_by_cid(env, cid)
        expect(D(truth["size"]) == D("2.0000") and D(truth["price"]) == price,
               f"sent size {truth['size']} / price {truth['price']}, expected 2 / {price}")
    finally:
        quietly_cancel(ex, [order.get("id", "")], SYMBOL)
