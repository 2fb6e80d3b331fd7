"""Design habit 1: the pure core never imports I/O, clocks or randomness.

Walks every module of kucoin_connector outside the I/O layers (transport/, faces/, cli.py) and fails
when one imports socket, ssl, asyncio, threading, time, random or urllib3 (statically, via the AST, so
a lazy import inside a function is caught too).
"""
from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "kucoin_connector"
IO_LAYERS = {"transport", "faces"}
IO_MODULES = {"cli.py"}
# Driver modules outside transport/ and faces/ that own a socket or an event loop (listed one by one,
# so a new pure module can never slip in unchecked).
IO_FILES = {"websocket/sync_client.py", "websocket/async_client.py", "streams/async_driver.py",
            "streams/sync_driver.py", "io/limiter_redis.py"}
FORBIDDEN = {"socket", "ssl", "asyncio", "threading", "time", "random", "urllib3", "http", "select",
             "concurrent", "subprocess", "redis"}


def pure_modules() -> list[pathlib.Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in IO_LAYERS or rel.name in IO_MODULES and len(rel.parts) == 1 \
                or rel.as_posix() in IO_FILES:
            continue
        found.append(path)
    return found


def imported_roots(path: pathlib.Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_there_are_pure_modules_to_check():
    names = {p.name for p in pure_modules()}
    assert {"signing.py", "calls.py", "envelope.py", "ratelimit.py", "precision.py", "protocol.py",
            "frames.py"} <= names


@pytest.mark.parametrize("path", pure_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_pure_module_has_no_io_imports(path):
    bad = imported_roots(path) & FORBIDDEN
    assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}: move that to transport/ or faces/"


def test_the_checker_catches_a_violation(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("def f():\n    import time\n    from urllib3 import PoolManager\n")
    assert imported_roots(sample) & FORBIDDEN == {"time", "urllib3"}
