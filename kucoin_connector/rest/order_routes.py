"""Order routes as data, the product-neutral shapes (pure core): one :class:`Route` per kind of order, with
every endpoint and per-kind fact the order plans use. Each family fills a table of its own
(:mod:`kucoin_connector.spot.routes`, :mod:`kucoin_connector.futures.routes`).

Layer: pure core. Rule: data only (stdlib), no I/O.

Conventions: ``{}`` in a path is where the order id (or client order id) goes, through
``rest.calls.path``; a client-order-id path *without* ``{}`` takes the id as the ``clientOid`` query
parameter; ``None`` means "this kind has no such endpoint": the plan refuses before sending anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Mapping

__all__ = ["Paging", "Listing", "SyncRoutes", "Route"]


class Paging(Enum):
    """How a list endpoint is paged, and what the ``limit`` argument becomes in its query."""

    SERVER_DEFAULT = (None, 0)  # one request, no page size sent: KuCoin's default page (``limit`` trims locally)
    CURSOR = ("limit", 100)  # ``limit`` <= 100 per page; the ``lastId`` cursor is followed for a larger limit
    NUMBERED = ("pageSize", 500)  # one numbered page of ``pageSize`` <= 500
    NUMBERED_1000 = ("pageSize", 1000)  # one numbered page of ``pageSize`` <= 1000 (futures lists)

    def __init__(self, size_param: str | None, max_size: int) -> None:
        self.size_param = size_param  # query parameter that carries the page size (None: not sent)
        self.max_size = max_size  # the most items one page may hold


_NO_QUERY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Listing:
    """One list endpoint: where it lives, the fixed query fields it needs, where the items are in the
    answer (``items_key`` in ``data``; None when ``data`` is the list itself) and how it is paged."""

    path: str
    items_key: str | None
    paging: Paging
    query: Mapping[str, str] = field(default_factory=lambda: _NO_QUERY)


@dataclass(frozen=True)
class SyncRoutes:
    """The "answer after matching" variants of placement and cancellation (the answer carries the order's
    state instead of its ids only)."""

    place: str
    place_batch: str
    cancel_by_id: str
    cancel_by_client_id: str


@dataclass(frozen=True)
class Route:
    """Everything the order plans need to know about one kind of order."""

    name: str  # how messages name this kind of order
    place: str  # POST
    test: str | None  # POST: validated, nothing placed
    place_batch: str | None  # POST, several orders in one request (None: the plans do not batch this kind)
    amend: str | None  # POST: cancel-and-replace keeping the client order id
    get_by_id: str  # GET
    get_by_client_id: str  # GET
    cancel_by_id: str  # DELETE
    cancel_by_client_id: str  # DELETE
    cancel_all: str  # DELETE every open order of one symbol (``symbol`` query)
    cancel_all_symbols: str | None  # DELETE every open order without a symbol (None: a symbol is required)
    open_orders: Listing  # GET
    done_orders: Listing | None  # GET (None: KuCoin keeps no history of finished orders for this kind)
    fills: Listing | None  # GET (None: orders of this kind have no fills of their own)
    needs_symbol: bool  # single-order GETs take the symbol as a required query parameter
    sync: SyncRoutes | None = None  # None: no synchronous variants
