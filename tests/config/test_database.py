import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_run_without_parallel_workers() -> None:
    """Every query reads a page; starting parallel workers cost more than the page."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no parallel query")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
