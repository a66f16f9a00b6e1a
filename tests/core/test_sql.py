"""Plain SQL runs through Django's cursor when queries are observed, else on the raw connection."""

import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.test.utils import CaptureQueriesContext

from microposts.accounts.models import User
from microposts.core.sql import QUERIES, fetch_all, fetch_one
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SQL = "SELECT username FROM accounts_user WHERE username IN (%s, %s) ORDER BY username"


def test_both_paths_read_the_same_rows() -> None:
    UserFactory(username="ann")
    UserFactory(username="bob")
    unobserved = fetch_all(SQL, ["ann", "bob"])
    with CaptureQueriesContext(connection) as captured:
        observed = fetch_all(SQL, ["ann", "bob"])
    assert unobserved == observed == [("ann",), ("bob",)]
    assert len(captured.captured_queries) == 1  # observed queries are counted and logged


def test_an_execute_wrapper_sees_the_plain_sql() -> None:
    # Query metrics (the operations issue) will install such a wrapper; the hot SQL must reach it.
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    UserFactory(username="ann")
    with connection.execute_wrapper(record):
        rows = fetch_all(SQL, ["ann", "bob"])
    assert rows == [("ann",)]
    assert seen == [SQL]


def test_a_failing_raw_query_raises_djangos_database_error() -> None:
    with pytest.raises(DatabaseError):
        fetch_one("SELECT no_such_column FROM accounts_user", [])


def test_an_unobserved_query_does_not_go_through_djangos_cursor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    UserFactory(username="ann")

    def no_django_cursor() -> None:
        raise AssertionError("the raw connection should have been used")

    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "cursor", no_django_cursor)
    assert fetch_all(SQL, ["ann", "bob"]) == [("ann",)]


def test_the_query_counter_counts_this_threads_queries_on_both_paths() -> None:
    UserFactory(username="ann")
    QUERIES.install(connection)
    QUERIES.install(connection)  # once per connection, however often asked
    assert connection.execute_wrappers.count(QUERIES) == 1
    QUERIES.reset()

    fetch_all(SQL, ["ann", "bob"])  # the raw connection, counting itself
    assert list(User.objects.filter(username="ann").values_list("pk", flat=True))  # the ORM

    assert QUERIES.count == 2
    elsewhere: list[int] = []
    thread = threading.Thread(target=lambda: (QUERIES.add(), elsewhere.append(QUERIES.count)))
    thread.start()
    thread.join()
    assert (elsewhere, QUERIES.count) == ([1], 2)  # each thread has its own count


def test_every_new_connection_counts_its_queries_when_metrics_are_on() -> None:
    connection.ensure_connection()
    assert QUERIES in connection.execute_wrappers  # ops/apps.py, on connection_created
