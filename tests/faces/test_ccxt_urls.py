"""``urls["api"]`` takes ccxt's kucoin keys as well as the connector's own, and no configuration mistake
sends a request to a host the user did not name."""
from __future__ import annotations

import pytest

from kucoin_connector import AsyncKucoin, Kucoin
from kucoin_connector.clients.config import API_KEYS
from kucoin_connector.errors import BadRequest

SIM = "http://127.0.0.1:9"


def test_ccxt_public_and_private_name_the_spot_host(sim):
    ex = Kucoin({"urls": {"api": {"public": sim.spot_url, "private": sim.spot_url,
                                  "futuresPublic": sim.futures_url, "futuresPrivate": sim.futures_url}}})
    assert ex.urls["api"]["spot"] == sim.spot_url and ex.urls["api"]["futures"] == sim.futures_url
    assert isinstance(ex.fetch_time(), int)  # the request reached the simulator
    creds = {k: sim.credentials[k] for k in ("apiKey", "secret", "password")}
    keyed = Kucoin({"urls": {"api": {"public": sim.spot_url, "private": sim.spot_url}}, **creds})
    assert keyed.fetch_balance()["total"]["USDT"] > 0  # private calls too


def test_every_ccxt_key_is_accepted_and_readable_back():
    api = {key: SIM for key in API_KEYS}
    ex = Kucoin({"urls": {"api": api}})
    for key in ("spot", "futures", "broker", "public", "private", "futuresPublic", "futuresPrivate", "uta",
                "utaPrivate", "utaV2", "earn"):
        assert ex.urls["api"][key] == SIM, key
    again = Kucoin({"urls": {"api": dict(ex.urls["api"])}})  # a host copying urls from one client to another
    assert again.urls["api"] == ex.urls["api"]


@pytest.mark.parametrize("face", [Kucoin, AsyncKucoin])
def test_unknown_key_raises_naming_it(face):
    with pytest.raises(BadRequest, match="publik"):
        face({"urls": {"api": {"publik": SIM, "spot": SIM}}})


@pytest.mark.parametrize("api, host", [
    ({"public": SIM}, "spot"),
    ({"private": SIM}, "spot"),
    ({"utaPrivate": SIM}, "spot"),
    ({"futuresPublic": SIM}, "futures"),
    ({"futuresPrivate": SIM, "spot": SIM}, "futures"),
])
def test_half_of_a_pair_does_not_silently_leave_the_rest_on_kucoin(api, host):
    with pytest.raises(BadRequest, match=f"does not name the {host} host"):
        Kucoin({"urls": {"api": api}})


@pytest.mark.parametrize("api", [
    {"public": SIM, "private": "http://127.0.0.1:10"},
    {"spot": SIM, "public": "http://127.0.0.1:10", "private": "http://127.0.0.1:10"},
    {"spot": SIM, "uta": "http://127.0.0.1:10"},
    {"futures": SIM, "futuresPublic": "http://127.0.0.1:10", "futuresPrivate": SIM},
])
def test_conflicting_urls_for_one_host_raise(api):
    with pytest.raises(BadRequest, match="different URLs"):
        Kucoin({"urls": {"api": api}})


def test_web_exchange_is_accepted_but_never_a_connector_host():
    ex = Kucoin({"urls": {"api": {"spot": SIM, "webExchange": "https://kucoin.com/_api"}}})
    assert ex.urls["api"]["spot"] == SIM
    assert "https://kucoin.com/_api" not in ex._rest.urls.values()


def test_a_bad_url_under_a_ccxt_key_raises():
    with pytest.raises(BadRequest, match="urls.api.private"):
        Kucoin({"urls": {"api": {"public": SIM, "private": "127.0.0.1:9"}}})
