"""Request signatures: key versions 1/2/3, every gateway auth error, the timestamp window."""
from __future__ import annotations

import pytest

ACCOUNTS = "/api/v1/accounts"


def _code(resp) -> tuple[int, str]:
    return resp.status, resp.json()["code"]


@pytest.mark.parametrize("version", [1, 2, 3])
def test_each_key_version_is_accepted(sim, spot, clock, version):
    creds = sim.add_api_key(version=version)
    assert creds["keyVersion"] == version and creds["apiKey"] != sim.credentials["apiKey"]
    resp = spot.signed("GET", ACCOUNTS + "?currency=BTC", creds, now=clock.ms)
    assert resp.status == 200 and {a["currency"] for a in resp.data} == {"BTC"}


def test_default_key_is_v3_and_ccxt_style_version_2_header_works(sim, spot, clock):
    assert sim.credentials["keyVersion"] == 3
    assert spot.signed("GET", ACCOUNTS, sim.credentials, now=clock.ms, version="2").status == 200


def test_query_string_is_signed_exactly_as_sent(sim, spot, clock):
    path = ACCOUNTS + "?currency=USDT&type=trade"
    assert spot.signed("GET", path, sim.credentials, now=clock.ms).status == 200
    reordered = spot.signed("GET", path, sim.credentials, now=clock.ms,
                            sign_path=ACCOUNTS + "?type=trade&currency=USDT")
    assert _code(reordered) == (401, "400005")
    without_query = spot.signed("GET", path, sim.credentials, now=clock.ms, sign_path=ACCOUNTS)
    assert _code(without_query) == (401, "400005")


@pytest.mark.parametrize("header", ["KC-API-KEY", "KC-API-SIGN", "KC-API-TIMESTAMP", "KC-API-PASSPHRASE"])
def test_missing_header_is_400001(sim, spot, clock, header):
    resp = spot.signed("GET", ACCOUNTS, sim.credentials, now=clock.ms, drop=(header,))
    assert _code(resp) == (400, "400001") and "KC-API-KEY" in resp.json()["msg"]


def test_private_endpoint_without_any_header(spot):
    assert _code(spot.get("/api/v3/market/orderbook/level2?symbol=BTC-USDT")) == (400, "400001")


def test_timestamp_window_is_five_seconds(sim, spot, clock):
    now = clock.ms()
    for delta in (-5000, 4999, 5000):
        assert spot.signed("GET", ACCOUNTS, sim.credentials, ts=now + delta).status == 200, delta
    for delta in (-5001, 6000, -60000):
        resp = spot.signed("GET", ACCOUNTS, sim.credentials, ts=now + delta)
        assert resp.json() == {"code": "400002", "msg": "Invalid KC-API-TIMESTAMP"} and resp.status == 400


def test_unknown_key_bad_passphrase_bad_signature(sim, spot, clock):
    stranger = dict(sim.credentials, apiKey="000000000000000000000000")
    assert _code(spot.signed("GET", ACCOUNTS, stranger, now=clock.ms)) == (401, "400003")
    assert _code(spot.signed("GET", ACCOUNTS, sim.credentials, now=clock.ms, passphrase="wrong")) == (401, "400004")
    forged = dict(sim.credentials, secret="not-the-secret")
    # a wrong secret already fails on the (HMAC'd) passphrase, which is checked before the signature
    assert _code(spot.signed("GET", ACCOUNTS, forged, now=clock.ms)) == (401, "400004")
    v1 = sim.add_api_key(version=1)
    assert _code(spot.signed("GET", ACCOUNTS, v1, now=clock.ms, passphrase=v1["password"] + "x")) == (401, "400004")


def test_bad_signature_only(sim, spot, clock):
    resp = spot.signed("GET", ACCOUNTS, sim.credentials, now=clock.ms, sign_path=ACCOUNTS + "x")
    assert resp.json() == {"code": "400005", "msg": "Invalid KC-API-SIGN"} and resp.status == 401


def test_key_version_mismatch_is_400009(sim, spot, clock):
    v1 = sim.add_api_key(version=1)
    v2 = sim.add_api_key(version=2)
    assert _code(spot.signed("GET", ACCOUNTS, v1, now=clock.ms, version="2")) == (401, "400009")
    assert _code(spot.signed("GET", ACCOUNTS, v2, now=clock.ms, version="1")) == (401, "400009")
    assert _code(spot.signed("GET", ACCOUNTS, sim.credentials, now=clock.ms, version="7")) == (401, "400009")
    missing = spot.signed("GET", ACCOUNTS, sim.credentials, now=clock.ms, drop=("KC-API-KEY-VERSION",))
    assert _code(missing) == (401, "400009")
    v1_no_header = spot.signed("GET", ACCOUNTS, v1, now=clock.ms, drop=("KC-API-KEY-VERSION",))
    assert v1_no_header.status == 200  # legacy v1 keys predate the header


def test_all_keys_share_one_account(sim, spot, clock):
    v2 = sim.add_api_key(version=2)
    a = spot.signed("GET", ACCOUNTS, sim.credentials, now=clock.ms).data
    b = spot.signed("GET", ACCOUNTS, v2, now=clock.ms).data
    assert a == b and len(a) == 9
