#!/usr/bin/env bash
# Headless end-to-end run of the kucoin_lite Hummingbot connector against the simulator.
#
# Creates (once) a Python 3.12 venv with a pinned Hummingbot from PyPI in a cache directory, installs
# this repository into it, and runs adapters/hummingbot/e2e.py. Hummingbot builds ~60 Cython
# extensions on install (~13 minutes on 2 cores); the venv is reused on later runs.
#
#   bash adapters/hummingbot/e2e.sh            # build if needed, then run
#   bash adapters/hummingbot/e2e.sh --setup    # only build the cached venv
#
# Exit 0 = passed; 1 = failed; 3 = Python 3.12 not available (nothing was run).
set -euo pipefail

HUMMINGBOT_VERSION="${HUMMINGBOT_VERSION:-20260922}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${KUCOIN_HB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kucoin-connector}"
VENV="$CACHE/hummingbot-$HUMMINGBOT_VERSION-venv"

find_python312() {
    if [ -n "${HB_PYTHON:-}" ] && [ -x "$HB_PYTHON" ]; then echo "$HB_PYTHON"; return 0; fi
    local root
    if command -v pyenv >/dev/null 2>&1; then root="$(pyenv root)"; else root="${PYENV_ROOT:-$HOME/.pyenv}"; fi
    local cand
    for cand in $(ls -d "$root"/versions/3.12.* 2>/dev/null | sort -V -r); do
        if [ -x "$cand/bin/python3" ]; then echo "$cand/bin/python3"; return 0; fi
    done
    if command -v python3.12 >/dev/null 2>&1; then command -v python3.12; return 0; fi
    return 1
}

PY312="$(find_python312)" || {
    echo "hummingbot e2e: SKIPPED - Python 3.12 not found (looked in \$(pyenv root)/versions/3.12.* and PATH);" \
         "Hummingbot needs Python >= 3.12. Install it with 'pyenv install 3.12' or set HB_PYTHON." >&2
    exit 3
}

if [ ! -f "$VENV/.ready" ]; then
    echo "hummingbot e2e: building $VENV with hummingbot==$HUMMINGBOT_VERSION (Cython build, ~13 min)" >&2
    rm -rf "$VENV"
    mkdir -p "$CACHE"
    "$PY312" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip wheel
    # aiohttp 3.14 breaks Hummingbot; Hummingbot itself pins urllib3<2.
    "$VENV/bin/pip" install -q "hummingbot==$HUMMINGBOT_VERSION" "aiohttp<3.14"
    "$VENV/bin/python" -c "import hummingbot.connector.exchange_py_base" 
    touch "$VENV/.ready"
fi
# This repository, always fresh (no dependencies: urllib3 1.26 comes with Hummingbot). Quiet unless it fails.
pip_log="$(mktemp)"
"$VENV/bin/pip" install -q --no-deps -e "$REPO" >"$pip_log" 2>&1 || { cat "$pip_log" >&2; rm -f "$pip_log"; exit 1; }
rm -f "$pip_log"

if [ "${1:-}" = "--setup" ]; then exit 0; fi
exec "$VENV/bin/python" "$REPO/adapters/hummingbot/e2e.py" "$@"
