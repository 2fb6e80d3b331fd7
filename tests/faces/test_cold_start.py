"""Cold start (issue 8, item 8): constructing a client loads only what construction needs.

Each check runs in a fresh interpreter and reads ``sys.modules`` (no timing): after ``Kucoin()`` the HTTP
stack, TLS, asyncio, the OpenSSL hash module, the stream and WebSocket code, the trading plans, the
parsers and the endpoint index are not loaded; the first request loads urllib3 (and still no stream code); the first watch-free
trading call loads the trading plans; the first signed request loads the signing code. Constructing a
client loads no REST pipeline and none of logging, json, random, dataclasses or inspect; a first
``fetch_time()`` loads no parser.
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Modules (or module prefixes, ending with ".") that constructing a client must not load.
NOT_AT_CONSTRUCTION = (
    "urllib3", "urllib3.", "http.client", "ssl", "socket", "asyncio", "asyncio.", "hashlib", "hmac",
    "selectors",
    "kucoin_connector.ws", "kucoin_connector.ws.",
    "kucoin_connector.streaming", "kucoin_connector.streaming.",
    "kucoin_connector.io.ws_", "kucoin_connector.io.stream_", "kucoin_connector.io.http_urllib3",
    "kucoin_connector.io.http_asyncio", "kucoin_connector.spot.pushes",
    "kucoin_connector.core.signing", "kucoin_connector.rest.endpoints", "kucoin_connector.rest.endpoint_table",
    "kucoin_connector.spot.plans.orders", "kucoin_connector.spot.plans.orders.",
    "kucoin_connector.spot.plans.account", "kucoin_connector.spot.plans.funding",
    "kucoin_connector.spot.plans.order_requests", "kucoin_connector.spot.plans.market_data",
    "kucoin_connector.spot.parsers", "kucoin_connector.spot.parsers.",
    "kucoin_connector.futures", "kucoin_connector.futures.",
    "kucoin_connector.clients.async_face",
    # the REST pipeline loads with the first request, and so do the stdlib modules only it needs
    "kucoin_connector.rest.executor", "kucoin_connector.rest.calls", "kucoin_connector.rest.effects",
    "kucoin_connector.rest.envelope", "kucoin_connector.rest.error_codes", "kucoin_connector.clients.runners",
    "logging", "json", "random", "dataclasses", "inspect",
)

_PROBE = """\
import sys
from kucoin_connector import Kucoin
ex = Kucoin({config})
after = {{"construct": sorted(sys.modules)}}
{then}
import json  # only now: the probe must not load what it checks
print(json.dumps(after))
"""


def _loaded(config: str = "", then: str = "") -> dict[str, list[str]]:
    code = _PROBE.format(config=config, then=then)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT), timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def _matching(modules: list[str], patterns=NOT_AT_CONSTRUCTION) -> list[str]:
    return sorted(m for m in modules
                  if any(m.startswith(p) if p.endswith(".") or p.endswith("_") else m == p for p in patterns))


def test_constructing_a_client_loads_no_http_stream_trading_or_signing_code():
    loaded = _loaded()["construct"]
    assert "kucoin_connector.clients.sync_face" in loaded  # the probe did build a client
    assert _matching(loaded) == []


def test_constructing_a_client_with_credentials_loads_no_signing_code_either():
    config = '{"apiKey": "k", "secret": "s", "password": "p"}'
    assert _matching(_loaded(config)["construct"]) == []


def test_the_first_request_loads_urllib3_and_still_no_stream_code(sim):
    config = json.dumps({"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}})
    then = 'ex.fetch_time(); after["request"] = sorted(sys.modules)'
    loaded = _loaded(config, then)
    assert "urllib3" not in loaded["construct"]
    assert {"urllib3", "kucoin_connector.io.http_urllib3"} <= set(loaded["request"])
    assert _matching(loaded["request"], ("kucoin_connector.streaming", "kucoin_connector.streaming.",
                                         "kucoin_connector.ws", "kucoin_connector.ws.", "asyncio",
                                         "kucoin_connector.spot.plans.orders")) == []


def test_the_first_fetch_time_loads_no_parser_and_no_dataclasses(sim):
    config = json.dumps({"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}})
    loaded = _loaded(config, 'after["time"] = ex.fetch_time() > 0; after["request"] = sorted(sys.modules)')
    assert loaded["time"] is True
    assert _matching(loaded["request"], ("kucoin_connector.spot.parsers", "kucoin_connector.spot.parsers.",
                                         "kucoin_connector.spot.plans.market_data", "dataclasses",
                                         "inspect")) == []


def test_a_library_warning_prints_nothing_when_the_program_configured_no_logging():
    # The package logger gets its NullHandler from kucoin_connector.logs, loaded with the first module
    # that logs (here: an unknown config key): Python's last-resort handler must not print the warning.
    code = ("from kucoin_connector import Kucoin\n"
            "import logging\n"
            "Kucoin({'notAnOption': 1})\n"
            "print(any(isinstance(h, logging.NullHandler) for h in logging.getLogger('kucoin_connector').handlers))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT), timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["True"]
    assert "notAnOption" not in done.stderr


def test_a_lazily_loaded_module_is_the_real_module_once_used():
    then = ('import kucoin_connector.clients.trading as t; t.od.create_order; '
            'import kucoin_connector.spot.plans.orders as real; '
            'after["same"] = [t.od.create_order is real.create_order]; after["orders"] = sorted(sys.modules)')
    loaded = _loaded("", then)
    assert loaded["same"] == [True]
    assert "kucoin_connector.spot.plans.orders" in loaded["orders"]
