"""Argument checks shared by plans (pure core): bad input fails before anything is sent."""
from __future__ import annotations

from typing import Any

from ..errors import BadRequest, InvalidOrder

__all__ = ["check_limit", "check_since", "check_params", "check_symbols_list", "apply_time_in_force"]


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


def apply_time_in_force(params: dict[str, Any], type: str, body: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """ccxt's ``timeInForce`` (one of ``allowed``, or ``"PO"`` for post-only) and ``postOnly`` params ->
    KuCoin's ``timeInForce`` / ``postOnly`` body fields, for every family; both are limit-order fields, and
    post-only cannot be immediate (IOC, FOK). Pops what it reads from ``params``."""
    tif = params.pop("timeInForce", None)
    post_only = params.pop("postOnly", None)
    if tif == "PO":
        tif, post_only = None, True
    if tif is not None:
        if tif not in allowed:
            raise InvalidOrder(f"timeInForce must be one of {allowed} or 'PO', got {tif!r}")
        if type == "market":
            raise InvalidOrder("timeInForce applies to limit orders only")
        body["timeInForce"] = tif
    if post_only:
        if type == "market":
            raise InvalidOrder("postOnly applies to limit orders only")
        if tif in ("IOC", "FOK"):
            raise InvalidOrder(f"postOnly cannot be combined with {tif}")
        body["postOnly"] = True
