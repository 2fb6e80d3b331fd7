"""Habit 1 for the WebSocket package: only the two drivers touch sockets, TLS, asyncio or threads."""
from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "kucoin_connector" / "websocket"
DRIVERS = {"sync_client.py", "async_client.py"}
FORBIDDEN = {"socket", "ssl", "asyncio", "threading", "time", "random", "urllib3", "http", "select", "os"}


def _roots(path: pathlib.Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_pure_modules_import_no_io():
    pure = [p for p in PACKAGE.glob("*.py") if p.name not in DRIVERS]
    assert {"protocol.py", "reader.py", "frames.py", "handshake.py", "deflate.py"} <= {p.name for p in pure}
    offenders = {p.name: sorted(_roots(p) & FORBIDDEN) for p in pure if _roots(p) & FORBIDDEN}
    assert offenders == {}


def test_importing_the_package_loads_no_driver():
    code = ("import sys; import kucoin_connector.websocket as w; "
            "print(sorted(m for m in ('asyncio', 'ssl', 'kucoin_connector.websocket.sync_client') if m in sys.modules))")
    root = str(PACKAGE.parents[1])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.strip() == "[]"
