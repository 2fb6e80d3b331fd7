"""Test configuration: make the source tree importable before installation.

The folder ./conformance installs as ``kucoin_conformance``; when the project is not installed
(a developer running pytest straight from a checkout) we alias it here so imports behave the same.
"""
from __future__ import annotations

import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _alias_conformance() -> None:
    try:
        import kucoin_conformance  # noqa: F401  (installed: nothing to do)
        return
    except ImportError:
        pass
    init = ROOT / "conformance" / "__init__.py"
    spec = importlib.util.spec_from_file_location(
        "kucoin_conformance", init, submodule_search_locations=[str(ROOT / "conformance")]
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["kucoin_conformance"] = module
    spec.loader.exec_module(module)


if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
_alias_conformance()
