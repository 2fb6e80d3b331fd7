"""The spot order route table is complete and every fact in it is KuCoin's (the vendored spec).

Each route field is checked three ways: the path resolves in the endpoint table on the spot host to the
same template, the spec file of its product defines that method and path, and what the plans do with the
field (symbol in the query, client order id in the query, items key, paging parameters, fixed query
fields) is what the spec's parameters and answer schema say.
"""
from __future__ import annotations

import dataclasses
import json
import pathlib
import re

import pytest

from kucoin_connector.rest.endpoints import lookup
from kucoin_connector.spot.routes import ORDER_ROUTES, Listing, OrderKind, Paging, Route, SyncRoutes

SPEC = pathlib.Path(__file__).resolve().parents[2] / "reference" / "kucoin-openapi" / "rest"
SPEC_FILE = {OrderKind.HF: "openapi-spot-order.json", OrderKind.CLASSIC: "openapi-spot-order.json",
             OrderKind.STOP: "openapi-spot-order.json", OrderKind.MARGIN: "openapi-margin-order.json"}
SAMPLE_ID = "6717422bd51c29000775ea03"

# The HTTP method of every path-valued field (a field missing here fails test_every_field_has_a_method).
METHODS = {"place": "POST", "test": "POST", "place_batch": "POST", "amend": "POST", "get_by_id": "GET",
           "get_by_client_id": "GET", "cancel_by_id": "DELETE", "cancel_by_client_id": "DELETE",
           "cancel_all": "DELETE", "cancel_all_symbols": "DELETE"}
SYNC_METHODS = {"place": "POST", "place_batch": "POST", "cancel_by_id": "DELETE", "cancel_by_client_id": "DELETE"}
LISTINGS = ("open_orders", "done_orders", "fills")


def spec_paths(kind: OrderKind) -> dict:
    return json.loads((SPEC / SPEC_FILE[kind]).read_text(encoding="utf-8"))["paths"]


def endpoints(route: Route):
    """(field, method, path template) of every endpoint the route names."""
    for name, method in METHODS.items():
        path = getattr(route, name)
        if path is not None:
            yield name, method, path
    if route.sync is not None:
        for name, method in SYNC_METHODS.items():
            yield f"sync.{name}", method, getattr(route.sync, name)
    for name in LISTINGS:
        listing = getattr(route, name)
        if listing is not None:
            yield name, "GET", listing.path


def spec_template(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def spec_operation(kind: OrderKind, method: str, path: str) -> dict:
    """The spec's operation whose template is ``path`` (our ``{}`` placeholders) under ``method``."""
    for spec_path, operations in spec_paths(kind).items():
        if spec_template(spec_path) == path and method.lower() in operations:
            return operations[method.lower()]
    raise AssertionError(f"{method} {path} is not in {SPEC_FILE[kind]}")


def query_params(operation: dict) -> dict[str, dict]:
    return {p["name"]: p for p in operation.get("parameters", ()) if p.get("in") == "query"}


def answer_data(operation: dict) -> dict:
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return schema["properties"]["data"]


def test_every_order_kind_has_a_route():
    assert set(ORDER_ROUTES) == set(OrderKind)
    assert all(isinstance(route, Route) for route in ORDER_ROUTES.values())


def test_every_field_has_a_method():
    """A new path field must say its method here, so the checks below cover it."""
    path_fields = {f.name for f in dataclasses.fields(Route)} - {"name", "needs_symbol", "sync"} - set(LISTINGS)
    assert path_fields == set(METHODS)
    assert {f.name for f in dataclasses.fields(SyncRoutes)} == set(SYNC_METHODS)
    assert {f.name for f in dataclasses.fields(Route) if f.type in ("Listing", "Listing | None")} == set(LISTINGS)


@pytest.mark.parametrize("kind", list(OrderKind), ids=lambda k: k.value)
def test_every_route_path_is_a_spot_endpoint(kind):
    route = ORDER_ROUTES[kind]
    for name, method, path in endpoints(route):
        concrete = path.replace("{}", SAMPLE_ID)
        row = lookup(method, concrete, "spot")
        assert row is not None, f"{kind.value}.{name}: {method} {path} is not a spot endpoint"
        assert spec_template(row.path) == path, f"{kind.value}.{name}: {method} {concrete} resolves to {row.path}"
        spec_operation(kind, method, path)  # and the product's spec file defines it


@pytest.mark.parametrize("kind", list(OrderKind), ids=lambda k: k.value)
def test_client_order_id_goes_where_the_spec_says(kind):
    """A template with ``{}`` takes the id in the path, one without takes ``clientOid`` in the query."""
    route = ORDER_ROUTES[kind]
    templates = [("GET", route.get_by_client_id), ("DELETE", route.cancel_by_client_id)]
    if route.sync is not None:
        templates.append(("DELETE", route.sync.cancel_by_client_id))
    for method, path in templates:
        operation = spec_operation(kind, method, path)
        in_query = "clientOid" in query_params(operation)
        assert in_query == ("{}" not in path), f"{method} {path}"


@pytest.mark.parametrize("kind", list(OrderKind), ids=lambda k: k.value)
def test_needs_symbol_is_the_spec_requiring_one(kind):
    route = ORDER_ROUTES[kind]
    for path in (route.get_by_id, route.get_by_client_id):
        symbol = query_params(spec_operation(kind, "GET", path)).get("symbol")
        assert bool(symbol and symbol.get("required")) == route.needs_symbol, f"GET {path}"


@pytest.mark.parametrize("kind", list(OrderKind), ids=lambda k: k.value)
def test_cancel_all_takes_a_symbol_only_where_it_has_one_path(kind):
    route = ORDER_ROUTES[kind]
    assert "symbol" in query_params(spec_operation(kind, "DELETE", route.cancel_all))
    if route.cancel_all_symbols not in (None, route.cancel_all):
        assert "symbol" not in query_params(spec_operation(kind, "DELETE", route.cancel_all_symbols))


@pytest.mark.parametrize("kind", list(OrderKind), ids=lambda k: k.value)
def test_listings_match_the_spec(kind):
    route = ORDER_ROUTES[kind]
    for name in LISTINGS:
        listing: Listing | None = getattr(route, name)
        if listing is None:
            continue
        operation = spec_operation(kind, "GET", listing.path)
        params, data = query_params(operation), answer_data(operation)
        where = f"{kind.value}.{name} GET {listing.path}"
        if listing.items_key is None:
            assert data["type"] == "array", where
        else:
            assert data["properties"][listing.items_key]["type"] == "array", where
        if listing.paging is Paging.CURSOR:
            assert {"lastId", "limit"} <= set(params), where
            assert params["limit"]["schema"]["maximum"] == Paging.CURSOR.max_size, where
            assert "lastId" in data["properties"], where
        elif listing.paging is Paging.NUMBERED:
            assert {"currentPage", "pageSize"} <= set(params), where
            assert params["pageSize"]["schema"]["maximum"] == Paging.NUMBERED.max_size, where
        for field, value in listing.query.items():
            assert field in params, where
            assert value in params[field]["schema"].get("enum", (value,)), where


def test_kinds_keep_their_old_string_values():
    assert [k.value for k in OrderKind] == ["hf", "classic", "stop", "margin"]
    assert ORDER_ROUTES["stop"] is ORDER_ROUTES[OrderKind.STOP]
