"""``install()`` and the ``.pth`` opt-in make ccxt's kucoin classes this connector's."""
from __future__ import annotations

import asyncio
import os
import pathlib
import subprocess
import sys

import ccxt
import pytest
import ccxt.async_support
import ccxt.pro

import kucoin_connector
from kucoin_connector_adapters import install, uninstall

ORIGINALS = (ccxt.kucoin, ccxt.async_support.kucoin, ccxt.pro.kucoin,
             ccxt.kucoinfutures, ccxt.async_support.kucoinfutures, ccxt.pro.kucoinfutures)


def test_install_and_uninstall():
    install()
    assert issubclass(ccxt.kucoin, kucoin_connector.Kucoin)
    assert issubclass(ccxt.async_support.kucoin, kucoin_connector.AsyncKucoin)
    assert ccxt.pro.kucoin is ccxt.async_support.kucoin and ccxt.kucoin.__name__ == "kucoin"
    assert issubclass(ccxt.kucoinfutures, kucoin_connector.KucoinFutures)
    assert issubclass(ccxt.async_support.kucoinfutures, kucoin_connector.AsyncKucoinFutures)
    assert ccxt.pro.kucoinfutures is ccxt.async_support.kucoinfutures
    assert ccxt.kucoinfutures.__name__ == "kucoinfutures"
    install()  # twice is harmless; uninstall still finds ccxt's own
    uninstall()
    assert (ccxt.kucoin, ccxt.async_support.kucoin, ccxt.pro.kucoin, ccxt.kucoinfutures,
            ccxt.async_support.kucoinfutures, ccxt.pro.kucoinfutures) == ORIGINALS


def test_a_ccxt_program_runs_unchanged_on_the_connector(sim, urls):
    install()
    ex = ccxt.kucoin({"urls": urls, "enableRateLimit": True})
    ex.load_markets()
    assert ex.fetch_ticker("BTC/USDT")["symbol"] == "BTC/USDT" and ex.features["spot"]["fetchOHLCV"]["limit"]

    async def go():
        aex = ccxt.async_support.kucoin({"urls": urls})
        candles = await aex.fetch_ohlcv("BTC/USDT", "1h", limit=5)
        assert aex.session is not None
        await aex.close()
        return candles

    assert len(asyncio.run(go())) == 5


def test_a_ccxt_futures_program_runs_unchanged_on_the_connector(sim, urls):
    install()
    ex = ccxt.kucoinfutures({**sim.credentials, "urls": urls})
    ex.load_markets()
    assert ex.market("BTC/USDT:USDT")["linear"] and ex.fetch_ticker("BTC/USDT:USDT")["symbol"] == "BTC/USDT:USDT"
    order = ex.create_order("BTC/USDT:USDT", "market", "buy", 1, None, {"leverage": 2, "marginMode": "isolated"})
    assert ex.fetch_position("BTC/USDT:USDT")["contracts"] == 1
    ex.close_position("BTC/USDT:USDT")
    with pytest.raises(ccxt.OrderNotFound):  # the host's own except clauses still catch
        ex.fetch_order("5c35c02703aa673ceec2a168", "BTC/USDT:USDT")
    assert order["clientOrderId"]


PROGRAM = ("import ccxt, ccxt.async_support, ccxt.pro, kucoin_connector\n"
           "print(issubclass(ccxt.kucoin, kucoin_connector.Kucoin),"
           " issubclass(ccxt.async_support.kucoin, kucoin_connector.AsyncKucoin),"
           " issubclass(ccxt.pro.kucoin, kucoin_connector.AsyncKucoin),"
           " issubclass(ccxt.pro.kucoinfutures, kucoin_connector.AsyncKucoinFutures))\n")


def _run(env_value, tmp_path, extra_path=None):
    env = {k: v for k, v in os.environ.items() if k not in ("KUCOIN_CONNECTOR_CCXT", "PYTHONPATH")}
    if env_value is not None:
        env["KUCOIN_CONNECTOR_CCXT"] = env_value
    if extra_path:
        env["PYTHONPATH"] = str(extra_path)
    return subprocess.run([sys.executable, "-c", PROGRAM], cwd=tmp_path, env=env, capture_output=True, text=True)


def test_pth_opt_in_patches_an_unmodified_program(tmp_path):
    on = _run("1", tmp_path)
    assert on.returncode == 0, on.stderr
    assert on.stdout.split() == ["True", "True", "True", "True"]
    for value in (None, "0", ""):
        off = _run(value, tmp_path)
        assert off.returncode == 0, off.stderr
        assert off.stdout.split() == ["False", "False", "False", "False"]


def test_pth_opt_in_fails_loudly_instead_of_falling_back_to_ccxt(tmp_path):
    broken = tmp_path / "shadow" / "kucoin_connector"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('connector broken on purpose')\n")
    result = _run("1", tmp_path, extra_path=pathlib.Path(broken).parent)
    assert result.returncode != 0
    assert "connector broken on purpose" in result.stderr and "True" not in result.stdout
