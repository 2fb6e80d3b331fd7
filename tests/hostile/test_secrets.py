"""Secrets stay secret: a proxy URL's password never reaches a repr, a log line or an error message, and
the signed request (``Send``) shows no signature, passphrase or secret in its repr (issue 7, section 5)."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import socket
import traceback

import pytest

from kucoin_connector import AsyncKucoin, InvalidProxySettings, Kucoin
from kucoin_connector.rest.calls import Call
from kucoin_connector.rest.effects import Reserve, Send
from kucoin_connector.errors import BaseError
from kucoin_connector.rest.executor import execute
from kucoin_connector.io.http_urllib3 import Urllib3Transport

PASSWORD = "Pr0xyS3cret"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _everything(exc: BaseException) -> str:
    """What a log or a crash report could show of an exception: message, repr, the whole chain."""
    return str(exc) + repr(exc) + "".join(traceback.format_exception(exc))


def test_mask_url():
    from kucoin_connector.core.credentials import mask_url
    assert mask_url(f"http://alice:{PASSWORD}@proxy.example:3128") == "http://alice:***@proxy.example:3128"
    assert mask_url(f"alice:{PASSWORD}@proxy.example:3128") == "alice:***@proxy.example:3128"
    assert mask_url(f"http://alice:{PASSWORD}@x@proxy.example:3128") == "http://alice:***@proxy.example:3128"
    assert mask_url("http://proxy.example:3128") == "http://proxy.example:3128"
    assert mask_url(12) == "<int>"


@pytest.mark.parametrize("key", ["httpsProxy", "httpProxy"])
@pytest.mark.parametrize("face", [Kucoin, AsyncKucoin])
def test_settings_and_transport_reprs_mask_the_proxy_password(face, key):
    ex = face({key: f"http://alice:{PASSWORD}@127.0.0.1:3128"})
    transport = ex._http() if face is Kucoin else ex._transport  # the sync face builds it on first use
    for text in (repr(ex.settings), str(ex.settings), repr(ex), repr(transport)):
        assert PASSWORD not in text
    assert "http://alice:***@127.0.0.1:3128" in repr(ex.settings)
    if face is AsyncKucoin:
        asyncio.run(ex.close())
    else:
        ex.close()


BAD_PROXIES = [
    f"socks5://alice:{PASSWORD}@127.0.0.1:1080",
    f"alice:{PASSWORD}@127.0.0.1:3128",
    f"ftp://alice:{PASSWORD}@127.0.0.1:21",
    f"http://alice:{PASSWORD}@127.0.0.1:notaport",
    f"http://alice:{PASSWORD}@127.0.0.1:99999",
    f"http://alice:{PASSWORD}@[::1:3128",
    f"http://alice:{PASSWORD}@:3128",
]


@pytest.mark.parametrize("proxy", BAD_PROXIES)
def test_a_bad_proxy_url_is_a_typed_error_without_the_password(proxy):
    with pytest.raises(InvalidProxySettings) as config_error:
        Kucoin({"httpsProxy": proxy})
    with pytest.raises(InvalidProxySettings) as transport_error:
        Urllib3Transport(proxy=proxy)
    for exc in (config_error.value, transport_error.value):
        assert PASSWORD not in _everything(exc) and len(str(exc)) < 300


@pytest.mark.parametrize("proxy", [12, ["http://h:1"], b"http://h:1"])
def test_a_proxy_that_is_not_a_string_is_a_typed_error(proxy):
    with pytest.raises(InvalidProxySettings, match="httpsProxy"):
        Kucoin({"httpsProxy": proxy})


def test_an_unreachable_proxy_fails_typed_without_the_password_in_message_chain_or_logs(caplog):
    caplog.set_level(logging.DEBUG)
    ex = Kucoin({"httpsProxy": f"http://alice:{PASSWORD}@127.0.0.1:{_closed_port()}", "timeout": 2000,
                 "options": {"maxRetries": 0}})
    with pytest.raises(BaseError) as failed:
        ex.fetch_time()
    assert PASSWORD not in _everything(failed.value)
    assert PASSWORD not in caplog.text
    ex.close()


def test_websocket_proxy_failures_do_not_show_the_password():
    from kucoin_connector.ws import WebSocketError, connect
    from kucoin_connector.ws.url import parse_proxy_url
    assert PASSWORD not in repr(parse_proxy_url(f"http://alice:{PASSWORD}@127.0.0.1:3128"))
    with pytest.raises((WebSocketError, OSError)) as failed:
        connect("ws://127.0.0.1:9/", proxy=f"http://alice:{PASSWORD}@127.0.0.1:{_closed_port()}", timeout=2)
    assert PASSWORD not in _everything(failed.value)


# -- the signed request ------------------------------------------------------------------------------------------
API_KEY, SECRET, PASSPHRASE = "6717422bd51c29000775ea03", "f03a5284-5c39-4aaa-9b20-dea10bdcf8e3", "My-Passphrase-42"


def _signed_send() -> Send:
    ex = Kucoin({"apiKey": API_KEY, "secret": SECRET, "password": PASSPHRASE,
                 "options": {"adjustForTimeDifference": False}})
    effects = execute(Call("GET", "/api/v1/accounts", {"currency": "USDT"}, host="spot", private=True), ex._rest)
    send = next(effects)
    if isinstance(send, Reserve):  # the rate-limit booking comes first
        send = effects.send(0)
    effects.close()
    assert isinstance(send, Send)
    return send


def test_send_repr_masks_signature_passphrase_and_key():
    send = _signed_send()
    signed_passphrase = base64.b64encode(hmac.new(SECRET.encode(), PASSPHRASE.encode(), hashlib.sha256).digest()).decode()
    assert send.headers["KC-API-PASSPHRASE"] == signed_passphrase  # the test really has the secrets to look for
    signature = send.headers["KC-API-SIGN"]
    for text in (repr(send), str(send), repr([send]), f"{send!r}"):
        for secret in (SECRET, PASSPHRASE, signed_passphrase, signature, API_KEY):
            assert secret not in text
    assert "KC-API-SIGN': '***'" in repr(send) and "***ea03" in repr(send)
    assert "KC-API-KEY-VERSION': '3'" in repr(send) and "/api/v1/accounts?currency=USDT" in repr(send)


def test_send_repr_in_a_traceback_with_locals():
    send = _signed_send()

    def fail(effect):
        raise RuntimeError("boom")

    try:
        fail(send)
    except RuntimeError as exc:
        text = "".join(traceback.TracebackException.from_exception(exc, capture_locals=True).format())
    assert "Send(" in text and send.headers["KC-API-SIGN"] not in text
    assert send.headers["KC-API-PASSPHRASE"] not in text


def test_mask_headers_keeps_what_is_not_secret():
    from kucoin_connector.core.credentials import mask_headers
    masked = mask_headers({"KC-API-KEY": API_KEY, "KC-API-SIGN": "s", "KC-API-PASSPHRASE": "p",
                           "KC-API-TIMESTAMP": "1", "KC-API-KEY-VERSION": "3", "Authorization": "Bearer x",
                           "Content-Type": "application/json"})
    assert masked == {"KC-API-KEY": "***ea03", "KC-API-SIGN": "***", "KC-API-PASSPHRASE": "***",
                      "KC-API-TIMESTAMP": "1", "KC-API-KEY-VERSION": "3", "Authorization": "***",
                      "Content-Type": "application/json"}
