"""Bulk writes of seeded rows: executemany on SQLite, COPY on PostgreSQL.

Rows skip the ORM on purpose. Building a million model instances costs more than generating the
data; a prepared INSERT run by executemany, or COPY, costs a few microseconds a row.
"""

import importlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction

from microposts.seed.generator import Row

_AUTO_FIELDS = (models.AutoField, models.BigAutoField, models.SmallAutoField)
# Bigger page cache while loading: index inserts land all over the author and mention indexes.
SQLITE_LOAD_CACHE_KIB = 262_144
SEARCH_TABLE = "posts_post_fts"  # made by migration posts 0002
# What the migration's insert trigger does for one row, done for a whole batch of posts at once.
SEARCH_INDEX_RANGE = (
    "INSERT INTO posts_post_fts(rowid, text) "
    "SELECT id, text FROM posts_post WHERE id BETWEEN %s AND %s"
)


class Table:
    """Where rows of one model go: the given fields, then every other column at its default.

    Columns added to a model later are filled with their default, so seeding keeps working
    when a model grows a field with a default.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        meta = model._meta  # noqa: SLF001 - the documented way to read a model's columns
        by_name = {field.name: field for field in meta.concrete_fields}
        given = [by_name[name] for name in fields]
        rest = [
            field
            for field in meta.concrete_fields
            if field not in given
            and not isinstance(field, _AUTO_FIELDS)
            and not field.generated
            and not field.has_db_default()
        ]
        self.name = meta.db_table
        self.columns = [str(field.column) for field in [*given, *rest]]  # concrete: never None
        self.defaults = tuple(
            field.get_db_prep_save(field.get_default(), connection) for field in rest
        )

    def complete(self, rows: Sequence[Row]) -> Sequence[Row]:
        if not self.defaults:
            return rows
        return [row + self.defaults for row in rows]


def write(table: Table, rows: Sequence[Row]) -> None:
    # Names come from the models' metadata and are quoted; every value is a parameter.
    quote = connection.ops.quote_name
    target = f"{quote(table.name)} ({', '.join(quote(column) for column in table.columns)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT on PostgreSQL; psycopg adapts each value.
            with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
                for row in table.complete(rows):
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(table.columns))
        insert = f"INSERT INTO {target} VALUES ({placeholders})"  # noqa: S608 - see above
        cursor.executemany(insert, table.complete(rows))  # type: ignore[arg-type]


def reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    """Move PostgreSQL's id sequences past the ids written explicitly (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _search_migration() -> Any:
    # Migration modules start with a digit, so only importlib can load them.
    return importlib.import_module("microposts.posts.migrations.0002_search")


def _has_search_table() -> bool:
    return SEARCH_TABLE in connection.introspection.table_names()


def _index_posts(first_id: int, last_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_INDEX_RANGE, [first_id, last_id])


def _index_nothing(first_id: int, last_id: int) -> None:
    pass  # PostgreSQL's trigram index is an ordinary index, kept up to date by every insert


@contextmanager
def search_index_paused() -> Iterator[Callable[[int, int], None]]:
    """Load posts without the SQLite FTS triggers, indexing each batch with one statement.

    Yields `index(first_id, last_id)`, to call in the transaction that wrote those posts, so
    index and table always agree. Measured at 10,000 users / 1,000,000 posts on 2 cores: with
    the triggers the whole seed took 205 s; without them and one 'rebuild' at the end, 138 s
    (55 s of it the rebuild, while the generator has nothing left to do); indexing each batch
    in one statement, 86 s, as that work overlaps with generating the next batch.
    The triggers come back, exactly as the search migration creates them, even if a load fails.
    """
    if connection.vendor != "sqlite" or not _has_search_table():
        yield _index_nothing
        return
    migration = _search_migration()
    _execute_atomically([s for s in migration.SQLITE_DROP if s.startswith("DROP TRIGGER")])
    try:
        yield _index_posts
    finally:
        _execute_atomically([s for s in migration.SQLITE_CREATE if s.startswith("CREATE TRIGGER")])


@contextmanager
def loading_pragmas() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _execute_atomically(statements: Sequence[str]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
