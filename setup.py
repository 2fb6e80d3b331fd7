"""Package discovery that setuptools' declarative config cannot express.

The conformance suite lives in ./conformance but installs as ``kucoin_conformance``, and the host
adapters in ./adapters install as ``kucoin_connector_adapters``, so no generic top-level name such as
``conformance`` or ``adapters`` lands in site-packages. Everything else is in pyproject.toml.
"""
from setuptools import find_packages, setup

CONFORMANCE = ["kucoin_conformance"] + ["kucoin_conformance." + p for p in find_packages("conformance")]
ADAPTERS = ["kucoin_connector_adapters"] + ["kucoin_connector_adapters." + p for p in find_packages("adapters")]

setup(
    packages=find_packages(include=["kucoin_connector", "kucoin_connector.*"]) + CONFORMANCE + ADAPTERS,
    package_dir={"kucoin_conformance": "conformance", "kucoin_connector_adapters": "adapters"},
)
