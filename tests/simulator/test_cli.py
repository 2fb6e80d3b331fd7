"""The command line: one flushed JSON line, a working server, clean exit 0 on SIGTERM and SIGINT."""
from __future__ import annotations

import json
import os
import pathlib
import selectors
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

from kucoin_conformance.simulator.cli import build_parser, build_simulator

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Runs ``python -m kucoin_conformance.simulator`` whether or not the project is installed (the source
# folder ./conformance is only importable under that name once installed, so alias it first).
BOOT = (
    "import runpy, sys; sys.path.insert(0, {root!r}); import importlib.util\n"
    "try:\n    import kucoin_conformance\n"
    "except ImportError:\n"
    "    spec = importlib.util.spec_from_file_location('kucoin_conformance', {init!r},"
    " submodule_search_locations=[{pkg!r}])\n"
    "    mod = importlib.util.module_from_spec(spec); sys.modules['kucoin_conformance'] = mod;"
    " spec.loader.exec_module(mod)\n"
    "runpy.run_module('kucoin_conformance.simulator', run_name='__main__', alter_sys=True)\n"
).format(root=str(ROOT), init=str(ROOT / "conformance" / "__init__.py"), pkg=str(ROOT / "conformance"))


def _readline(proc: subprocess.Popen, timeout: float = 20.0) -> str:
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout):
        proc.kill()
        pytest.fail("the simulator did not print its JSON line")
    return proc.stdout.readline()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_cli_prints_one_json_line_and_exits_cleanly(sig):
    proc = subprocess.Popen([sys.executable, "-c", BOOT, "--port", "0", "--seed", "3", "--symbols", "20"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"})
    try:
        line = json.loads(_readline(proc))
        assert set(line) == {"spot", "futures", "apiKey", "secret", "password"}
        assert line["spot"].startswith("http://127.0.0.1:") and line["spot"] != line["futures"]
        with urllib.request.urlopen(line["spot"] + "/api/v2/symbols", timeout=10) as resp:
            assert len(json.loads(resp.read())["data"]) == 20
        with urllib.request.urlopen(line["futures"] + "/api/v1/status", timeout=10) as resp:
            assert json.loads(resp.read())["data"]["status"] == "open"
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert out == ""  # exactly one line was printed


def _free_port_pair() -> int:
    for _ in range(20):
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
        try:
            with socket.socket() as b, socket.socket() as c:
                b.bind(("127.0.0.1", port))
                c.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    pytest.skip("no free pair of adjacent ports")


def test_port_puts_futures_on_the_next_port():
    port = _free_port_pair()
    args = build_parser().parse_args(["--port", str(port), "--seed", "9", "--symbols", "15"])
    sim = build_simulator(args).start()
    try:
        assert (sim.spot_url, sim.futures_url) == (f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}")
        assert sim.seed == 9 and len(sim.symbol_ids) == 15
    finally:
        sim.stop()
