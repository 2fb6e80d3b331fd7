"""The library's loggers, ``kucoin_connector.*`` (pure core: logging only, no handlers that write).

Only modules that log import this one, so importing the package and constructing a client load no
``logging`` (cold start, issue 8). The first import gives the package logger a ``NullHandler``, as a
library should: without a configured handler, nothing is printed.
"""
from __future__ import annotations

import logging

__all__ = ["get_logger"]

_PACKAGE_LOGGER = logging.getLogger(__name__.rpartition(".")[0])
if not any(isinstance(h, logging.NullHandler) for h in _PACKAGE_LOGGER.handlers):
    _PACKAGE_LOGGER.addHandler(logging.NullHandler())


def get_logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)`` for a module of this package (the package logger is already set up)."""
    return logging.getLogger(name)
