"""``python -m kucoin_connector_adapters HOST ARGS...``: run a host framework's stock command on this connector.

Hosts, one entry each: ``freqtrade`` (:func:`.freqtrade.activate.main`).
"""
from __future__ import annotations

import sys

USAGE = "usage: python -m kucoin_connector_adapters freqtrade <freqtrade arguments>"


def _freqtrade(argv: list[str]) -> int:
    from .freqtrade.activate import main
    return main(argv)


HOSTS = {"freqtrade": _freqtrade}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in HOSTS:
        print(USAGE, file=sys.stderr)
        return 2
    return HOSTS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
