"""`field__partial="abc"`: case-insensitive substring match that a trigram index can serve.

Django's `icontains` compares UPPER(column::text) on PostgreSQL, which a plain trigram index on
the column does not serve; ILIKE does (pg_trgm's GIN operator class supports it).
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Lookup, TextField
from django.db.models.sql.compiler import SQLCompiler


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class PartialMatch(Lookup[str]):
    lookup_name = "partial"
    prepare_rhs = False

    def get_db_prep_lookup(
        self, value: Any, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[str]]:
        return "%s", (f"%{escape_like(str(value))}%",)

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # SQLite's LIKE is case-insensitive for ASCII; PostgreSQL needs ILIKE.
        operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
        return f"{lhs} {operator} {rhs} ESCAPE '\\'", (*lhs_params, *rhs_params)


def register() -> None:
    CharField.register_lookup(PartialMatch)
    TextField.register_lookup(PartialMatch)
