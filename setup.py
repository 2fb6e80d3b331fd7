"""Package discovery that setuptools' declarative config cannot express.

The conformance suite lives in ./conformance but installs as ``kucoin_conformance``, so no generic
top-level name such as ``conformance`` lands in site-packages. Everything else is in pyproject.toml.
"""
from setuptools import find_packages, setup

CONFORMANCE = ["kucoin_conformance"] + ["kucoin_conformance." + p for p in find_packages("conformance")]

setup(
    packages=find_packages(include=["kucoin_connector", "kucoin_connector.*"]) + CONFORMANCE,
    package_dir={"kucoin_conformance": "conformance"},
)
