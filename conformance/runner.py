"""Run the contracts against one implementation and one simulator; collect :class:`Result` rows.

Layer: conformance. Rule: the implementation is built only through ``factory(urls, credentials)``
and used only through its unified interface. The simulator is paused for the whole run (contracts
move it with ``step``) and resumed afterwards if it was running, so every comparison with its true
state is deterministic.

Outcomes: ``skip`` (the contract ``requires`` a ``has`` capability the implementation says it lacks,
or a simulator feature that is not there: "not supported by this implementation"); ``pass``; ``fail`` (the contract's assertion failed); ``error`` (an unexpected exception:
the implementation crashed or the contract could not run); ``deviation`` (failed or errored, but the
implementation documents why in :mod:`kucoin_conformance.deviations`).
"""
from __future__ import annotations

import time
import traceback
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable, Mapping

from .contracts import Env, Factory, select_contracts
from .contracts.registry import Contract, ContractFailure

__all__ = ["Result", "run", "run_contract", "OUTCOMES", "SKIP_REASON"]

OUTCOMES = ("pass", "fail", "error", "deviation", "skip")

SKIP_REASON = "not supported by this implementation"


@dataclass(frozen=True)
class Result:
    capability: str
    name: str
    description: str
    outcome: str  # one of OUTCOMES
    reason: str
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ContractFailure):
        return str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def run_contract(contract: Contract, env: Env, deviations: Mapping[str, str] | None = None) -> Result:
    """Run one contract; never raises (except KeyboardInterrupt/SystemExit)."""
    started = time.perf_counter()
    if contract.requires and env is not None:
        missing = env.missing(contract.requires)
        if missing:
            return Result(contract.capability, contract.name, contract.description, "skip",
                          f"{SKIP_REASON} ({', '.join(missing)})", 0.0)
    try:
        contract.check(env)
    except ContractFailure as exc:
        outcome, reason = "fail", _describe(exc)
    except Exception as exc:  # noqa: BLE001 - any crash is reported, the run goes on
        outcome, reason = "error", _describe(exc)
    else:
        outcome, reason = "pass", ""
    documented = (deviations or {}).get(contract.name)
    if documented is not None:
        if outcome == "pass":
            reason = "documented deviation did not occur: " + documented
        else:
            outcome, reason = "deviation", f"{documented} [observed: {reason}]"
    return Result(contract.capability, contract.name, contract.description, outcome, reason,
                  round(time.perf_counter() - started, 4))


def run(factory: Factory, sim: Any, select: Iterable[str] | str | None = None, *,
        deviations: Mapping[str, str] | None = None,
        on_result: Callable[[Result], None] | None = None) -> list[Result]:
    """Run the selected contracts (all by default) against ``factory``'s implementation on ``sim``.

    ``factory(urls, credentials)`` builds a client: ``urls`` is ``{"spot": URL, "futures": URL}`` and
    ``credentials`` is ``{}`` or ``{"apiKey", "secret", "password", "keyVersion"}``. ``on_result`` is
    called after each contract (progress output).
    """
    contracts = select_contracts(select)
    was_paused = bool(getattr(sim, "paused", False))
    sim.pause()
    env = Env(factory, sim)
    results: list[Result] = []
    try:
        for contract in contracts:
            result = run_contract(contract, env, deviations)
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        env.close()
        sim.clear_faults()
        if not was_paused:
            sim.resume()
    return results
