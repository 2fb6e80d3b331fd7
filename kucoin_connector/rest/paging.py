"""KuCoin's two paging styles as plan helpers (pure core).

* page numbers: request ``currentPage`` / ``pageSize``; answer ``{currentPage, pageSize, totalNum,
  totalPage, items}`` (classic lists such as ``GET /api/v1/accounts/ledgers``,
  https://www.kucoin.com/docs-new/api-3470121);
* HF cursor: request ``lastId`` / ``limit``; answer ``{items, lastId}``, the next page starting after
  ``lastId`` (``GET /api/v1/hf/orders/done``, ``/api/v1/hf/fills``, https://www.kucoin.com/docs-new/api-3470182).

:func:`paginate` detects the style from the first answer, so callers need not know it. Each helper is a
plan: it yields :class:`~kucoin_connector.rest.calls.Call` objects and returns the collected items.
"""
from __future__ import annotations

from typing import Any, Generator

from .calls import Call
from ..errors import BadRequest, BadResponse

__all__ = ["paginate", "page_number_pages", "last_id_pages", "MAX_PAGES"]

MAX_PAGES = 1000  # a guard against a server that never says "last page"
_NO_CURSOR = object()


def _check_max(max_items: Any) -> int | None:
    if max_items is None:
        return None
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items <= 0:
        raise BadRequest(f"max_items must be a positive integer or None, got {max_items!r}")
    return max_items


def _size(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit() \
            or not 0 < int(value) <= 10_000:
        raise BadRequest(f"params {name} must be a positive integer, got {str(value)[:40]!r}")
    return int(value)


def _with(call: Call, **extra: Any) -> Call:
    return call._replace(params={**(call.params or {}), **extra})


def _items(data: Any, call: Call) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
        raise BadResponse(f"expected a paged answer with 'items' from {call.method} {call.path}",
                          endpoint=f"{call.method} {call.path}")
    return data.get("items") or []


def _page_int(data: dict, key: str, call: Call) -> int:
    value = data.get(key)
    if value is None or value == "":
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    raise BadResponse(f"paged answer from {call.method} {call.path} has a non-integer {key}",
                      endpoint=f"{call.method} {call.path}")


def page_number_pages(call: Call, page_size: int = 50, max_items: int | None = None,
                      first: Any = None) -> Generator[Call, Any, list]:
    """All items of a ``currentPage``/``pageSize`` list, page after page (``first``: page 1's answer,
    when the caller already has it). Ends at ``totalPage``, an empty page, ``MAX_PAGES``, or a page that
    does not advance (the server answers another page number than asked, or the same items again)."""
    max_items = _check_max(max_items)
    collected: list = []
    page = 1
    previous: list | None = None
    data = first if first is not None else (yield _with(call, currentPage=1, pageSize=page_size))
    while True:
        items = _items(data, call)
        total_pages = _page_int(data, "totalPage", call)
        served = _page_int(data, "currentPage", call) if "currentPage" in data else page
        if page > 1 and (served != page or items == previous):
            break  # not advancing: the same page again
        collected.extend(items)
        if (max_items is not None and len(collected) >= max_items) or page >= total_pages or page >= MAX_PAGES \
                or not items:
            break
        previous = items
        page += 1
        data = yield _with(call, currentPage=page, pageSize=page_size)
    return collected[:max_items] if max_items is not None else collected


def last_id_pages(call: Call, limit: int = 100, max_items: int | None = None,
                  first: Any = None) -> Generator[Call, Any, list]:
    """All items of an HF ``lastId``/``limit`` list, following the cursor until a short or empty page,
    ``MAX_PAGES``, or a cursor that does not move."""
    max_items = _check_max(max_items)
    collected: list = []
    data = first if first is not None else (yield _with(call, limit=limit))
    previous: Any = _NO_CURSOR
    for _ in range(MAX_PAGES):
        items = _items(data, call)
        cursor = data.get("lastId")
        if cursor is not None and (isinstance(cursor, bool) or not isinstance(cursor, (int, str))):
            raise BadResponse(f"paged answer from {call.method} {call.path} has a malformed lastId",
                              endpoint=f"{call.method} {call.path}")
        if cursor == previous:
            break  # the cursor did not move: this page is the last one again
        collected.extend(items)
        if (max_items is not None and len(collected) >= max_items) or not items or len(items) < limit \
                or cursor in (None, 0, "0", ""):
            break
        previous = cursor
        data = yield _with(call, lastId=cursor, limit=limit)
    return collected[:max_items] if max_items is not None else collected


def paginate(call: Call, max_items: int | None = None, page_size: int = 50,
             limit: int = 100) -> Generator[Call, Any, Any]:
    """Every item of a paged KuCoin list, whichever style it uses; a non-paged answer is returned as is."""
    max_items = _check_max(max_items)
    params = call.params or {}
    if "lastId" in params or "limit" in params:
        return (yield from last_id_pages(call, _size(params.get("limit", limit), "limit"), max_items))
    if "currentPage" in params or "pageSize" in params:
        return (yield from page_number_pages(call, _size(params.get("pageSize", page_size), "pageSize"), max_items))
    data = yield call
    if isinstance(data, dict) and "totalPage" in data:
        # The first page came back with the server's default size: continue with that size.
        size = _page_int(data, "pageSize", call) or page_size
        return (yield from page_number_pages(call, size, max_items, first=data))
    if isinstance(data, dict) and "lastId" in data and "items" in data:
        return (yield from last_id_pages(call, limit, max_items, first=data))
    return data
