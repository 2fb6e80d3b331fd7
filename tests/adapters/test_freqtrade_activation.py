"""Freqtrade activation without Freqtrade: its import and construction path are simulated.

Facts mimicked (Freqtrade 2026.9): the console entry point is ``freqtrade.main.main(sysargv)``, which turns
an ``OperationalException`` into a logged error and exit status 1; ``Exchange._init_ccxt`` builds each ccxt
object as ``getattr(ccxt_module, name)(config)``; the exchange resolver catches ``ImportError`` from the
KuCoin class and silently builds the generic exchange instead.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import ccxt
import pytest

import kucoin_connector
from kucoin_connector.clients import base as client_base
from kucoin_connector_adapters import install

FAKE_MAIN = '''
import os, sys
import ccxt, ccxt.pro
from freqtrade.exceptions import OperationalException
from freqtrade.exchange.exchange import Exchange

def main(sysargv=None):
    try:
        api = Exchange()._init_ccxt({"name": "kucoin"}, True, {})
        api_async = Exchange()._init_ccxt({"name": "kucoin"}, False, {})
    except OperationalException as exc:
        print("ERROR", exc)
        sys.exit(1)
    print("BUILT", type(api).__mro__[1].__module__, type(api_async).__mro__[1].__module__,
          os.environ.get("KUCOIN_CONNECTOR_CCXT"), " ".join(sysargv))
    sys.exit(0)
'''

FAKE_EXCHANGE = '''
import os, sys
import ccxt, ccxt.pro

class Exchange:
    def _init_ccxt(self, exchange_config, sync, ccxt_kwargs):
        module = ccxt if sync else ccxt.pro
        if os.environ.get("FAKE_FT_BYPASS"):  # a host reaching ccxt's own class past the patched name
            return sys.modules["ccxt.kucoin"].kucoin(ccxt_kwargs)
        return getattr(module, exchange_config["name"])(ccxt_kwargs)
'''


@pytest.fixture
def fake_freqtrade(tmp_path):
    root = tmp_path / "fake"
    pkg = root / "freqtrade"
    (pkg / "exchange").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "exceptions.py").write_text("class OperationalException(Exception):\n    pass\n")
    (pkg / "main.py").write_text(textwrap.dedent(FAKE_MAIN))
    (pkg / "exchange" / "__init__.py").write_text("")
    (pkg / "exchange" / "exchange.py").write_text(textwrap.dedent(FAKE_EXCHANGE))
    return root


def _wrapper(tmp_path, *paths, **env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("KUCOIN_CONNECTOR_CCXT", "PYTHONPATH")}
    env.update(env_extra)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in paths)
    return subprocess.run([sys.executable, "-m", "kucoin_connector_adapters", "freqtrade", "list-markets",
                           "-c", "config.json"], cwd=tmp_path, env=env, capture_output=True, text=True)


def test_wrapper_runs_freqtrade_on_the_connector(fake_freqtrade, tmp_path):
    result = _wrapper(tmp_path, fake_freqtrade)
    assert result.returncode == 0, result.stderr
    built = result.stdout.split()
    # sync and asyncio objects are the connector's faces; children inherit the opt-in; arguments pass through
    assert built[:4] == ["BUILT", "kucoin_connector.clients.sync_face", "kucoin_connector.clients.async_face", "1"], built
    assert built[4:] == ["list-markets", "-c", "config.json"]
    assert "not one of the verified releases" not in result.stderr  # the fake has no distribution metadata


def test_wrapper_refuses_a_kucoin_object_that_is_not_the_connector(fake_freqtrade, tmp_path):
    result = _wrapper(tmp_path, fake_freqtrade, FAKE_FT_BYPASS="1")
    assert result.returncode == 1
    assert "ERROR kucoin-connector is active but Freqtrade built ccxt.kucoin.kucoin" in result.stdout
    assert "BUILT" not in result.stdout


def test_wrapper_stops_before_freqtrade_when_the_connector_cannot_be_built(fake_freqtrade, tmp_path):
    shadow = tmp_path / "shadow" / "kucoin_connector"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('connector broken on purpose')\n")
    result = _wrapper(tmp_path, shadow.parent, fake_freqtrade)
    assert result.returncode == 2
    assert "kucoin-connector could not be built, so Freqtrade will not start" in result.stderr
    assert "connector broken on purpose" in result.stderr and "BUILT" not in result.stdout


def test_wrapper_without_freqtrade_says_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("KUCOIN_CONNECTOR_CCXT", "PYTHONPATH")}
    probe = subprocess.run([sys.executable, "-c", "import freqtrade"], env=env, capture_output=True)
    if probe.returncode == 0:
        pytest.skip("a real Freqtrade is installed here; the e2e covers that case")
    result = _wrapper(tmp_path, empty)
    assert result.returncode == 2 and "Freqtrade is not installed" in result.stderr


def test_unknown_host_prints_usage(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kucoin_connector_adapters", "hummingbot"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "usage:" in result.stderr


def test_import_error_while_building_is_not_read_as_a_missing_class(monkeypatch):
    """Freqtrade's resolver falls back to its generic exchange on ImportError: the drop-in must not raise one."""
    install()

    def missing_extra(settings):
        raise ImportError("No module named 'redis'")

    monkeypatch.setattr(client_base, "_default_limiter", missing_extra)

    def resolve():  # the resolver's shape: ImportError means "use the generic class"
        try:
            return ccxt.kucoin({})
        except ImportError:
            return "fell back"

    with pytest.raises(ccxt.NotSupported) as caught:
        resolve()
    assert isinstance(caught.value, kucoin_connector.errors.NotSupported)
    assert "kucoin-connector could not be built: ImportError: No module named 'redis'" in str(caught.value)
    assert isinstance(caught.value.__cause__, ImportError)
