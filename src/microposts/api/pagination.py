"""The book's list envelope: `{"next", "previous", "result"}` with `page` and `size` parameters."""

import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

import orjson
from django.http import HttpRequest, HttpResponse

from microposts.core.errors import InvalidInput
from microposts.core.pagination import Cursor, Page, PageRequest

Row = TypeVar("Row")


PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100
PAGE_NUMBER_MAX = 1_000_000  # keeps the OFFSET inside 64 bits; deeper lists are read by cursor
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")

# Read by hand rather than through a pydantic query schema: measured, that schema cost about 40 us
# a request, a quarter of a bare view, on every list. The OpenAPI document still lists them.
PAGE_PARAMETERS = {
    "parameters": [
        {
            "in": "query",
            "name": "page",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_NUMBER_MAX},
            "description": "Page number, from 1 (its cost grows with depth; prefer the links)",
        },
        {
            "in": "query",
            "name": "size",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX, "default": 20},
            "description": f"Items per page, 1 to {PAGE_SIZE_MAX}",
        },
        {
            "in": "query",
            "name": "cursor",
            "required": False,
            "schema": {"type": "string"},
            "description": "A position, as given in a `next` or `previous` link",
        },
    ]
}


def _whole_number(request: HttpRequest, name: str, *, maximum: int) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    if not _WHOLE_NUMBER.fullmatch(raw):
        raise InvalidInput(f"Parameter '{name}' must be a whole number")
    value = int(raw)
    if value < 1:
        raise InvalidInput(f"Parameter '{name}' must be at least 1")
    if value > maximum:
        raise InvalidInput(f"Parameter '{name}' must be at most {maximum}")
    return value


def page_request(request: HttpRequest) -> PageRequest:
    """The page a list request asks for, from its `page`, `size` and `cursor` parameters."""
    size = _whole_number(request, "size", maximum=PAGE_SIZE_MAX) or PAGE_SIZE_DEFAULT
    number = _whole_number(request, "page", maximum=PAGE_NUMBER_MAX)
    raw_cursor = request.GET.get("cursor")
    if raw_cursor is not None and number is not None:
        raise InvalidInput("Use either 'page' or 'cursor', not both")
    cursor = Cursor.decode(raw_cursor) if raw_cursor is not None else None
    offset = (number - 1) * size if number else 0
    return PageRequest(size=size, cursor=cursor, offset=offset)


def _link(request: HttpRequest, cursor: Cursor | None) -> str | None:
    if cursor is None:
        return None
    query = {k: v for k, v in request.GET.items() if k not in {"page", "cursor"}}
    query["cursor"] = cursor.encode()
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


def json_response(data: Any, status: int = 200) -> HttpResponse:
    # orjson on plain dicts: the hot list paths skip per-object schema validation (DESIGN.md).
    return HttpResponse(orjson.dumps(data), status=status, content_type="application/json")


def envelope(
    request: HttpRequest, page: Page[Row], render: Callable[[Row], dict[str, Any]]
) -> HttpResponse:
    return json_response(
        {
            "next": _link(request, page.next),
            "previous": _link(request, page.previous),
            "result": [render(item) for item in page.items],
        }
    )
