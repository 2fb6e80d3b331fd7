"""parsers/currencies.py and parsers/networks.py over /api/v3/currencies payloads."""
from __future__ import annotations

from decimal import Decimal

from kucoin_connector.spot.parsers.currencies import parse_currencies, parse_currency
from kucoin_connector.spot.parsers.networks import network_code

from parser_support import CURRENCY_KEYS, MIN_MAX, NETWORK_KEYS, load


def assert_currency_shape(c):
    assert set(c) == CURRENCY_KEYS
    assert set(c["limits"]) == {"deposit", "withdraw"}
    assert all(set(v) == MIN_MAX for v in c["limits"].values())
    for net in c["networks"].values():
        assert set(net) == NETWORK_KEYS
        assert set(net["limits"]) == {"deposit", "withdraw"}
        assert all(set(v) == MIN_MAX for v in net["limits"].values())


def test_spec_example_btc_float(fnum):
    item = load("spot_currencies.json")["data"][0]
    c = parse_currency(item, fnum)
    assert_currency_shape(c)
    chains = item["chains"]
    expected_networks = {
        "BTC": {"info": chains[0], "id": "btc", "name": "BTC", "code": "BTC", "active": None,
                "fee": 0.0005, "deposit": True, "withdraw": True, "precision": 1e-08,
                "limits": {"withdraw": {"min": 0.001, "max": None}, "deposit": {"min": 0.0002, "max": None}}},
        "btcln": {"info": chains[1], "id": "btcln", "name": "Lightning Network", "code": "btcln",
                  "active": None, "fee": 1.5e-05, "deposit": True, "withdraw": True, "precision": 1e-08,
                  "limits": {"withdraw": {"min": 1e-05, "max": None}, "deposit": {"min": 1e-05, "max": 0.03}}},
        "KCC": {"info": chains[2], "id": "kcc", "name": "KCC", "code": "KCC", "active": None,
                "fee": 2e-05, "deposit": True, "withdraw": True, "precision": 1e-08,
                "limits": {"withdraw": {"min": 0.0008, "max": None}, "deposit": {"min": None, "max": None}}},
        "BTCNATIVESEGWIT": {"info": chains[3], "id": "bech32", "name": "BTC-Segwit",
                            "code": "BTCNATIVESEGWIT", "active": None, "fee": 0.0005, "deposit": True,
                            "withdraw": False, "precision": 1e-08,
                            "limits": {"withdraw": {"min": 0.0008, "max": None},
                                       "deposit": {"min": 0.0002, "max": None}}},
    }
    assert c == {
        "info": item, "id": "BTC", "numericId": None, "code": "BTC", "precision": 1e-08,
        "type": "crypto", "name": "Bitcoin", "active": None, "deposit": True, "withdraw": True,
        "fee": 1.5e-05, "fees": {}, "networks": expected_networks,
        "limits": {"deposit": {"min": 1e-05, "max": 0.03}, "withdraw": {"min": 1e-05, "max": None}},
    }


def test_spec_example_disabled_currency(snum):
    c = parse_currency(load("spot_currencies.json")["data"][1], snum)
    assert_currency_shape(c)
    assert (c["code"], c["name"], c["type"]) == ("BTCP", "Bitcoin Private", "crypto")
    assert (c["deposit"], c["withdraw"]) == (False, False)
    assert c["fee"] == "0.01"
    assert c["limits"] == {"deposit": {"min": None, "max": None}, "withdraw": {"min": "0.1", "max": None}}
    assert list(c["networks"]) == ["btcp"]


def test_single_currency_endpoint_matches_the_list(dnum):
    assert parse_currency(load("spot_currency.json")["data"], dnum) == parse_currency(
        load("spot_currencies.json")["data"][0], dnum
    )


def test_decimal_mode_values(dnum):
    c = parse_currency(load("spot_currencies.json")["data"][0], dnum)
    assert c["precision"] == Decimal("0.00000001")
    assert c["fee"] == Decimal("0.000015")
    assert c["networks"]["BTC"]["limits"]["withdraw"]["min"] == Decimal("0.001")


def _edge(code):
    return next(i for i in load("edge_currencies.json")["data"] if i["currency"] == code)


def test_fiat_without_chains_keeps_the_full_limits_shape(any_num):
    c = parse_currency(_edge("EUR"), any_num)
    assert_currency_shape(c)
    assert c["type"] == "fiat" and c["networks"] == {}
    assert (c["deposit"], c["withdraw"], c["fee"], c["active"]) == (None, None, None, None)
    assert c["limits"] == {"deposit": {"min": None, "max": None}, "withdraw": {"min": None, "max": None}}


def test_aggregation_over_networks(snum):
    c = parse_currency(_edge("USDT"), snum)
    assert_currency_shape(c)
    assert set(c["networks"]) == {"ERC20", "TRC20", "newchain"}
    assert c["precision"] == "0.01"  # the coarsest network step wins (ccxt's rule)
    assert c["deposit"] is False  # False, False, None
    assert c["withdraw"] is True  # False, True, None
    assert c["fee"] == "1"
    assert c["limits"] == {"deposit": {"min": "0.5", "max": "1000"}, "withdraw": {"min": "1", "max": "500000"}}
    new = c["networks"]["newchain"]
    assert (new["deposit"], new["withdraw"], new["fee"], new["precision"]) == (None, None, None, "0.01")


def test_xbt_is_btc_and_null_chains_mean_fiat(fnum):
    c = parse_currency(_edge("XBT"), fnum)
    assert (c["id"], c["code"], c["type"]) == ("XBT", "BTC", "fiat")


def test_parse_currencies_keys_by_code(fnum):
    result = parse_currencies(load("spot_currencies.json")["data"] + [{"name": "no id"}], fnum)
    assert list(result) == ["BTC", "BTCP"]


def test_network_codes():
    assert network_code("eth") == "ERC20"
    assert network_code("trx") == "TRC20"
    assert network_code("bsc") == "BEP20"
    assert network_code("bech32") == "BTCNATIVESEGWIT"
    assert network_code("sol") == "SOL"
    assert network_code("btcln") == "btcln"  # unknown ids stay as KuCoin sends them
    assert network_code("ETH") == "ERC20"  # alias step
    assert network_code("ARB") == "ARBITRUM"
    assert network_code(None) is None
