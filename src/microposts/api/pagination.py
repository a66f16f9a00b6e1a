"""The book's list envelope: `{"next", "previous", "result"}` with `page` and `size` parameters."""

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

import orjson
from django.http import HttpRequest, HttpResponse

from microposts.api.schemas import PageParams
from microposts.core.errors import InvalidInput
from microposts.core.pagination import Cursor, Page, PageRequest

Row = TypeVar("Row")


def page_request(params: PageParams) -> PageRequest:
    if params.cursor is not None and params.page is not None:
        raise InvalidInput("Use either 'page' or 'cursor', not both")
    cursor = Cursor.decode(params.cursor) if params.cursor is not None else None
    offset = (params.page - 1) * params.size if params.page else 0
    return PageRequest(size=params.size, cursor=cursor, offset=offset)


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
