"""The unified-account probe ccxt makes with credentials (``is_uta_enabled``): the simulator answers as
KuCoin does for a classic master account, so ccxt pointed at it uses the classic endpoints."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_account_mode_says_classic(sim, spot, clock, version):
    resp = spot.signed("GET", f"/api/ua/{version}/account/mode", sim.credentials, now=clock.ms)
    assert resp.status == 200, resp.body
    doc = resp.json()
    assert doc["code"] == "200000"
    assert doc["data"] == {"selfAccountMode": "CLASSIC", "unifiedSubAccount": [], "classicSubAccount": []}


def test_account_mode_needs_a_signature(spot):
    resp = spot.get("/api/ua/v1/account/mode")
    assert resp.status == 400  # KuCoin answers a missing KC-API-* header with HTTP 400, code 400001
    assert resp.json()["code"] == "400001"
