"""The exception tree: ccxt 4.5 names and parents, context fields, repr, pickling, purity."""
from __future__ import annotations

import ast
import pathlib
import pickle

import pytest

from kucoin_connector import errors
from kucoin_connector.errors import (
    ERROR_CLASSES,
    BaseError,
    DDoSProtection,
    ExchangeError,
    InsufficientFunds,
    NetworkError,
    OrderNotFound,
    RateLimitExceeded,
)

# Written by hand from ccxt 4.5.90's ccxt/base/errors.py (observed in a scratch venv): name -> parent.
EXPECTED_PARENTS = {
    "ExchangeError": "BaseError",
    "AuthenticationError": "ExchangeError",
    "PermissionDenied": "AuthenticationError",
    "AccountNotEnabled": "PermissionDenied",
    "AccountSuspended": "AuthenticationError",
    "ArgumentsRequired": "ExchangeError",
    "BadRequest": "ExchangeError",
    "BadSymbol": "BadRequest",
    "OperationRejected": "ExchangeError",
    "NoChange": "OperationRejected",
    "MarginModeAlreadySet": "NoChange",
    "MarketClosed": "OperationRejected",
    "ManualInteractionNeeded": "OperationRejected",
    "RestrictedLocation": "OperationRejected",
    "InsufficientFunds": "ExchangeError",
    "InvalidAddress": "ExchangeError",
    "AddressPending": "InvalidAddress",
    "InvalidOrder": "ExchangeError",
    "OrderNotFound": "InvalidOrder",
    "OrderNotCached": "InvalidOrder",
    "OrderImmediatelyFillable": "InvalidOrder",
    "OrderNotFillable": "InvalidOrder",
    "DuplicateOrderId": "InvalidOrder",
    "ContractUnavailable": "InvalidOrder",
    "NotSupported": "ExchangeError",
    "InvalidProxySettings": "ExchangeError",
    "ExchangeClosedByUser": "ExchangeError",
    "OperationFailed": "BaseError",
    "NetworkError": "OperationFailed",
    "DDoSProtection": "NetworkError",
    "RateLimitExceeded": "NetworkError",
    "ExchangeNotAvailable": "NetworkError",
    "OnMaintenance": "ExchangeNotAvailable",
    "InvalidNonce": "NetworkError",
    "ChecksumError": "InvalidNonce",
    "RequestTimeout": "NetworkError",
    "BadResponse": "OperationFailed",
    "NullResponse": "BadResponse",
    "CancelPending": "OperationFailed",
    "UnsubscribeError": "BaseError",
}

FULL_CONTEXT = dict(
    code="400100",
    http_status=400,
    endpoint="POST /api/v1/hf/orders",
    outcome_unknown=True,
    client_order_id="my-oid-1",
    retry_after_ms=1500,
)


@pytest.mark.parametrize("name,parent", sorted(EXPECTED_PARENTS.items()))
def test_class_has_ccxt_parent(name: str, parent: str) -> None:
    cls = getattr(errors, name)
    assert cls.__bases__ == (getattr(errors, parent),)


def test_base_error_is_an_exception() -> None:
    assert BaseError.__bases__ == (Exception,)


def test_all_and_error_classes_list_every_class() -> None:
    names = set(EXPECTED_PARENTS) | {"BaseError"}
    assert set(ERROR_CLASSES) == names
    assert set(errors.__all__) == names | {"ERROR_CLASSES"}
    for name, cls in ERROR_CLASSES.items():
        assert cls.__name__ == name


def test_catching_follows_ccxt_semantics() -> None:
    with pytest.raises(ExchangeError):
        raise InsufficientFunds("no money")
    # ccxt 4.5: RateLimitExceeded is a NetworkError but not a DDoSProtection.
    assert issubclass(RateLimitExceeded, NetworkError)
    assert not issubclass(RateLimitExceeded, DDoSProtection)


def test_defaults_are_unknown() -> None:
    exc = BaseError()
    assert str(exc) == ""
    assert (exc.code, exc.http_status, exc.endpoint, exc.client_order_id, exc.retry_after_ms) == (None,) * 5
    assert exc.outcome_unknown is False
    assert repr(exc) == "BaseError('')"


def test_context_attributes_str_and_repr() -> None:
    exc = OrderNotFound("kucoin 400100 order not exist", **FULL_CONTEXT)
    assert str(exc) == "kucoin 400100 order not exist"
    assert exc.args == ("kucoin 400100 order not exist",)
    for key, value in FULL_CONTEXT.items():
        assert getattr(exc, key) == value
    assert repr(exc) == (
        "OrderNotFound('kucoin 400100 order not exist', code='400100', http_status=400, "
        "endpoint='POST /api/v1/hf/orders', outcome_unknown=True, client_order_id='my-oid-1', "
        "retry_after_ms=1500)"
    )


def test_repr_omits_default_fields() -> None:
    assert repr(RateLimitExceeded("slow down", retry_after_ms=250)) == "RateLimitExceeded('slow down', retry_after_ms=250)"


def test_context_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        ExchangeError("m", "400100")  # type: ignore[misc]


@pytest.mark.parametrize("name", sorted(ERROR_CLASSES))
def test_pickle_round_trip_keeps_type_message_and_context(name: str) -> None:
    exc = ERROR_CLASSES[name]("msg for " + name, **FULL_CONTEXT)
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc)
    assert str(back) == "msg for " + name
    assert back.context() == exc.context()
    assert repr(back) == repr(exc)


def test_pickle_keeps_extra_attributes() -> None:
    exc = ExchangeError("m", code="1")
    exc.note = "attached later"  # type: ignore[attr-defined]
    back = pickle.loads(pickle.dumps(exc))
    assert back.note == "attached later"
    assert back.code == "1"


@pytest.mark.parity
def test_hierarchy_matches_installed_ccxt() -> None:
    ccxt_errors = pytest.importorskip("ccxt.base.errors")
    for name, cls in ERROR_CLASSES.items():
        theirs = getattr(ccxt_errors, name)
        assert [c.__name__ for c in cls.__mro__[:-2]] == [c.__name__ for c in theirs.__mro__[:-2]]


# --- purity of the modules this suite owns ------------------------------------------------------

PKG = pathlib.Path(__file__).resolve().parents[2] / "kucoin_connector"
FORBIDDEN = {"socket", "ssl", "asyncio", "threading", "time", "random", "urllib3", "logging"}


@pytest.mark.parametrize("module", ["errors.py", "rest/error_codes.py", "rest/endpoints.py", "rest/endpoint_table.py"])
def test_pure_core_imports(module: str) -> None:
    tree = ast.parse((PKG / module).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & FORBIDDEN
