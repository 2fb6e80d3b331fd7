#!/usr/bin/env bash
# Runs the Autobahn|Testsuite (RFC 6455 conformance) against kucoin_connector.websocket's client.
# Usage: tools/autobahn.sh [--deflate] [--cases GROUPS]     GROUPS like "1-8,10" (default: 1-10,
#        or 1-13 with --deflate). Builds the fuzzing server once (Python 2.7 via pyenv, see
#        tools/autobahn/README.md), serves it on a free loopback port, runs
#        tools/autobahn_client.py, prints the summary and exits 1 on any FAILED or NON-STRICT case.
# Env: AUTOBAHN_TOOLS (default tools/autobahn), PYTHON (default: .venv/bin/python or python3),
#      AUTOBAHN_OUT (report folder, default: a temp dir).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tools=${AUTOBAHN_TOOLS:-$repo/tools/autobahn}
python=${PYTHON:-$([ -x "$repo/.venv/bin/python" ] && echo "$repo/.venv/bin/python" || echo python3)}
deflate="" cases=""
while [ $# -gt 0 ]; do
  case $1 in
    --deflate) deflate=1 ;;
    --cases) cases=$2; shift ;;
    *) echo "usage: $0 [--deflate] [--cases GROUPS]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$cases" ] || cases=$([ -n "$deflate" ] && echo 1-13 || echo 1-10)
if [ ! -f "$tools/setup.sh" ]; then
  echo "autobahn: $tools/setup.sh not found (set AUTOBAHN_TOOLS)" >&2; exit 3
fi
if ! "$tools/setup.sh" >/dev/null 2>/tmp/autobahn-setup.$$; then
  cat /tmp/autobahn-setup.$$ >&2; rm -f /tmp/autobahn-setup.$$
  echo "autobahn: cannot build the fuzzing server: Python 2.7 is missing (pyenv install 2.7.18, or set PY27)" >&2
  exit 3
fi
rm -f /tmp/autobahn-setup.$$
# groups to exclude = every Autobahn group not asked for
wanted=" "
IFS=, read -ra parts <<<"$cases"
for p in "${parts[@]}"; do
  if [[ $p == *-* ]]; then for g in $(seq "${p%-*}" "${p#*-}"); do wanted+="$g "; done; else wanted+="$p "; fi
done
excluded=()
for g in 1 2 3 4 5 6 7 8 9 10 11 12 13; do [[ $wanted == *" $g "* ]] || excluded+=("$g.*"); done
out=${AUTOBAHN_OUT:-$(mktemp -d /tmp/autobahn-report.XXXXXX)}
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pid=$("$tools/serve.sh" "$port" "$out" "${excluded[@]}" | tail -n 1)
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  "$python" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  sleep 0.2
done
agent=kucoin-connector$([ -n "$deflate" ] && echo -deflate || true)
echo "autobahn: groups $cases, agent $agent, port $port, reports in $out"
"$python" "$repo/tools/autobahn_client.py" --url "ws://127.0.0.1:$port" --agent "$agent" ${deflate:+--deflate}
python3 "$tools/summarize.py" "$out/index.json" "$agent" --strict
