"""Readiness (/readyz): can this process serve? Each backing service it needs, checked now.

- database: it answers a query;
- migrations: every migration of the code is applied to it;
- redis: when REDIS_URL (or TIMELINES_REDIS_URL) is set, it answers PING;
- broker: when the task manager's broker is a server (Redis or RabbitMQ), a connection opens.

Each check has a short timeout, so a probe never hangs on a service that does not answer.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from microposts.config.celery import app

logger = logging.getLogger("microposts.health")

TIMEOUT_SECONDS = 2


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str
    milliseconds: float

    def as_json(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "fail",
            "detail": self.detail,
            "ms": round(self.milliseconds, 1),
        }


class _Migrations:
    """Once every migration is applied, it stays so for this process: asked once, then cached
    (loading the migration graph takes tens of milliseconds)."""

    applied = False

    @classmethod
    def unapplied(cls) -> int:
        if cls.applied:
            return 0
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        cls.applied = not plan
        return len(plan)


def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "answers"


def _migrations() -> str:
    missing = _Migrations.unapplied()
    if missing:
        raise RuntimeError(f"{missing} migrations not applied: run `microposts migrate`")
    return "all applied"


def _redis_urls() -> list[str]:
    return sorted({url for url in (settings.REDIS_URL, settings.TIMELINES_REDIS_URL) if url})


def _redis() -> str:
    for url in _redis_urls():
        client = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
    return "answers"


def _broker() -> str:
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
    return "answers"


def _run(name: str, check: Callable[[], str]) -> Check:
    started = time.perf_counter()
    try:
        detail, ok = check(), True
    except Exception as error:  # noqa: BLE001 - any failure makes the process not ready
        # The first line of the error: enough to act on, and never a whole connection string.
        detail, ok = (str(error).strip().splitlines() or [type(error).__name__])[0], False
        logger.warning("readiness: %s failed: %s", name, detail)
    return Check(name, ok, detail[:300], (time.perf_counter() - started) * 1000)


def readiness() -> list[Check]:
    """Every check that applies to this configuration, run now."""
    checks: list[tuple[str, Callable[[], str]]] = [
        ("database", _database),
        ("migrations", _migrations),
    ]
    if _redis_urls():
        checks.append(("redis", _redis))
    if not settings.EMBEDDED_BROKER:
        checks.append(("broker", _broker))
    return [_run(name, check) for name, check in checks]
