from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created


class OpsConfig(AppConfig):
    name = "microposts.ops"

    def ready(self) -> None:
        from microposts.ops import metrics, tasking  # noqa: PLC0415 - needs the apps loaded

        tasking.connect()
        metrics.forget_dead_processes()
        if settings.METRICS_ENABLED:
            connection_created.connect(_count_queries)


def _count_queries(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    # Each request's queries, for its metrics (ops/middleware.py).
    from microposts.core.sql import QUERIES  # noqa: PLC0415 - the database layer, once loaded

    QUERIES.install(connection)
