"""Pages of the website's lists: a `cursor` parameter, as in the `next` links the pages show."""

from typing import Any

from django.http import HttpRequest

from microposts.core.pagination import Cursor, Page, PageRequest

PAGE_SIZE = 20


def page_request(request: HttpRequest, *, size: int = PAGE_SIZE) -> PageRequest:
    """The page a list view shows; a malformed cursor raises InvalidCursor (a 400 page)."""
    raw = request.GET.get("cursor")
    return PageRequest(size=size, cursor=Cursor.decode(raw) if raw else None)


def next_query(request: HttpRequest, page: Page[Any]) -> str | None:
    """The query string of the next page's link, keeping the list's other parameters."""
    if page.next is None:
        return None
    query = request.GET.copy()
    query["cursor"] = page.next.encode()
    return query.urlencode()
