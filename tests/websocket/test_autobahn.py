"""Autobahn|Testsuite, fast subset (groups 1-8 and 10): every case OK or INFORMATIONAL.

Runs ``tools/autobahn.sh --cases 1-8,10`` (about 10 s once the fuzzing server is built; the first
build takes about 2 minutes). Skips, saying why, where Python 2.7 or the Autobahn tools are missing.
"""
from __future__ import annotations

import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
TOOLS = pathlib.Path(os.environ.get("AUTOBAHN_TOOLS",
                                    REPO / "tools/autobahn"))


def _skip_reason() -> str | None:
    if not (TOOLS / "setup.sh").exists():
        return f"Autobahn tools not found at {TOOLS} (set AUTOBAHN_TOOLS)"
    home = pathlib.Path(os.environ.get("AUTOBAHN_HOME", pathlib.Path.home() / ".cache/kucoin-autobahn"))
    if (home / "venv27/bin/wstest").exists():
        return None
    pyenv = pathlib.Path(os.environ.get("PYENV_ROOT", pathlib.Path.home() / ".pyenv"))
    py27 = pathlib.Path(os.environ.get("PY27", pyenv / "versions/2.7.18/bin/python2.7"))
    if not py27.exists():
        return f"Python 2.7 is missing at {py27}: the Autobahn fuzzing server cannot run here (set PY27)"
    return None


@pytest.mark.autobahn
def test_autobahn_fast_subset(tmp_path):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    env = dict(os.environ, AUTOBAHN_OUT=str(tmp_path), AUTOBAHN_TOOLS=str(TOOLS))
    done = subprocess.run(["bash", str(REPO / "tools/autobahn.sh"), "--cases", "1-8,10"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    passed, total = last.split()[0].split("/")
    assert passed == total and int(total) >= 240, done.stdout
    assert "not passing" not in done.stdout
