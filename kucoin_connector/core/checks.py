"""Argument checks shared by plans (pure core): bad input fails before anything is sent."""
from __future__ import annotations

from typing import Any

from ..errors import BadRequest

__all__ = ["check_limit", "check_since", "check_params", "check_symbols_list"]


def check_limit(limit: Any, name: str = "limit", maximum: int | None = None) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise BadRequest(f"{name} must be a positive integer or None, got {limit!r}")
    if limit <= 0:
        raise BadRequest(f"{name} must be a positive integer, got {limit}")
    if maximum is not None and limit > maximum:
        raise BadRequest(f"{name} must be at most {maximum}, got {limit}")
    return limit


def check_since(since: Any) -> int | None:
    if since is None:
        return None
    if isinstance(since, bool) or not isinstance(since, int) or since < 0:
        raise BadRequest(f"since must be a timestamp in milliseconds (a non-negative int), got {since!r}")
    return since


def check_params(params: Any) -> dict[str, Any]:
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise BadRequest(f"params must be a dict, got {type(params).__name__}")
    return params


def check_symbols_list(symbols: Any) -> list[str] | None:
    if symbols is None:
        return None
    if isinstance(symbols, str) or not isinstance(symbols, (list, tuple)):
        raise BadRequest(f"symbols must be a list of symbols or None, got {type(symbols).__name__}")
    return list(symbols)
