"""Package discovery that setuptools' declarative config cannot express.

The conformance suite lives in ./conformance but installs as ``kucoin_conformance``, and the host adapters
live in ./adapters but install as ``kucoin_connector_adapters``, so no generic top-level name such as
``conformance`` lands in site-packages. The adapters also install ``kucoin_connector_adapters.pth`` into
site-packages: it does nothing unless ``KUCOIN_CONNECTOR_CCXT=1`` (README, "ccxt drop-in").
Everything else is in pyproject.toml.
"""
import os

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

CONFORMANCE = ["kucoin_conformance"] + ["kucoin_conformance." + p for p in find_packages("conformance")]
ADAPTERS = ["kucoin_connector_adapters"] + ["kucoin_connector_adapters." + p for p in find_packages("adapters")]
PTH = "kucoin_connector_adapters.pth"


class BuildPyWithPth(build_py):
    """build_py that also puts the adapters' ``.pth`` at the top of the build (site-packages once installed)."""

    def run(self):
        super().run()
        target = self.build_lib
        if getattr(self, "editable_mode", False):
            # An editable wheel (PEP 660) ships what lands in install_lib (setuptools points it at the
            # unpacked wheel), not build_lib, which only holds the code the editable finder maps.
            target = self.distribution.get_command_obj("install").install_lib or target
        self.copy_file(os.path.join("adapters", PTH), os.path.join(target, PTH), preserve_mode=0)

    def get_outputs(self, include_bytecode=1):
        return super().get_outputs(include_bytecode) + [os.path.join(self.build_lib, PTH)]


setup(
    packages=find_packages(include=["kucoin_connector", "kucoin_connector.*"]) + CONFORMANCE + ADAPTERS,
    package_dir={"kucoin_conformance": "conformance", "kucoin_connector_adapters": "adapters"},
    cmdclass={"build_py": BuildPyWithPth},
)
