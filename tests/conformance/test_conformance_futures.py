"""The futures contracts: they are registered and reported, they judge the factory's futures sibling, they are
skipped honestly without one, and they catch a futures client that misreports."""
from __future__ import annotations

import io

from kucoin_conformance import report
from kucoin_conformance.contracts import CONTRACTS, Env, select_contracts
from kucoin_conformance.impls import FAMILIES, kucoin_connector_factory, kucoin_connector_futures_factory
from kucoin_conformance.runner import SKIP_REASON, run_contract

FUTURES_CAPABILITIES = {"futures markets", "futures ticker", "futures order book", "futures trades", "futures ohlcv",
                        "futures funding rate", "futures mark price", "futures orders", "futures unknown outcome",
                        "futures positions", "futures margin", "futures funding", "futures triggers",
                        "futures balance", "futures delivery", "futures ledger"}


def _contract(name: str):
    (found,) = [c for c in CONTRACTS if c.name == name]
    return found


def test_the_suite_covers_the_futures_capabilities() -> None:
    assert FUTURES_CAPABILITIES <= {c.capability for c in CONTRACTS}
    for impl, family in FAMILIES.items():
        assert family["spot"].futures is family["futures"], impl


def test_the_connector_factory_builds_kucoin_futures_for_the_futures_family(env) -> None:
    from kucoin_connector import Kucoin, KucoinFutures

    assert isinstance(env.fresh(), Kucoin) and isinstance(env.fresh(family="futures"), KucoinFutures)
    assert env.has("futures")["fetchPositions"] is True and not env.has().get("fetchPositions")


def _spot_only(urls: dict, credentials: dict):
    return kucoin_connector_factory(urls, credentials)


def test_without_a_futures_factory_every_futures_contract_is_skipped(sim) -> None:
    environment = Env(_spot_only, sim)
    try:
        for c in select_contracts(sorted(FUTURES_CAPABILITIES)):
            result = run_contract(c, environment)
            assert result.outcome == "skip" and result.reason.startswith(SKIP_REASON + " (futures has["), result
    finally:
        environment.close()


def _misreporting_futures(urls: dict, credentials: dict):
    """KucoinFutures whose positions carry one contract too many and whose ticker bid is off by a tick."""
    client = kucoin_connector_futures_factory(urls, credentials)
    fetch_position, fetch_ticker = client.fetch_position, client.fetch_ticker

    def position(symbol, params=None):
        got = dict(fetch_position(symbol, params))
        got["contracts"] = got["contracts"] + 1
        return got

    def ticker(symbol, params=None):
        got = dict(fetch_ticker(symbol, params))
        got["bid"] = got["bid"] - 0.1
        return got

    client.fetch_position, client.fetch_ticker = position, ticker
    return client


def _broken(urls: dict, credentials: dict):
    return kucoin_connector_factory(urls, credentials)


_broken.futures = _misreporting_futures  # type: ignore[attr-defined]


def test_a_misreporting_futures_client_fails_with_the_reason(sim) -> None:
    environment = Env(_broken, sim)
    try:
        position = run_contract(_contract("futures_positions.position_pnl"), environment)
        assert position.outcome == "fail" and "contracts 5" in position.reason and "holds 4" in position.reason
        ticker = run_contract(_contract("futures_ticker.ticker"), environment)
        assert ticker.outcome == "fail" and "bid" in ticker.reason and "bestBidPrice" in ticker.reason
    finally:
        environment.close()
        sim.clear_faults()


def test_the_report_lists_the_futures_contracts() -> None:
    out = io.StringIO()
    code = report.main(["--select", "futures markets", "--select", "futures orders"], stdout=out,
                       stderr=io.StringIO())
    lines = out.getvalue().rstrip("\n").splitlines()
    assert code == 0, out.getvalue()
    assert "futures markets:" in lines and "futures orders:" in lines
    assert any(line.startswith("  PASS      futures_orders.resting_lifecycle: ") for line in lines)
    assert lines[-1] == "3 passed, 0 failed"
