"""The runner's outcomes and the report's text, JSON and exit codes."""
from __future__ import annotations

import io
import json
import sys
import types

import pytest

from kucoin_conformance import report
from kucoin_conformance.contracts import CONTRACTS, select_contracts
from kucoin_conformance.contracts.registry import Contract, ContractFailure
from kucoin_conformance.deviations import DEVIATIONS
from kucoin_conformance.impls import kucoin_connector_factory, load_factory
from kucoin_conformance.runner import Result, run_contract


def _contract(check, name: str = "demo.check") -> Contract:
    return Contract("demo", name, "a demo contract", check)


def _passes(env) -> None:
    return None


def _fails(env) -> None:
    raise ContractFailure("bid 1 != true best bid 2")


def _crashes(env) -> None:
    raise KeyError("bid")


def test_run_contract_outcomes() -> None:
    assert run_contract(_contract(_passes), env=None).outcome == "pass"
    failed = run_contract(_contract(_fails), env=None)
    assert (failed.outcome, failed.reason) == ("fail", "bid 1 != true best bid 2")
    crashed = run_contract(_contract(_crashes), env=None)
    assert crashed.outcome == "error" and crashed.reason.startswith("KeyError: 'bid'")


def test_documented_deviation_is_reported_as_deviation_not_pass() -> None:
    why = {"demo.check": "the impl rounds differently because ..."}
    deviation = run_contract(_contract(_fails), env=None, deviations=why)
    assert deviation.outcome == "deviation"
    assert deviation.reason.startswith("the impl rounds differently because ...")
    assert "bid 1 != true best bid 2" in deviation.reason
    stale = run_contract(_contract(_passes), env=None, deviations=why)
    assert stale.outcome == "pass" and stale.reason.startswith("documented deviation did not occur")


class _EnvWithout:
    """A stand-in Env whose implementation lacks `createOrder` and whose simulator trades."""

    def missing(self, requires):
        return [f"has[{r!r}]" for r in requires if r == "createOrder"]


def test_missing_capability_is_a_skip_not_a_failure() -> None:
    needs = Contract("demo", "demo.trade", "needs createOrder", _crashes, ("sim:trading", "createOrder"))
    skipped = run_contract(needs, env=_EnvWithout())
    assert skipped.outcome == "skip"
    assert skipped.reason == "not supported by this implementation (has['createOrder'])"
    documented = run_contract(needs, env=_EnvWithout(), deviations={"demo.trade": "ccxt does X"})
    assert documented.outcome == "skip"  # a skip is never turned into a deviation
    fine = Contract("demo", "demo.read", "needs sim:trading only", _fails, ("sim:trading",))
    assert run_contract(fine, env=_EnvWithout()).outcome == "fail"
    assert report.summary_line([skipped, run_contract(_contract(_passes), env=None)]) == \
        "1 passed, 0 failed, 1 skipped (not supported)"
    text = report.format_report([skipped], "demo-impl")
    assert "  SKIP      demo.trade: needs createOrder" in text.splitlines()


def test_summary_line_wording() -> None:
    def r(outcome: str) -> Result:
        return Result("demo", f"demo.{outcome}", "d", outcome, "", 0.0)

    assert report.summary_line([r("pass"), r("pass"), r("fail")]) == "2 passed, 1 failed"
    assert report.summary_line([r("pass"), r("error")]) == "1 passed, 1 failed"
    assert report.summary_line([r("pass"), r("deviation"), r("deviation")]) == "1 passed, 0 failed, 2 deviations"
    assert report.summary_line([r("deviation")]) == "0 passed, 0 failed, 1 deviation"


def test_format_report_groups_by_capability_with_reasons() -> None:
    results = [Result("markets", "markets.a", "first", "pass", "", 0.1),
               Result("ticker", "ticker.b", "second", "fail", "bid differs", 0.2),
               Result("markets", "markets.c", "third", "deviation", "ccxt does X", 0.3)]
    text = report.format_report(results, "demo-impl")
    lines = text.splitlines()
    assert lines[0] == "Conformance report for demo-impl"
    assert lines.index("markets:") < lines.index("ticker:")
    assert "  PASS      markets.a: first" in lines
    assert "  DEVIATION markets.c: third" in lines and "            why: ccxt does X" in lines
    assert "  FAIL      ticker.b: second" in lines and "            reason: bid differs" in lines
    assert lines[-1] == "1 passed, 1 failed, 1 deviation"


def test_selection_and_deviation_names_are_real_contracts() -> None:
    assert [c.name for c in select_contracts("ticker")] == [c.name for c in CONTRACTS if c.capability == "ticker"]
    assert [c.name for c in select_contracts(["errors.unknown_symbol"])] == ["errors.unknown_symbol"]
    with pytest.raises(ValueError):
        select_contracts("no-such-capability")
    names = {c.name for c in CONTRACTS}
    for impl, table in DEVIATIONS.items():
        assert set(table) <= names, f"{impl} documents deviations for unknown contracts {set(table) - names}"


def test_load_factory() -> None:
    assert load_factory("kucoin_connector") == ("kucoin_connector", kucoin_connector_factory)
    with pytest.raises(ValueError):
        load_factory("no-colon-here")


def test_usage_errors_exit_2() -> None:
    err = io.StringIO()
    assert report.main(["--impl", "nonexistent_module_xyz:factory"], stdout=io.StringIO(), stderr=err) == 2
    assert "nonexistent_module_xyz" in err.getvalue()
    assert report.main(["--select", "no-such-capability"], stdout=io.StringIO(), stderr=io.StringIO()) == 2


def test_report_text_and_exit_code_on_success() -> None:
    out = io.StringIO()
    code = report.main(["--select", "status", "--select", "errors.unknown_symbol"], stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    lines = text.rstrip("\n").splitlines()
    assert code == 0, text
    assert lines[0].startswith("Running 2 contracts against kucoin_connector")
    assert any(line.endswith(")") and "PASS" in line and "status.status" in line for line in lines[1:3])
    assert "status:" in lines and "errors:" in lines
    assert lines[-1] == "2 passed, 0 failed"


def _broken_factory(urls: dict, credentials: dict):
    """kucoin_connector with a deliberately wrong best bid: the report must catch it."""
    exchange = kucoin_connector_factory(urls, credentials)
    real = exchange.fetch_ticker

    def fetch_ticker(symbol, params=None):
        ticker = dict(real(symbol, params))
        ticker["bid"] = ticker["bid"] * 2
        return ticker

    exchange.fetch_ticker = fetch_ticker
    return exchange


def test_report_fails_a_broken_implementation_with_reason_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("_conformance_broken_impl")
    module.factory = _broken_factory  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "_conformance_broken_impl", module)
    out = io.StringIO()
    code = report.main(["--impl", "_conformance_broken_impl:factory", "--select", "ticker"], stdout=out,
                       stderr=io.StringIO())
    lines = out.getvalue().rstrip("\n").splitlines()
    assert code == 1
    assert lines[-1] == "1 passed, 1 failed"
    fail_at = lines.index(next(line for line in lines if line.startswith("  FAIL      ticker.state")))
    assert lines[fail_at + 1].startswith("            reason: BTC/USDT: bid ")
    assert "!= true best bid" in lines[fail_at + 1]


def test_report_json() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = report.main(["--json", "--select", "time"], stdout=out, stderr=err)
    payload = json.loads(out.getvalue())
    assert code == 0
    assert payload["implementation"] == "kucoin_connector"
    assert payload["summary"] == {"passed": 1, "failed": 0, "deviations": 0, "skipped": 0}
    [row] = payload["results"]
    assert (row["capability"], row["name"], row["outcome"]) == ("time", "time.time", "pass")
    assert set(row) == {"capability", "name", "description", "outcome", "reason", "seconds"}
    assert "PASS" in err.getvalue()  # progress goes to stderr with --json
