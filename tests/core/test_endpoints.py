"""The generated endpoint table, lookup by concrete path, and the generator itself."""
from __future__ import annotations

import importlib.util
import json
import pathlib
import subprocess
import sys
from types import ModuleType

import pytest

from kucoin_connector.rest.endpoint_table import DEFAULT_WEIGHT
from kucoin_connector.rest.endpoints import HOSTS, POOLS, Endpoint, all_endpoints, lookup, template_for

ROOT = pathlib.Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "reference"
TSV = REFERENCE / "kucoin-endpoints.tsv"
SPEC = REFERENCE / "kucoin-openapi" / "rest"
# The reference files are vendored in the repository: a missing one fails the tests, never skips them.


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_endpoints", ROOT / "tools" / "gen_endpoints.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- golden rows --------------------------------------------------------------------------------


def test_market_stats_golden_row() -> None:
    assert lookup("GET", "/api/v1/market/stats") == Endpoint(
        method="GET", path="/api/v1/market/stats", host="spot", pool="Public", weight=15, private=False,
        deprecated=False, permission=None, doc_url="https://www.kucoin.com/docs-new/api-3470161",
        name="Get 24hr Stats",
    )


def test_full_orderbook_is_private() -> None:
    ep = lookup("GET", "/api/v3/market/orderbook/level2")
    assert ep is not None
    assert (ep.host, ep.private, ep.permission, ep.weight, ep.pool) == ("spot", True, "General", 3, "Spot")


def test_classic_spot_order_is_deprecated_futures_is_not() -> None:
    spot = lookup("POST", "/api/v1/orders")
    futures = lookup("POST", "/api/v1/orders", host="futures")
    assert spot is not None and futures is not None
    assert (spot.host, spot.deprecated) == ("spot", True)
    assert (futures.host, futures.deprecated, futures.pool) == ("futures", False, "Futures")
    hf = lookup("POST", "/api/v1/hf/orders")
    assert hf is not None and not hf.deprecated


def test_futures_actual_fee_is_get_not_patch() -> None:
    ep = lookup("GET", "/api/v1/trade-fees", host="futures")
    assert ep is not None
    assert (ep.pool, ep.weight, ep.name) == ("Futures", 3, "Get Actual Fee - Futures")
    assert lookup("PATCH", "/api/v1/trade-fees", host="futures") is None
    spot = lookup("GET", "/api/v1/trade-fees")
    assert spot is not None and spot.host == "spot" and spot.doc_url != ep.doc_url
    assert all(e.method in ("GET", "POST", "PUT", "DELETE") for e in all_endpoints())


def test_unweighted_uta_route_gets_default_weight_and_its_pool() -> None:
    ep = lookup("GET", "/api/ua/v2/unified/account/balance")
    assert ep is not None
    assert (ep.pool, ep.weight, ep.private, ep.host) == ("UnifiedAccount", DEFAULT_WEIGHT, True, "spot")


@pytest.mark.parametrize(
    "method,path,host,pool",
    [
        ("GET", "/api/v1/convert/currencies", "spot", "Public"),
        ("POST", "/api/v1/convert/order", "spot", "Spot"),
        ("GET", "/api/v2/affiliate/queryInvitees", "spot", "Management"),
        ("GET", "/api/v2/position/getPositionMode", "futures", "Futures"),
        ("POST", "/api/v2/copy-trade/position/switchPositionMode", "futures", "CopyTrading"),
        ("POST", "/api/v1/struct-earn/orders", "spot", "Earn"),
        ("POST", "/api/v2/broker/withdrawal", "broker", "Broker"),
    ],
)
def test_unverified_rows_get_an_inferred_pool(method: str, path: str, host: str, pool: str) -> None:
    ep = lookup(method, path, host)
    assert ep is not None
    assert (ep.pool, ep.weight) == (pool, DEFAULT_WEIGHT)


# --- matching -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path,host,template",
    [
        ("GET", "/api/v1/hf/orders/6717422bd51c29000775ea03", None, "/api/v1/hf/orders/{orderId}"),
        ("DELETE", "/api/v1/hf/orders/6717422bd51c29000775ea03?symbol=BTC-USDT", None, "/api/v1/hf/orders/{orderId}"),
        ("GET", "/api/v1/hf/orders/client-order/my-oid-1", None, "/api/v1/hf/orders/client-order/{clientOid}"),
        ("DELETE", "/api/v1/hf/orders/cancel/6717422b", None, "/api/v1/hf/orders/cancel/{orderId}"),
        ("GET", "/api/v1/market/orderbook/level2_20", None, "/api/v1/market/orderbook/level2_{size}"),
        ("GET", "/api/v1/level2/depth100", None, "/api/v1/level2/depth{size}"),
        ("GET", "/api/v1/mark-price/XBTUSDTM/current", "futures", "/api/v1/mark-price/{symbol}/current"),
        ("GET", "/api/v1/orders/5cdfc138b21023a909e5ad55", "futures", "/api/v1/orders/{order-id}"),
        ("get", "/api/v1/hf/orders/abc/", None, "/api/v1/hf/orders/{orderId}"),
    ],
)
def test_concrete_path_finds_its_template(method: str, path: str, host: str | None, template: str) -> None:
    assert template_for(method, path, host) == template


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/api/v1/hf/orders/active"),
        ("GET", "/api/v1/hf/orders/done"),
        ("DELETE", "/api/v1/hf/orders/cancelAll"),
        # A literal on another host beats a spot template ({orderId} could never be these words).
        ("DELETE", "/api/v1/orders/multi-cancel"),
        ("GET", "/api/v1/orders/byClientOid"),
    ],
)
def test_literal_beats_template(method: str, path: str) -> None:
    assert template_for(method, path) == path


def test_template_passed_as_is_finds_its_own_row() -> None:
    ep = lookup("GET", "/api/v1/hf/orders/{orderId}")
    assert ep is not None and ep.path == "/api/v1/hf/orders/{orderId}" and ep.name == "Get Order By OrderId"


def test_host_disambiguates_shared_paths() -> None:
    spot = lookup("GET", "/api/v1/timestamp")
    futures = lookup("GET", "/api/v1/timestamp", host="futures")
    assert spot is not None and futures is not None
    assert (spot.host, spot.weight) == ("spot", 3)
    assert (futures.host, futures.weight) == ("futures", 2)
    # Without a host, spot is preferred for a shared template too.
    assert template_for("GET", "/api/v1/orders/abc") == "/api/v1/orders/{orderId}"


def test_path_on_one_host_only_is_found_without_host() -> None:
    ep = lookup("GET", "/api/v1/contracts/active")
    assert ep is not None and ep.host == "futures"
    assert lookup("GET", "/api/v1/contracts/active", host="spot") is None


@pytest.mark.parametrize(
    "method,path,host",
    [
        ("GET", "/api/v1/does-not-exist", None),
        ("PUT", "/api/v1/hf/orders/abc", None),
        ("GET", "/api/v1/market/orderbook/level2_", None),  # an empty placeholder matches nothing
        ("GET", "/api/v1/market/stats", "broker"),
        ("GET", "/api/v1/hf/orders/abc/extra/segments", None),
    ],
)
def test_no_match_is_none(method: str, path: str, host: str | None) -> None:
    assert lookup(method, path, host) is None
    assert template_for(method, path, host) is None


# --- table invariants ---------------------------------------------------------------------------


def test_table_invariants() -> None:
    rows = all_endpoints()
    keys = [(e.method, e.path, e.host) for e in rows]
    assert len(keys) == len(set(keys))
    assert {e.host for e in rows} == set(HOSTS)
    assert {e.pool for e in rows} == set(POOLS)
    assert all(isinstance(e.weight, int) and e.weight >= 0 for e in rows)
    assert all(e.path.startswith("/api/") for e in rows)
    assert list(rows) == sorted(rows, key=lambda e: (e.host, e.path, e.method))


def test_table_has_every_tsv_row() -> None:
    assert len(all_endpoints()) == len(TSV.read_text(encoding="utf-8").splitlines()) - 1


def test_every_spec_operation_is_present_with_its_facts() -> None:
    hosts = {"Spot": "spot", "Futures": "futures", "Broker": "broker"}
    count = 0
    for spec_file in sorted(SPEC.glob("*.json")):
        for path, operations in json.loads(spec_file.read_text(encoding="utf-8"))["paths"].items():
            for method, op in operations.items():
                real_method = op.get("x-original-method", method).upper()
                ep = lookup(real_method, path, hosts[op["x-domain"]])
                assert ep is not None and ep.path == path, (spec_file.name, method, path)
                assert ep.private == (op["x-api-channel"] == "Private"), path
                assert ep.pool == op["x-api-rate-limit-pool"], path
                assert ep.weight == op.get("x-api-rate-limit-weight", DEFAULT_WEIGHT), path
                assert ep.deprecated == (op["x-abandon"] != "normal"), path
                assert ep.doc_url == op["x-api-doc"], path
                count += 1
    assert count == 250


# --- the generator ------------------------------------------------------------------------------

TSV_RECORD = {
    "base_url": "https://api-futures.kucoin.com", "method": "PATCH", "path": "/api/v1/trade-fees",
    "weight": "3", "rate_limit_pool": "Futures", "access": "private", "api_key_permission": "General",
    "status": "current", "doc_url": "https://www.kucoin.com/docs-new/api-3470151", "name": "Get Actual Fee - Futures",
}


def test_generator_rewrites_the_known_patch_quirk() -> None:
    row = _load_generator().convert(dict(TSV_RECORD))
    assert (row.method, row.host, row.weight, row.permission) == ("GET", "futures", 3, "General")


def test_generator_rejects_an_unknown_patch() -> None:
    with pytest.raises(ValueError, match="METHOD_FIXES"):
        _load_generator().convert(dict(TSV_RECORD, path="/api/v1/other"))


def test_generator_defaults_for_unweighted_uta_rows() -> None:
    record = dict(TSV_RECORD, base_url="https://api.kucoin.com", method="GET", path="/api/ua/v2/x", weight="",
                  rate_limit_pool="Unified Account (per docs rate-limit table)", api_key_permission="", doc_url="")
    row = _load_generator().convert(record)
    assert (row.pool, row.weight, row.permission, row.doc_url) == ("UnifiedAccount", DEFAULT_WEIGHT, None, None)


def test_committed_table_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_endpoints.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


def test_check_fails_on_a_stale_table(tmp_path: pathlib.Path) -> None:
    gen = _load_generator()
    out = tmp_path / "endpoint_table.py"
    assert gen.main(["--out", str(out)]) == 0
    assert gen.main(["--check", "--out", str(out)]) == 0
    out.write_text(out.read_text(encoding="utf-8").replace("'Get 24hr Stats'", "'Edited'"), encoding="utf-8")
    assert gen.main(["--check", "--out", str(out)]) == 1
