"""Plain SQL for the hot read paths, with the few conversions the ORM would otherwise do.

Measured on the 2-core machine (in-process, SQLite): building and compiling one ORM query costs
about 0.6 ms, three times a bare Django view's whole request. The API's most frequent reads
(token check, user lookup, collection, timeline) therefore run fixed SQL text through Django's
connection, so they still share its transactions, connection settings and test database.
"""

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from microposts.core.pagination import PageRequest, keyset_filter


def _database() -> BaseDatabaseWrapper:
    # The wrapper itself: each attribute read through `django.db.connection` costs a thread-local
    # look-up (about 2 us; a request made thirteen of them before this).
    return connections[DEFAULT_DB_ALIAS]


class QueryCounter:
    """An execute wrapper that counts the queries each thread makes (a request's, for its
    metrics: ops/recorder.py). It stays on every connection (`install`), as adding and removing
    a wrapper around each request cost more than the counting (measured: about 17 us a page).

    The plain-SQL path below counts itself in it rather than go through Django's cursor for it.
    """

    def __init__(self) -> None:
        self._thread = threading.local()

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:  # noqa: FBT001 - Django's signature
        self.add()
        return execute(sql, params, many, context)

    def add(self) -> None:
        self._thread.count = getattr(self._thread, "count", 0) + 1

    def reset(self) -> None:
        """Start counting again for this thread (at the start of a request)."""
        self._thread.count = 0

    @property
    def count(self) -> int:
        """Queries this thread made since its last `reset`."""
        found: int = getattr(self._thread, "count", 0)
        return found

    def install(self, database: BaseDatabaseWrapper) -> None:
        """Count the queries made through `database` from now on (once per connection object)."""
        if self not in database.execute_wrappers:
            database.execute_wrappers.append(self)


QUERIES = QueryCounter()


def _observed(database: BaseDatabaseWrapper) -> bool:
    # Django's cursor logs queries (DEBUG, tests that pin query counts) and runs execute wrappers.
    # Where neither is wanted, the DB-API connection is used directly: measured, Django's cursor
    # added 19 us to a 5.5 us SQLite query, and every API request runs three. A wrapper that
    # only counts is served here too (_execute).
    if database.queries_logged:
        return True
    return any(type(wrapper) is not QueryCounter for wrapper in database.execute_wrappers)


@functools.cache
def _qmark(sql: str) -> str:
    return sql.replace("%s", "?")  # SQLite's placeholder; the hot SQL holds no other %


def _execute(database: BaseDatabaseWrapper, sql: str, params: Sequence[Any]) -> Any:
    """A DB-API cursor that has run `sql`, with errors raised as Django's own."""
    if _observed(database):
        cursor = database.cursor()
        cursor.execute(sql, params)
        return cursor
    for counter in database.execute_wrappers:
        counter.add()  # type: ignore[attr-defined]  # QueryCounters only, as _observed saw
    with database.wrap_database_errors:
        database.ensure_connection()
        if database.vendor == "sqlite":
            return database.connection.execute(_qmark(sql), params)
        return database.connection.execute(sql, params)


def fetch_all(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    database = _database()
    cursor = _execute(database, sql, params)
    try:
        with database.wrap_database_errors:
            return list(cursor.fetchall())
    finally:
        cursor.close()


def fetch_one(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    database = _database()
    cursor = _execute(database, sql, params)
    try:
        with database.wrap_database_errors:
            row: tuple[Any, ...] | None = cursor.fetchone()
            return row
    finally:
        cursor.close()


def db_datetime(moment: datetime) -> Any:
    """A datetime as the database stores it (SQLite: naive UTC text; PostgreSQL: as is)."""
    return _database().ops.adapt_datetimefield_value(moment)


def utc_datetime(value: str | datetime) -> datetime:
    """A DateTimeField value read by plain SQL as an aware UTC datetime, on either database."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class KeysetClause:
    """The parts of a keyset-paginated SELECT: `WHERE ... {bound} ORDER BY {order} LIMIT/OFFSET`."""

    bound: str
    bound_params: list[Any]
    order: str
    limit: int  # one more row than the page, which tells whether there is a next page
    offset: int

    @property
    def params(self) -> list[Any]:
        return [*self.bound_params, self.limit, self.offset]

    @classmethod
    def of(cls, request: PageRequest, *, column: str, descending: bool) -> "KeysetClause":
        offset = request.skip
        order = f"{column} {'DESC' if request.reads_descending(descending=descending) else 'ASC'}"
        bound = keyset_filter(request, descending=descending)
        if bound is None:
            return cls("", [], order, request.size + 1, offset)
        operator = "<" if bound[0] == "lt" else ">"
        return cls(f"AND {column} {operator} %s", [bound[1]], order, request.size + 1, offset)
