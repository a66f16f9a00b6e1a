from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


class SnowflakeField(models.BigIntegerField):  # type: ignore[type-arg]
    """A 64-bit snowflake primary key (core/ids.py).

    On SQLite it is declared `integer`, which makes it the table's rowid: rows are then stored in
    id order (the time order every timeline reads in), with no separate primary-key index.
    SQLite's integer holds 64 bits, so nothing is lost.
    """

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)
