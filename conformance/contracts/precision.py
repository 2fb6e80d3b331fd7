"""Contracts for the precision helpers bots call before placing orders.

Layer: conformance. Rule: public interface only. KuCoin's precision is a step size (ccxt's TICK_SIZE
mode): ``amount_to_precision`` truncates to ``baseIncrement``, ``price_to_precision`` rounds to
``priceIncrement`` (ccxt.md, "Conventions"); both return plain decimal strings (never an exponent),
also for tiny increments such as ``0.000000001``. Inputs are floats, as bots pass them: a float like
``0.3`` must be read as the decimal 0.3, not 0.29999999999999998.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .check import expect, num
from .env import Env
from .markets import spot_markets
from .registry import contract

__all__: list[str] = []


def _plain(result: Any, what: str) -> Decimal:
    expect(isinstance(result, str), f"{what} returned {type(result).__name__} {result!r}, not a string")
    expect("e" not in result.lower(), f"{what} returned {result!r} with an exponent")
    value = num(result)
    assert value is not None
    return value


def _pick(env: Env, field: str, largest: bool) -> tuple[str, Decimal]:
    """The active market with the smallest (or largest) wire increment ``field``."""
    ex = env.client()
    spot = spot_markets(ex)
    items = [i for i in env.raw_symbols() if i["enableTrading"] and i["symbol"] in spot]
    item = (max if largest else min)(items, key=lambda i: Decimal(i[field]))
    return spot[item["symbol"]]["symbol"], Decimal(item[field])


@contract("precision", "amount_to_precision truncates to the amount step and reads floats as decimals")
def check_amount_truncates(env: Env) -> None:
    ex = env.client()
    for symbol in ("BTC/USDT", "ETH/BTC"):
        step = Decimal(env.raw_symbol(ex.market_id(symbol))["baseIncrement"])
        for multiple, want in (("7.9", 7), ("7.1", 7), ("3", 3), ("12345.999", 12345)):
            value = float(str(Decimal(multiple) * step))
            got = _plain(ex.amount_to_precision(symbol, value), f"amount_to_precision({symbol!r}, {value!r})")
            expect(got == want * step, f"amount_to_precision({symbol!r}, {value!r}) = {got}, expected {want * step}")
    symbol, step = _pick(env, "baseIncrement", largest=True)  # a whole-unit step, like SHIB's 1
    expect(step >= 1, f"the simulator's largest baseIncrement is {step}: need a whole-unit one")
    value = float(step * Decimal("5.3"))
    got = _plain(ex.amount_to_precision(symbol, value), f"amount_to_precision({symbol!r}, {value!r})")
    expect(got == step * 5, f"amount_to_precision({symbol!r}, {value!r}) = {got}, expected {step * 5}")


@contract("precision", "price_to_precision rounds to the nearest tick")
def check_price_rounds(env: Env) -> None:
    ex = env.client()
    for symbol in ("BTC/USDT", "ETH/BTC"):
        tick = Decimal(env.raw_symbol(ex.market_id(symbol))["priceIncrement"])
        for multiple, want in (("1234.6", 1235), ("1234.4", 1234), ("1234", 1234), ("0.3", 0)):
            value = float(str(Decimal(multiple) * tick))
            try:
                got = _plain(ex.price_to_precision(symbol, value), f"price_to_precision({symbol!r}, {value!r})")
            except Exception:  # noqa: BLE001 - a price that rounds to zero may be refused
                if want == 0:
                    continue
                raise
            expect(got == want * tick, f"price_to_precision({symbol!r}, {value!r}) = {got}, expected {want * tick}")


@contract("precision", "tiny increments (1e-9 price tick, 1e-8 amount step) give plain strings, no exponent")
def check_tiny_increments(env: Env) -> None:
    ex = env.client()
    symbol, tick = _pick(env, "priceIncrement", largest=False)
    expect(tick <= Decimal("0.00000001"), f"the simulator's smallest priceIncrement is {tick}: need a tiny one")
    value = float(str(tick * Decimal("12345.6")))
    got = _plain(ex.price_to_precision(symbol, value), f"price_to_precision({symbol!r}, {value!r})")
    expect(got == tick * 12346, f"price_to_precision({symbol!r}, {value!r}) = {got}, expected {tick * 12346}")
    symbol, step = _pick(env, "baseIncrement", largest=False)
    expect(step <= Decimal("0.00000001"), f"the simulator's smallest baseIncrement is {step}: need a tiny one")
    value = float(str(step * Decimal("12345678.9")))
    got = _plain(ex.amount_to_precision(symbol, value), f"amount_to_precision({symbol!r}, {value!r})")
    expect(got == step * 12345678, f"amount_to_precision({symbol!r}, {value!r}) = {got}, expected {step * 12345678}")
