"""The conformance report: ``kucoin-connector conformance [--impl NAME|module:factory] [--json]``.

Layer: conformance (a small command line on top of :mod:`runner`). Rule: it starts its own embedded
simulator, builds the implementation through a factory (:mod:`impls`), prints one progress line per
contract as it runs, then the results grouped by capability and a last line ``N passed, M failed``
(plus ``, K deviations`` when an implementation documents some, and ``, S skipped (not supported)``
when the implementation's ``has`` says a required capability is missing). Errors count as failures. Exit code
0 when nothing failed, 1 otherwise, 2 for a usage problem (unknown implementation, ccxt missing).
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence, TextIO

from .deviations import deviations_for
from .impls import load_factory
from .runner import Result, run

__all__ = ["main", "format_report", "summary_line", "counts"]

_LABEL = {"pass": "PASS", "fail": "FAIL", "error": "ERROR", "deviation": "DEVIATION", "skip": "SKIP"}


def counts(results: Sequence[Result]) -> dict[str, int]:
    passed = sum(r.outcome == "pass" for r in results)
    failed = sum(r.outcome in ("fail", "error") for r in results)
    deviations = sum(r.outcome == "deviation" for r in results)
    skipped = sum(r.outcome == "skip" for r in results)
    return {"passed": passed, "failed": failed, "deviations": deviations, "skipped": skipped}


def summary_line(results: Sequence[Result]) -> str:
    c = counts(results)
    line = f"{c['passed']} passed, {c['failed']} failed"
    if c["deviations"]:
        line += f", {c['deviations']} deviation" + ("s" if c["deviations"] != 1 else "")
    if c["skipped"]:
        line += f", {c['skipped']} skipped (not supported)"
    return line


def progress_line(result: Result, index: int, total: int) -> str:
    width = len(str(total))
    return f"[{index:>{width}}/{total}] {_LABEL[result.outcome]:<9} {result.name} ({result.seconds:.2f} s)"


def format_report(results: Sequence[Result], impl: str) -> str:
    """Results grouped by capability (first-seen order), reasons under failures and deviations."""
    lines = [f"Conformance report for {impl}", ""]
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(r.capability, []).append(r)
    for capability, items in groups.items():
        lines.append(f"{capability}:")
        for r in items:
            lines.append(f"  {_LABEL[r.outcome]:<9} {r.name}: {r.description}")
            if r.reason:
                prefix = {"deviation": "why", "pass": "note", "skip": "skip"}.get(r.outcome, "reason")
                lines.append(f"            {prefix}: {r.reason}")
        lines.append("")
    lines.append(summary_line(results))
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kucoin-connector conformance",
                                description="Run the conformance contracts against an embedded KuCoin simulator.")
    p.add_argument("--impl", default="kucoin_connector",
                   help="kucoin_connector (default), ccxt, or module:factory where "
                        "factory(urls: dict, credentials: dict) -> exchange")
    p.add_argument("--json", action="store_true", help="print machine-readable results (progress goes to stderr)")
    p.add_argument("--select", "-k", action="append", default=None, metavar="NAME",
                   help="run only this contract or capability (repeatable)")
    p.add_argument("--seed", type=int, default=1, help="simulator seed (default 1)")
    p.add_argument("--symbols", type=int, default=120, help="simulator symbol count (default 120)")
    return p


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser().parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        impl, factory = load_factory(args.impl)
        if impl == "ccxt":
            import ccxt  # noqa: F401
    except ImportError as exc:
        print(f"cannot load implementation {args.impl!r}: {exc}"
              + ("  (install the parity extra: pip install 'kucoin-connector[parity]')" if args.impl == "ccxt"
                 else ""), file=err)
        return 2
    except (ValueError, AttributeError) as exc:
        print(f"cannot load implementation {args.impl!r}: {exc}", file=err)
        return 2

    from .simulator import Simulator

    progress = err if args.json else out
    sim = Simulator(seed=args.seed, symbols=args.symbols).start()
    try:
        from .contracts import select_contracts
        try:
            total = len(select_contracts(args.select))
        except ValueError as exc:
            print(str(exc), file=err)
            return 2
        done = [0]

        def on_result(result: Result) -> None:
            done[0] += 1
            print(progress_line(result, done[0], total), file=progress, flush=True)

        print(f"Running {total} contracts against {impl} (simulator seed {args.seed}, {args.symbols} symbols)",
              file=progress, flush=True)
        results = run(factory, sim, args.select, deviations=deviations_for(impl), on_result=on_result)
    finally:
        sim.stop()
    if args.json:
        payload: dict[str, Any] = {"implementation": impl, "results": [r.to_dict() for r in results],
                                   "summary": counts(results)}
        print(json.dumps(payload, indent=2), file=out)
    else:
        print("", file=out)
        print(format_report(results, impl), file=out)
    return 0 if counts(results)["failed"] == 0 else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
