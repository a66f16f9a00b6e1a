"""What /metrics reads when it is scraped: the task backlog, and whether workers run.

- microposts_queue_depth{queue}: messages waiting in the broker;
- microposts_broker_up: 1 when the broker answered that question, else 0;
- microposts_jobs_pending{queue}, microposts_jobs_oldest_pending_seconds{queue}: work recorded
  and not yet done (core/jobs.py), and how long the oldest of it has waited;
- microposts_jobs_failed: jobs whose attempts ran out (shown in the admin);
- microposts_worker_heartbeat_age_seconds: since a worker last ran the minute's heartbeat.
"""

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from microposts.config.celery import app
from microposts.core.jobs import BACKGROUND, PRIORITY
from microposts.core.models import Heartbeat, Job
from microposts.core.tasks import HEARTBEAT

logger = logging.getLogger("microposts.metrics")

QUEUES = (PRIORITY, BACKGROUND)
BROKER_TIMEOUT_SECONDS = 2
BACKLOG_METRICS = (
    "microposts_queue_depth",
    "microposts_broker_up",
    "microposts_jobs_pending",
    "microposts_jobs_oldest_pending_seconds",
    "microposts_jobs_failed",
    "microposts_worker_heartbeat_age_seconds",
)


def queue_depths() -> dict[str, int] | None:
    """Messages waiting in each queue of the broker; None when the broker does not answer."""
    depths = {}
    try:
        with app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
            for queue in QUEUES:
                depths[queue] = _depth(connection, queue)
    except Exception as error:  # noqa: BLE001 - any broker failure: reported as broker_up 0
        logger.warning("metrics: the broker did not say how deep its queues are: %s", error)
        return None
    return depths


def _depth(connection: Any, queue: str) -> int:
    channel = connection.channel()
    try:
        declared = channel.queue_declare(queue=queue, passive=True)
    except Exception:  # noqa: BLE001 - a queue nothing was ever sent to does not exist yet
        return 0
    finally:
        with contextlib.suppress(Exception):  # a channel the broker closed already
            channel.close()
    return int(declared.message_count)


class BacklogCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        depths = queue_depths()
        depth = GaugeMetricFamily(
            "microposts_queue_depth", "Messages waiting in the broker, by queue", labels=["queue"]
        )
        for queue, count in (depths or {}).items():
            depth.add_metric([queue], count)
        yield depth
        yield GaugeMetricFamily(
            "microposts_broker_up",
            "1 when the broker answered this scrape, else 0",
            value=0 if depths is None else 1,
        )
        yield from self._jobs()
        yield self._heartbeat()

    @staticmethod
    def _jobs() -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        pending = GaugeMetricFamily(
            "microposts_jobs_pending", "Jobs recorded and not yet done, by queue", labels=["queue"]
        )
        oldest = GaugeMetricFamily(
            "microposts_jobs_oldest_pending_seconds",
            "Age of the oldest job not yet done, by queue (0 when none)",
            labels=["queue"],
        )
        found = {
            row["queue"]: row
            for row in Job.objects.filter(state=Job.State.PENDING)
            .values("queue")
            .annotate(count=Count("id"), first=Min("created"))
        }
        for queue in sorted({*QUEUES, *found}):
            row = found.get(queue)
            pending.add_metric([queue], row["count"] if row else 0)
            age = (now - row["first"]).total_seconds() if row else 0.0
            oldest.add_metric([queue], max(age, 0.0))
        yield pending
        yield oldest
        yield GaugeMetricFamily(
            "microposts_jobs_failed",
            "Jobs whose attempts ran out (kept for the admin)",
            value=Job.objects.filter(state=Job.State.FAILED).count(),
        )

    @staticmethod
    def _heartbeat() -> GaugeMetricFamily:
        beat = Heartbeat.objects.filter(name=HEARTBEAT).first()
        family = GaugeMetricFamily(
            "microposts_worker_heartbeat_age_seconds",
            "Seconds since a worker last ran the heartbeat task (absent before the first one)",
        )
        if beat is not None:
            family.add_metric([], max((timezone.now() - beat.last_run).total_seconds(), 0.0))
        return family
