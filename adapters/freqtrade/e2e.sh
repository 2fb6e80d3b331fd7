#!/usr/bin/env bash
# Freqtrade end to end (adapters/freqtrade/e2e.py): `bash adapters/freqtrade/e2e.sh [--short] [--cache DIR]`.
# Uses the checkout's .venv (created with the test extra if missing) to run the simulator and drive a
# separate Python 3.11 venv with Freqtrade under the cache dir (~/.cache/kucoin-connector by default).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || { python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'; }
exec .venv/bin/python -m kucoin_connector_adapters.freqtrade.e2e "$@"
