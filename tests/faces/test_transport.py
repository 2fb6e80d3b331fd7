"""The urllib3 transport: proxies, and foreign exceptions translated at the boundary."""
from __future__ import annotations

import socket
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kucoin_connector import ExchangeNotAvailable, InvalidProxySettings, Kucoin
from kucoin_connector.io.http_urllib3 import Urllib3Transport


class _ForwardingProxy(BaseHTTPRequestHandler):
    """A minimal plain-HTTP forward proxy: absolute-URL GETs are fetched and relayed."""

    seen: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server naming)
        type(self).seen.append(self.path)
        with urllib.request.urlopen(self.path, timeout=5) as upstream:
            body = upstream.read()
            self.send_response(upstream.status)
            for name, value in upstream.headers.items():
                if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ForwardingProxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_requests_go_through_an_http_proxy(sim, urls, proxy):
    _ForwardingProxy.seen.clear()
    ex = Kucoin({"urls": urls, "httpProxy": proxy})
    assert ex.fetch_time() > 0
    assert _ForwardingProxy.seen == [sim.spot_url + "/api/v1/timestamp"]


def test_bad_proxy_settings():
    with pytest.raises(InvalidProxySettings):
        Kucoin({"httpsProxy": "socks5://127.0.0.1:1080"})
    with pytest.raises(InvalidProxySettings):
        Kucoin({"socksProxy": "socks5://127.0.0.1:1080"})


def test_connection_refused_is_translated_and_marked_as_never_sent():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    transport = Urllib3Transport()
    with pytest.raises(ExchangeNotAvailable) as info:
        transport.request("GET", f"http://127.0.0.1:{port}/api/v1/timestamp", {}, None, (1.0, 1.0))
    assert info.value.outcome_unknown is False
    assert isinstance(info.value.__cause__, Exception)
