"""Design habit 1, checked by folder: only ``io/``, ``clients/``, ``cli.py`` (and the package entry) may do I/O.

Every other module of ``kucoin_connector`` is pure core: it never imports sockets, TLS, asyncio, threads,
the clock, randomness, urllib3 or the OS, and never imports an I/O module of this package either, by an
absolute or a relative import, at module level or lazily inside a function (the AST is walked, so both
are caught). Only imports under ``if TYPE_CHECKING:`` are exempt: they never run.
"""
from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "kucoin_connector"
IO_FOLDERS = {"io", "clients"}
IO_MODULES = {"cli.py", "__init__.py"}  # the command, and the public entry that loads the faces lazily
FORBIDDEN = {"socket", "ssl", "asyncio", "threading", "time", "random", "urllib3", "http", "select",
             "concurrent", "subprocess", "os", "selectors", "redis"}


def is_io(path: pathlib.Path) -> bool:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] in IO_FOLDERS or (len(rel.parts) == 1 and rel.name in IO_MODULES)


def pure_modules() -> list[pathlib.Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if not is_io(p)]


def _module_parts(path: pathlib.Path) -> list[str]:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, (ast.Name, ast.Attribute)) \
                and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def imports_of(path: pathlib.Path) -> set[str]:
    """Dotted names this module imports, relative imports resolved against its package."""
    tree = ast.parse(path.read_text(), str(path))
    skipped = _type_checking_nodes(tree)
    package = _module_parts(path) if path.name == "__init__.py" else _module_parts(path)[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from . import x`
    return found


def violations(path: pathlib.Path) -> list[str]:
    bad = []
    for name in sorted(imports_of(path)):
        root = name.split(".")[0]
        if root in FORBIDDEN:
            bad.append(name)
        elif root == "kucoin_connector":
            target = PACKAGE.parent.joinpath(*name.split("."))
            for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                if candidate.exists() and is_io(candidate):
                    bad.append(name)
    return bad


def test_there_are_pure_modules_to_check():
    names = {p.relative_to(PACKAGE).as_posix() for p in pure_modules()}
    assert {"core/signing.py", "rest/calls.py", "rest/envelope.py", "rest/ratelimit.py", "core/precision.py",
            "ws/protocol.py", "ws/frames.py", "streaming/session.py", "spot/plans/orders/place.py"} <= names


@pytest.mark.parametrize("path", pure_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_pure_module_does_no_io(path):
    bad = violations(path)
    assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}: I/O belongs in io/ (or clients/)"


def test_the_checker_catches_violations(tmp_path, monkeypatch):
    pkg = tmp_path / "kucoin_connector"
    (pkg / "io").mkdir(parents=True)
    (pkg / "core").mkdir()
    (pkg / "io" / "clock.py").write_text("")
    sample = pkg / "core" / "bad.py"
    sample.write_text("from typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n    import socket\n"
                      "def f():\n    import time\n    from urllib3 import PoolManager\n"
                      "    from ..io.clock import SystemClock\n    from ..io import clock\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", pkg)
    assert violations(sample) == ["kucoin_connector.io.clock", "time", "urllib3", "urllib3.PoolManager"]


def test_importing_the_websocket_package_loads_no_driver():
    code = ("import sys; import kucoin_connector.ws as w; "
            "print(sorted(m for m in ('asyncio', 'ssl', 'socket', 'kucoin_connector.io.ws_sync') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(PACKAGE.parent), check=True)
    assert out.stdout.strip() == "[]"


SHARED_FOLDERS = {"core", "rest", "http", "ws", "streaming"}
FAMILIES = {"spot", "futures"}


def shared_modules() -> list[pathlib.Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p.relative_to(PACKAGE).parts[0] in SHARED_FOLDERS]


@pytest.mark.parametrize("path", shared_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_shared_core_knows_no_product_family(path):
    """Families are siblings over a shared core: the core never imports a family (a new family is a folder)."""
    bad = sorted(name for name in imports_of(path)
                 if name.split(".")[:2] in ([f"kucoin_connector", f] for f in FAMILIES))
    assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}: the shared core must not know a family"
