"""The contract registry: a contract is a named, described check of one capability.

Layer: conformance (public interface only). Rule: contracts see the implementation only through the
ccxt-compatible unified interface and the simulator only through its public ``Simulator`` object or its
wire/admin surface, so the same contract can judge ``kucoin_connector.Kucoin`` and ``ccxt.kucoin``.

A contract is a function ``check(env) -> None`` that raises :class:`ContractFailure` (an
``AssertionError``) with a readable reason when the implementation breaks the contract. Any other
exception escaping a contract is an *error* (the implementation crashed, or the contract could not run).

A contract may name what it ``requires``: ccxt ``has`` capabilities (``"createOrder"``) that must be
truthy on the implementation, and simulator features (``"sim:trading"``) that the simulator must
offer. When one is missing the runner reports the contract as ``skip`` ("not supported by this
implementation"), which is honest: ``has`` says the method is not there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

__all__ = ["Contract", "ContractFailure", "contract", "CONTRACTS", "select_contracts", "capabilities"]


class ContractFailure(AssertionError):
    """The implementation under test broke a contract; the message says how."""


@dataclass(frozen=True)
class Contract:
    capability: str
    name: str
    description: str
    check: Callable[[Any], None]
    requires: tuple[str, ...] = ()


CONTRACTS: list[Contract] = []


def contract(capability: str, description: str, name: str | None = None,
             requires: Iterable[str] = ()) -> Callable[[Callable], Callable]:
    """Register ``fn`` as a contract of ``capability``; the name defaults to ``capability.fn_name``
    (with the ``check_`` prefix dropped), which is what the report and deviations use. ``requires``:
    ``has`` keys and ``sim:`` features the contract needs (see the module docstring)."""

    def register(fn: Callable[[Any], None]) -> Callable[[Any], None]:
        short = fn.__name__[6:] if fn.__name__.startswith("check_") else fn.__name__
        full = name or f"{capability.replace(' ', '_')}.{short}"
        if any(c.name == full for c in CONTRACTS):
            raise ValueError(f"duplicate contract name {full!r}")
        CONTRACTS.append(Contract(capability, full, description, fn, tuple(requires)))
        return fn

    return register


def select_contracts(select: Iterable[str] | str | None = None) -> list[Contract]:
    """Contracts whose name or capability equals, or whose name starts with, one of ``select``.
    ``None`` selects everything. An unknown selector raises ``ValueError`` (catches typos)."""
    if select is None:
        return list(CONTRACTS)
    wanted = [select] if isinstance(select, str) else list(select)
    chosen: list[Contract] = []
    for item in wanted:
        hits = [c for c in CONTRACTS if item in (c.name, c.capability) or c.name.startswith(item + ".")]
        if not hits:
            raise ValueError(f"no contract or capability named {item!r}")
        chosen.extend(c for c in hits if c not in chosen)
    return [c for c in CONTRACTS if c in chosen]  # registry order


def capabilities() -> list[str]:
    """Capability names in registration order."""
    seen: list[str] = []
    for c in CONTRACTS:
        if c.capability not in seen:
            seen.append(c.capability)
    return seen
