"""Partial-match search by username (endpoint 14): a pg_trgm GIN index on PostgreSQL.

SQLite scans the users table, which stays small next to posts.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS accounts_user_username_trgm "
    "ON accounts_user USING gin (username gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS accounts_user_username_trgm"]


def _run(statements):  # noqa: ANN001, ANN202 - migration helpers stay untyped
    def run(apps, schema_editor):  # noqa: ANN001, ANN202, ARG001
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
