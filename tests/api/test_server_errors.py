"""Faults on our side still answer in the API's language: JSON, the right status, logged."""

import logging
from typing import Any

import pytest
from django.db import DatabaseError, OperationalError, connection

from microposts.accounts.models import User
from tests.conftest import ApiClient


def failing_with(error: Exception):
    def fail(execute, sql, params, many, context):
        raise error

    return fail


def test_a_database_that_stops_answering_gives_503_with_retry_after(
    api: ApiClient, user: User, caplog: pytest.LogCaptureFixture
) -> None:
    with connection.execute_wrapper(failing_with(OperationalError("server closed the connection"))):
        response = api.get("/api/users/ann/collection")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"message": "The service is briefly unavailable; try again shortly"}
    assert response["Retry-After"] == "5"
    errors = [
        r for r in caplog.records if r.levelno == logging.ERROR and r.name == "microposts.api"
    ]
    assert [r.getMessage() for r in errors] == [
        "database unavailable: GET /api/users/ann/collection"
    ]


def test_any_other_fault_gives_a_json_500_and_is_logged(
    api: ApiClient, user: User, caplog: pytest.LogCaptureFixture
) -> None:
    with connection.execute_wrapper(failing_with(DatabaseError("column does not exist"))):
        response = api.get("/api/users/ann")

    assert response.status_code == 500
    assert response.json() == {"message": "Something went wrong on our side"}
    assert "column does not exist" not in response.content.decode()  # nothing leaks
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)


def test_with_debug_on_the_fault_reaches_djangos_debug_page(
    api: ApiClient, user: User, settings: Any
) -> None:
    settings.DEBUG = True
    with (
        connection.execute_wrapper(failing_with(DatabaseError("column does not exist"))),
        pytest.raises(DatabaseError, match="column does not exist"),
    ):
        api.get("/api/users/ann")
