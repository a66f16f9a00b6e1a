"""Plain SQL runs through Django's cursor when queries are observed, else on the raw connection."""

import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.test.utils import CaptureQueriesContext

from microposts.core.sql import fetch_all, fetch_one
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
