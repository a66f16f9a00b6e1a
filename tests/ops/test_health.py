from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.utils import ConnectionHandler
from django.test import Client
from kombu import Connection

from microposts.ops import health
from tests.helpers import free_port


def test_healthz_answers_while_the_process_is_up(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_refuses_writes(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_the_bench_ceiling_view_is_not_mounted_by_default(client: Client) -> None:
    assert client.get("/_bench/bare").status_code == 404


# Readiness


def _unreachable_postgres() -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": free_port(),  # nothing listens there
        "NAME": "microposts",
        "USER": "postgres",
        "OPTIONS": {"connect_timeout": 2},
    }


@pytest.fixture
def database_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[dict[str, Any]], None]]:
    """Points the readiness checks (only them) at another database."""
    made: list[ConnectionHandler] = []

    def point(config: dict[str, Any]) -> None:
        handler = ConnectionHandler({DEFAULT_DB_ALIAS: config})
        made.append(handler)
        monkeypatch.setattr(health, "connections", handler)

    yield point
    for handler in made:
        handler.close_all()


@pytest.mark.django_db
def test_readyz_names_each_check_and_answers_200_when_all_pass(client: Client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["migrations"]["status"] == "ok"
    expected = {"database", "migrations"}
    if settings.REDIS_URL or settings.TIMELINES_REDIS_URL:
        expected.add("redis")
    if not settings.EMBEDDED_BROKER:
        expected.add("broker")
    assert set(body["checks"]) == expected


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(_unreachable_postgres, id="postgres-nobody-listening"),
        pytest.param(
            lambda: {"ENGINE": "django.db.backends.sqlite3", "NAME": "/nonexistent/dir/db"},
            id="sqlite-cannot-open",
        ),
    ],
)
@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(
    client: Client, database_at: Callable[[dict[str, Any]], None], config: Any
) -> None:
    database_at(config())

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["status"] == "fail"
    assert body["checks"]["database"]["detail"]
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_503_while_migrations_are_not_applied(
    client: Client,
    database_at: Callable[[dict[str, Any]], None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(health._Migrations, "applied", False)  # as in a newly started process
    database_at({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "new.db")})

    response = client.get("/readyz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["status"] == "ok"
    assert checks["migrations"]["status"] == "fail"
    assert "microposts migrate" in checks["migrations"]["detail"]


@pytest.mark.django_db
def test_readyz_is_503_when_a_configured_redis_does_not_answer(
    client: Client, settings: Any
) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["status"] == "fail"


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_server_does_not_answer(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.EMBEDDED_BROKER = False
    unreachable = Connection(f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setattr(health.app, "connection_for_write", lambda: unreachable)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "fail"


# Version


def test_the_api_gives_the_package_version(client: Client) -> None:
    response = client.get("/api/version")

    assert response.status_code == 200
    assert response.json() == {"version": version("microposts")}
