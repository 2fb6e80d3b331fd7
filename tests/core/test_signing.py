"""Golden vectors for KuCoin signing (expected values computed independently with
``printf '%s' PREHASH | openssl dgst -sha256 -hmac SECRET -binary | base64``)."""
from __future__ import annotations

import pytest

from kucoin_connector.core.credentials import Credentials
from kucoin_connector.core.signing import auth_headers, signature

CREDS = Credentials("key-0001-abcdef", "sEcReT-123", "my-passphrase", 3)


def test_get_with_query_golden():
    h = auth_headers(CREDS, 1700000000000, "get", "/api/v1/accounts?currency=BTC&type=trade", "")
    assert h["KC-API-SIGN"] == "MVpao/MqUNBMqjX99rW2ZO6dG0x0TQR3FXeiKjuS6cY="
    assert h["KC-API-TIMESTAMP"] == "1700000000000"
    assert h["KC-API-KEY"] == "key-0001-abcdef"
    assert h["KC-API-KEY-VERSION"] == "3"


def test_post_body_golden():
    body = '{"clientOid":"abc","side":"buy","symbol":"BTC-USDT","type":"limit","price":"0.1","size":"1"}'
    h = auth_headers(CREDS, 1700000000000, "POST", "/api/v1/hf/orders", body)
    assert h["KC-API-SIGN"] == "TBL/ATNXPoDnCUVps77pCuSjgTtrgJZz1FMSVncm8B8="


@pytest.mark.parametrize("version", [2, 3])
def test_passphrase_is_hmacd_for_v2_v3(version):
    creds = Credentials("key-0001-abcdef", "sEcReT-123", "my-passphrase", version)
    h = auth_headers(creds, 1, "GET", "/x", "")
    assert h["KC-API-PASSPHRASE"] == "HQH/lL/VU3SQTL+EQLm9dm2tiG65zFjn9cIjip15Ajs="
    assert h["KC-API-KEY-VERSION"] == str(version)


def test_passphrase_plain_for_v1():
    creds = Credentials("key-0001-abcdef", "sEcReT-123", "my-passphrase", 1)
    assert auth_headers(creds, 1, "GET", "/x", "")["KC-API-PASSPHRASE"] == "my-passphrase"


def test_signature_changes_with_any_byte():
    a = signature("s", "1GET/a?x=1")
    assert a != signature("s", "1GET/a?x=2") and a != signature("s", "2GET/a?x=1")


def test_repr_hides_secrets():
    text = repr(CREDS) + str(CREDS)
    assert "sEcReT-123" not in text and "my-passphrase" not in text and "key-0001-abcdef" not in text
    assert "cdef" in text  # last four of the key help tell keys apart


def test_from_config_and_env():
    env = {"KUCOIN_API_KEY": "k" * 10, "KUCOIN_API_SECRET": "s", "KUCOIN_API_PASSPHRASE": "p"}
    c = Credentials.from_config({}, env, 2)
    assert (c.api_key, c.secret, c.passphrase, c.key_version) == ("k" * 10, "s", "p", 2)
    assert Credentials.from_config({"apiKey": "a", "secret": "b", "password": "c"}, env).api_key == "a"
    assert Credentials.from_config({}, {}) is None
    with pytest.raises(ValueError, match="missing secret, password"):
        Credentials.from_config({"apiKey": "a"}, {})
    with pytest.raises(ValueError, match="key version"):
        Credentials("a", "b", "c", 4)
