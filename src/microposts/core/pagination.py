"""Keyset pagination over a time-ordered integer key (a snowflake or an auto-increment id).

A page is fetched with `key < cursor` (or `>` for ascending lists) and a LIMIT, so following
`next` costs the same at any depth. An explicit page number, which the book's API allows, is an
OFFSET: it works, at a cost that grows with the page number; the links it returns are cursors.
"""

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet

from microposts.core.errors import InvalidInput

Row = TypeVar("Row")
Other = TypeVar("Other")


class InvalidCursor(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "Parameter 'cursor' is not valid: use the next and previous links as given"
        )


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in a list: the key of the boundary row and the direction to read from it."""

    key: int
    backwards: bool = False

    def encode(self) -> str:
        text = f"{'b' if self.backwards else 'f'}{self.key}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, raw: str) -> "Cursor":
        try:
            padded = raw + "=" * (-len(raw) % 4)
            text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
            direction, key = text[0], int(text[1:])
        except (ValueError, IndexError, UnicodeError, binascii.Error):
            raise InvalidCursor from None
        if direction not in "fb" or key < 0 or key >= 1 << 63:
            raise InvalidCursor
        return cls(key=key, backwards=direction == "b")


@dataclass(frozen=True, slots=True)
class PageRequest:
    size: int
    cursor: Cursor | None = None
    offset: int = 0

    @property
    def backwards(self) -> bool:
        """Whether the page lies before its cursor (a `previous` link), read against the list."""
        return self.cursor is not None and self.cursor.backwards

    @property
    def skip(self) -> int:
        """Rows to skip: an explicit page number's offset; a cursor already marks the start."""
        return self.offset if self.cursor is None else 0

    def reads_descending(self, *, descending: bool) -> bool:
        return descending != self.backwards


@dataclass(frozen=True, slots=True)
class Page(Generic[Row]):
    items: list[Row]
    next: Cursor | None
    previous: Cursor | None

    def map(self, function: Callable[[Row], Other]) -> "Page[Other]":
        return Page([function(item) for item in self.items], self.next, self.previous)


def page_from_rows(
    rows: Sequence[Row],
    *,
    request: PageRequest,
    key_of: Callable[[Row], int],
    descending: bool,
) -> Page[Row]:
    """Turn the size+1 rows fetched in read order into a page in listing order, with its links."""
    has_more = len(rows) > request.size
    items = list(rows[: request.size])
    cursor = request.cursor
    if cursor is not None and request.backwards:
        items.reverse()
        previous = Cursor(key_of(items[0]), backwards=True) if has_more else None
        if items:
            after = Cursor(key_of(items[-1]))
        else:
            # An empty page before the cursor: the next page starts at the cursor's own row.
            after = Cursor(cursor.key + 1 if descending else cursor.key - 1)
        return Page(items=items, next=after, previous=previous)
    after_last = Cursor(key_of(items[-1])) if has_more else None
    first_page = cursor is None and request.offset == 0
    before_first = None if first_page or not items else Cursor(key_of(items[0]), backwards=True)
    return Page(items=items, next=after_last, previous=before_first)


def keyset_filter(request: PageRequest, *, descending: bool) -> tuple[str, int] | None:
    """The comparison (`lt` or `gt`) and value bounding a page's key; None on the first page."""
    cursor = request.cursor
    if cursor is None:
        return None
    return ("lt" if request.reads_descending(descending=descending) else "gt"), cursor.key


def paginate(
    queryset: "QuerySet[Any, Row]",
    *,
    request: PageRequest,
    key: str,
    key_of: Callable[[Row], int],
    descending: bool = True,
) -> Page[Row]:
    bound = keyset_filter(request, descending=descending)
    reading_descending = request.reads_descending(descending=descending)
    ordered = queryset.order_by(f"-{key}" if reading_descending else key)
    if bound is not None:
        ordered = ordered.filter(**{f"{key}__{bound[0]}": bound[1]})
    rows = list(ordered[request.skip : request.skip + request.size + 1])
    return page_from_rows(rows, request=request, key_of=key_of, descending=descending)
