"""Small assertion helpers shared by the contracts (conformance layer, no implementation imports).

Numbers are compared as ``Decimal`` built from ``str(value)``, so a float ``0.1``, a ``Decimal("0.1")``
and the wire string ``"0.1"`` are all equal: an implementation may return floats (ccxt's default),
``Decimal`` or strings. Exceptions are recognised by class *name* anywhere in their MRO, so that
``ccxt.BadSymbol`` and ``kucoin_connector.BadSymbol`` both satisfy "raises BadSymbol".
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable

from .registry import ContractFailure

__all__ = ["expect", "num", "same_number", "error_names", "is_error", "expect_error", "expect_keys",
           "short"]


def expect(condition: object, reason: str) -> None:
    """Fail the contract with ``reason`` unless ``condition`` holds."""
    if not condition:
        raise ContractFailure(reason)


def short(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def num(value: Any) -> Decimal | None:
    """A number of any representation as a Decimal (``None`` stays ``None``); fails on non-numbers."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ContractFailure(f"expected a number, got the bool {value!r}")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ContractFailure(f"expected a number, got {short(value)}") from None


def same_number(a: Any, b: Any) -> bool:
    """Equal as numbers (``None`` equals only ``None``)."""
    if a is None or b is None:
        return a is None and b is None
    return num(a) == num(b)


def error_names(exc: BaseException) -> list[str]:
    return [k.__name__ for k in type(exc).__mro__]


def is_error(exc: BaseException, *names: str) -> bool:
    """True when ``exc`` is (a subclass of) a class named one of ``names``."""
    mro = error_names(exc)
    return any(n in mro for n in names)


def expect_error(fn: Callable[[], Any], *names: str, what: str) -> BaseException:
    """Call ``fn``; it must raise an exception of one of the class ``names`` (by MRO name)."""
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - judging whatever the implementation raises
        if not is_error(exc, *names):
            raise ContractFailure(f"{what}: expected {' or '.join(names)}, got {type(exc).__name__}: "
                                  f"{short(str(exc))}") from None
        return exc
    raise ContractFailure(f"{what}: expected {' or '.join(names)}, but it returned {short(result)}")


def expect_keys(obj: Any, expected: Iterable[str], what: str) -> None:
    """``obj`` must be a dict with exactly the ``expected`` keys."""
    expect(isinstance(obj, dict), f"{what}: expected a dict, got {type(obj).__name__}")
    want = set(expected)
    have = set(obj)
    missing, extra = sorted(want - have), sorted(have - want)
    expect(not missing and not extra, f"{what}: key set differs from ccxt's (missing {missing}, extra {extra})")
