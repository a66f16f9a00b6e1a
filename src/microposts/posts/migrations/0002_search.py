"""Partial-match search of post text (BOOK.md §2, endpoint 14).

PostgreSQL: a pg_trgm GIN index, which serves `text ILIKE '%abc%'`.
SQLite: an FTS5 table with the trigram tokenizer over posts_post (external content), kept in step
by triggers. Note for later migrations: when Django rebuilds posts_post on SQLite (some ALTERs do),
the triggers go with the old table; such a migration must run this one's SQL again. The search tests
create, edit and delete posts and would fail if the triggers were missing.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE posts_post_fts USING fts5("
    "text, content='posts_post', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER posts_post_fts_insert AFTER INSERT ON posts_post BEGIN "
    "INSERT INTO posts_post_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER posts_post_fts_delete AFTER DELETE ON posts_post BEGIN "
    "INSERT INTO posts_post_fts(posts_post_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER posts_post_fts_update AFTER UPDATE OF text ON posts_post BEGIN "
    "INSERT INTO posts_post_fts(posts_post_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO posts_post_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO posts_post_fts(posts_post_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS posts_post_fts_insert",
    "DROP TRIGGER IF EXISTS posts_post_fts_delete",
    "DROP TRIGGER IF EXISTS posts_post_fts_update",
    "DROP TABLE IF EXISTS posts_post_fts",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS posts_post_text_trgm ON posts_post USING gin (text gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS posts_post_text_trgm"]


def _run(statements_by_vendor):  # noqa: ANN001, ANN202 - migration helpers stay untyped
    def run(apps, schema_editor):  # noqa: ANN001, ANN202, ARG001
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("posts", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
