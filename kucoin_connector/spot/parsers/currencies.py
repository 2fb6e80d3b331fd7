"""``/api/v3/currencies`` items -> ccxt currency structures; currency-code mapping (pure core).

Layer: pure core. Rule: no I/O; numbers leave through the face's ``num`` converter.

Source: https://www.kucoin.com/docs-new/api-3470152 ("Get All Currencies") and
https://www.kucoin.com/docs-new/api-3470155 ("Get Currency"). Each item has ``currency``,
``fullName``, ``precision`` (decimal places) and ``chains[]`` (``chainId``, ``chainName``,
``isDepositEnabled``, ``isWithdrawEnabled``, ``withdrawalMinFee``, ``withdrawalMinSize``,
``depositMinSize``, ``maxWithdraw``, ``maxDeposit``, ``withdrawPrecision``).

Rules mirrored from ccxt 4.5 (observed on the spec examples):

* the code is ``currency`` upper-cased, then renamed by :data:`COMMON_CURRENCIES`;
* a currency without chains is ``type: "fiat"``, otherwise ``"crypto"``;
* ``precision`` is the step ``10**-precision`` (8 -> 0.00000001), then the coarsest of the
  networks' withdraw steps if one is coarser;
* ``deposit``/``withdraw`` are True if any network allows it, False if networks exist and none does;
* ``fee`` is the lowest network ``withdrawalMinFee``; ``limits`` are the lowest minimum and the
  highest maximum over the networks; ``active`` stays None (ccxt does not derive it);
* ``fees`` is ``{}``.

Deliberate difference: for a currency with no chains ccxt sets ``limits`` to None; we keep the full
``{deposit: {min, max}, withdraw: {min, max}}`` shape with None values (every structure has all its
keys).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional

from ...core.numbers import Num
from ...core.fields import ShapeError, dec, digits, first, listing, mapping, out, text
from ...core.currency_codes import currency_code
from .networks import network_code

__all__ = ["parse_currency", "parse_currencies"]

def _step(value: object) -> Optional[Decimal]:
    """``10**-digits`` for a count of decimal places (``8`` or ``"8"``, at most 40)."""
    places = digits(value, "precision")
    return None if places is None else Decimal(1).scaleb(-places)


def _pick(values: List[Optional[Decimal]], better: Callable[[Decimal, Decimal], bool]) -> Optional[Decimal]:
    best: Optional[Decimal] = None
    for value in values:
        if value is not None and (best is None or better(value, best)):
            best = value
    return best


def _flag(values: List[Optional[bool]]) -> Optional[bool]:
    if any(v is True for v in values):
        return True
    if any(v is False for v in values):
        return False
    return None


def _bool(value: object) -> Optional[bool]:
    return value if isinstance(value, bool) else None


def _network(chain: Mapping[str, Any], code: str) -> Dict[str, Any]:
    """One ``chains[]`` entry as exact values (converted by the caller)."""
    return {
        "info": chain,
        "id": text(chain.get("chainId"), "chainId"),
        "name": text(chain.get("chainName"), "chainName"),
        "code": code,
        "active": None,
        "fee": dec(first(chain, "withdrawalMinFee", "minWithdrawFee")),
        "deposit": _bool(chain.get("isDepositEnabled")),
        "withdraw": _bool(chain.get("isWithdrawEnabled")),
        "precision": _step(chain.get("withdrawPrecision")),
        "limits": {
            "withdraw": {
                "min": dec(first(chain, "withdrawalMinSize", "minWithdrawSize")),
                "max": dec(first(chain, "maxWithdraw", "maxWithdrawSize")),
            },
            "deposit": {
                "min": dec(first(chain, "depositMinSize", "minDepositSize")),
                "max": dec(first(chain, "maxDeposit", "maxDepositSize")),
            },
        },
    }


def _convert_network(network: Dict[str, Any], num: Num) -> Dict[str, Any]:
    limits = network["limits"]
    return {
        **network,
        "fee": out(num, network["fee"]),
        "precision": out(num, network["precision"]),
        "limits": {
            side: {"min": out(num, limits[side]["min"]), "max": out(num, limits[side]["max"])}
            for side in ("withdraw", "deposit")
        },
    }


def parse_currency(item: Mapping[str, Any], num: Num) -> Dict[str, Any]:
    """One ``/api/v3/currencies`` item -> ccxt currency structure (networks keyed by unified code)."""
    item = mapping(item, "currency")
    currency_id = item.get("currency")
    code = currency_code(currency_id)
    chains = listing(item.get("chains"), "chains")
    networks: Dict[str, Dict[str, Any]] = {}
    for chain in chains:
        if not isinstance(chain, Mapping):
            raise ShapeError(f"chains entry of {code} is {type(chain).__name__}, not an object")
        net_code = network_code(text(chain.get("chainId"), "chainId"))
        if net_code is not None:
            networks[net_code] = _network(chain, net_code)  # a later duplicate wins, as in ccxt
    nets = list(networks.values())
    lt = lambda a, b: a < b  # noqa: E731
    gt = lambda a, b: a > b  # noqa: E731
    precision = _pick([_step(item.get("precision"))] + [n["precision"] for n in nets], gt)
    limits: Dict[str, Dict[str, Optional[Decimal]]] = {
        side: {
            "min": _pick([n["limits"][side]["min"] for n in nets], lt),
            "max": _pick([n["limits"][side]["max"] for n in nets], gt),
        }
        for side in ("deposit", "withdraw")
    }
    return {
        "info": item,
        "id": text(currency_id, "currency"),
        "numericId": None,
        "code": code,
        "precision": out(num, precision),
        "type": "crypto" if chains else "fiat",
        "name": text(item.get("fullName"), "fullName"),
        "active": None,
        "deposit": _flag([n["deposit"] for n in nets]),
        "withdraw": _flag([n["withdraw"] for n in nets]),
        "fee": out(num, _pick([n["fee"] for n in nets], lt)),
        "fees": {},
        "networks": {k: _convert_network(v, num) for k, v in networks.items()},
        "limits": {
            side: {"min": out(num, v["min"]), "max": out(num, v["max"])} for side, v in limits.items()
        },
    }


def parse_currencies(items: List[Mapping[str, Any]], num: Num) -> Dict[str, Dict[str, Any]]:
    """All currencies keyed by unified code (items without ``currency`` are skipped)."""
    result: Dict[str, Dict[str, Any]] = {}
    for item in listing(items, "currencies"):
        if mapping(item, "currency").get("currency") is not None:
            parsed = parse_currency(item, num)
            result[parsed["code"]] = parsed
    return result
