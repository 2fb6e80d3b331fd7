"""adapters/hummingbot/install.py: the 3-file shim Hummingbot's connector scan finds (no Hummingbot)."""
from __future__ import annotations

import importlib.util
import re

import pytest

from kucoin_connector_adapters.hummingbot import install as inst


def test_install_writes_the_three_files_that_reexport_existing_modules(tmp_path):
    folder = inst.install(tmp_path)
    assert folder == tmp_path / "kucoin_lite"
    assert sorted(p.name for p in folder.iterdir()) == ["__init__.py", "kucoin_lite_exchange.py",
                                                         "kucoin_lite_utils.py"]
    for name in ("kucoin_lite_utils", "kucoin_lite_exchange"):
        text = (folder / f"{name}.py").read_text()
        module = re.search(r"^from (\S+) import \*", text, re.M).group(1)
        assert module.endswith(f".connector.{name}")
        assert importlib.util.find_spec(module) is not None, module  # the target exists (not imported)
    # the _utils shim must not pull in the exchange module (Hummingbot's start-up would import it)
    assert "exchange" not in (folder / "kucoin_lite_utils.py").read_text().split("import", 1)[1]


def test_install_is_repeatable_and_uninstall_removes_only_our_shim(tmp_path):
    inst.install(tmp_path)
    inst.install(tmp_path)
    (tmp_path / "kucoin_lite" / "__pycache__").mkdir()
    assert inst.uninstall(tmp_path) is True
    assert not (tmp_path / "kucoin_lite").exists()
    assert inst.uninstall(tmp_path) is False


def test_uninstall_refuses_a_folder_with_foreign_files(tmp_path):
    inst.install(tmp_path)
    (tmp_path / "kucoin_lite" / "mine.py").write_text("")
    with pytest.raises(SystemExit, match="did not write"):
        inst.uninstall(tmp_path)
    assert (tmp_path / "kucoin_lite" / "mine.py").exists()


def test_main_with_an_explicit_folder(tmp_path, capsys):
    assert inst.main(["--exchange-dir", str(tmp_path)]) == 0
    assert "installed" in capsys.readouterr().out
    assert inst.main(["--exchange-dir", str(tmp_path), "--uninstall"]) == 0
    assert not (tmp_path / "kucoin_lite").exists()
