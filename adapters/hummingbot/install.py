"""Make ``kucoin_lite`` appear in Hummingbot's connector list (no Hummingbot import).

Hummingbot finds connectors only by scanning ``hummingbot/connector/exchange/<name>/`` for
``<name>_utils`` (``KEYS``, ``DEFAULT_FEES``...) and loads ``<name>_exchange.<Name>Exchange``. This
command writes three small files there that re-export this package's modules::

    python -m kucoin_connector_adapters.hummingbot.install            # into the installed hummingbot
    python -m kucoin_connector_adapters.hummingbot.install --uninstall

Run it with the interpreter of Hummingbot's environment. ``--exchange-dir`` names the folder directly.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import CONNECTOR_NAME

__all__ = ["SHIM_FILES", "exchange_dir", "install", "uninstall", "main"]

_PKG = "kucoin_connector_adapters.hummingbot.connector"
_HEADER = "# Written by `python -m kucoin_connector_adapters.hummingbot.install`; the code lives in {pkg}.\n"
SHIM_FILES = {
    "__init__.py": _HEADER,
    f"{CONNECTOR_NAME}_utils.py": _HEADER + f"from {_PKG}.{CONNECTOR_NAME}_utils import *  # noqa: F401,F403\n",
    f"{CONNECTOR_NAME}_exchange.py": _HEADER + f"from {_PKG}.{CONNECTOR_NAME}_exchange import *  # noqa: F401,F403\n",
}


def exchange_dir() -> Path:
    """``hummingbot/connector/exchange`` of the Hummingbot importable by this interpreter."""
    spec = importlib.util.find_spec("hummingbot")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("hummingbot is not installed in this interpreter; run this with Hummingbot's python")
    path = Path(list(spec.submodule_search_locations)[0]) / "connector" / "exchange"
    if not path.is_dir():
        raise SystemExit(f"{path} is not a folder: is this a Hummingbot install?")
    return path


def install(target: Path) -> Path:
    """Write the shim into ``target/kucoin_lite``; returns that folder. Existing shim files are replaced."""
    folder = target / CONNECTOR_NAME
    folder.mkdir(exist_ok=True)
    for name, text in SHIM_FILES.items():
        (folder / name).write_text(text.format(pkg=_PKG), encoding="utf-8")
    return folder


def uninstall(target: Path) -> bool:
    """Remove ``target/kucoin_lite`` if it is our shim (every file in it is one we write)."""
    folder = target / CONNECTOR_NAME
    if not folder.exists():
        return False
    foreign = [p.name for p in folder.iterdir() if p.name not in SHIM_FILES and p.name != "__pycache__"]
    if foreign:
        raise SystemExit(f"{folder} holds files this installer did not write ({', '.join(foreign)}); not removed")
    shutil.rmtree(folder)
    return True


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kucoin_connector_adapters.hummingbot.install",
                                description="Add (or remove) the kucoin_lite connector in Hummingbot.")
    p.add_argument("--uninstall", action="store_true")
    p.add_argument("--exchange-dir", type=Path, help="hummingbot/connector/exchange (default: found by import)")
    args = p.parse_args(argv)
    target = args.exchange_dir or exchange_dir()
    if args.uninstall:
        print(f"removed {target / CONNECTOR_NAME}" if uninstall(target) else "nothing to remove")
    else:
        print(f"installed {install(target)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
