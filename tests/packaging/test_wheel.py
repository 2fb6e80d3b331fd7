"""Build the wheel and import every package from it in a clean virtual environment.

Checks the installed names are this project's own (``kucoin_connector``, ``kucoin_conformance``; never a
bare ``conformance``), that urllib3 is the only run-time requirement, and that the console script is
declared. No network: the build runs without isolation and the venv installs from the local wheel only.
"""
from __future__ import annotations

import pathlib
import subprocess
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def source_packages() -> list[str]:
    names = []
    for init in sorted((ROOT / "kucoin_connector").rglob("__init__.py")):
        names.append(".".join(init.parent.relative_to(ROOT).parts))
    for init in sorted((ROOT / "conformance").rglob("__init__.py")):
        rel = init.parent.relative_to(ROOT / "conformance").parts
        names.append(".".join(("kucoin_conformance",) + rel))
    for init in sorted((ROOT / "adapters").rglob("__init__.py")):
        rel = init.parent.relative_to(ROOT / "adapters").parts
        names.append(".".join(("kucoin_connector_adapters",) + rel))
    return names


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, cwd=out)
    wheels = list(out.glob("kucoin_connector-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contents(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        metadata = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
        entry_points = next(zf.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"kucoin_connector", "kucoin_conformance", "kucoin_connector_adapters",
                    "kucoin_connector_adapters.pth"}  # the ccxt drop-in's opt-in (README, "ccxt drop-in")
    assert "kucoin_connector/py.typed" in names
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    runtime = [r for r in requires if "extra ==" not in r]
    assert len(runtime) == 1 and runtime[0].startswith("Requires-Dist: urllib3")
    assert "kucoin-connector = kucoin_connector.cli:main" in entry_points


def test_every_package_imports_from_the_wheel_in_a_clean_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps", str(wheel)], check=True)
    packages = source_packages()
    code = ("import importlib, sys\n"
            f"for name in {packages!r}:\n"
            "    module = importlib.import_module(name)\n"
            "    assert 'site-packages' in module.__file__, (name, module.__file__)\n"
            "import importlib.util\n"
            "assert importlib.util.find_spec('conformance') is None\n"
            "assert 'urllib3' not in sys.modules, 'importing the packages must not import urllib3'\n"
            "import site, os\n"
            "assert any(os.path.exists(os.path.join(d, 'kucoin_connector_adapters.pth')) for d in site.getsitepackages())\n"
            "assert 'kucoin_connector_adapters.ccxt_dropin' not in sys.modules  # the .pth is inert without the variable\n"
            "print('ok', len(sys.argv))\n")
    # Run from tmp_path so the checkout is not on sys.path.
    result = subprocess.run([str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
