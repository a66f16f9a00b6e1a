"""The metrics MicroPosts exports at /metrics (book ch. 13), in Prometheus' text format.

Every process (each app-server worker, each Celery worker process) writes its own values into
files under METRICS_DIR (prometheus_client's multiprocess mode); /metrics adds them up, so a
scrape of any one web process sees the whole machine. The backlog (queue depth, pending and
failed jobs, the worker heartbeat) is read when scraped: collectors.py.

deploy/prometheus uses these names; tests/ops/test_deploy.py checks that every name the alert
rules and the dashboard use is one of them.
"""

import os
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

# prometheus_client chooses its storage when first imported. Reading the settings here, before
# that import, loads them, and they put METRICS_DIR in its environment (PROMETHEUS_MULTIPROC_DIR).
METRICS_DIR: Path = settings.METRICS_DIR

from prometheus_client import Counter, Gauge, Histogram  # noqa: E402 - after the settings
from prometheus_client.multiprocess import mark_process_dead  # noqa: E402

# Seconds; from a cached page (~1 ms) to a request that should have timed out.
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
TASK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)
QUERY_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89)
LAG_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0)

# Requests, by the URL pattern that served them (bounded: never the raw path).
REQUESTS = Counter(
    "microposts_http_requests",
    "HTTP requests answered, by route, method and status",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "microposts_http_request_duration_seconds",
    "Time to answer an HTTP request, from the first middleware to the response",
    ["route", "method", "status"],
    buckets=LATENCY_BUCKETS,
)
IN_FLIGHT = Gauge(
    "microposts_http_requests_in_flight",
    "HTTP requests being answered now, over every live web process",
    multiprocess_mode="livesum",
)
REQUEST_QUERIES = Histogram(
    "microposts_http_request_db_queries",
    "Database queries made while answering one HTTP request, by route",
    ["route"],
    buckets=QUERY_BUCKETS,
)

# Tasks, by task name. A job's failed attempt that will be tried again is "retried"; one that
# has used up its attempts is "failed" (core/jobs.py).
TASKS_STARTED = Counter("microposts_tasks_started", "Tasks a worker started", ["task"])
TASKS_SUCCEEDED = Counter("microposts_tasks_succeeded", "Tasks that did their work", ["task"])
TASKS_FAILED = Counter("microposts_tasks_failed", "Tasks that failed for good", ["task"])
TASKS_RETRIED = Counter(
    "microposts_tasks_retried", "Task attempts that failed and were sent again", ["task"]
)
TASK_SECONDS = Histogram(
    "microposts_task_duration_seconds",
    "Time a worker spent on one task, whatever its outcome",
    ["task"],
    buckets=TASK_BUCKETS,
)
FANOUT_LAG = Histogram(
    "microposts_fanout_lag_seconds",
    "From a post (or repost) being written to its fan-out into every follower's Redis timeline",
    buckets=LAG_BUCKETS,
)

# What the service is used for.
SIGNUPS = Counter("microposts_signups", "Accounts created")
POSTS = Counter("microposts_posts", "Posts written")
FOLLOWS = Counter("microposts_follows", "Follows made (following again is not counted)")
LIKES = Counter("microposts_likes", "Likes given (liking again is not counted)")
MENTION_EMAILS = Counter("microposts_mention_emails_sent", "Mention emails handed to the mailer")

MEMORY = Gauge(
    "microposts_process_resident_memory_bytes",
    "Resident memory of each live MicroPosts process, by pid",
    multiprocess_mode="liveall",
)

RequestSeries = tuple[Counter, Histogram, Histogram]
_request_series: dict[tuple[str, str, int], RequestSeries] = {}


def request_series(route: str, method: str, status: int) -> RequestSeries:
    """The three series a request of this route, method and status updates, looked up once per
    process: prometheus_client's labels() costs more than the update itself."""
    key = (route, method, status)
    found = _request_series.get(key)
    if found is None:
        code = str(status)
        found = (
            REQUESTS.labels(route, method, code),
            REQUEST_SECONDS.labels(route, method, code),
            REQUEST_QUERIES.labels(route),
        )
        _request_series[key] = found
    return found


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_STATM = Path("/proc/self/statm")
MEMORY_EVERY_SECONDS = 5.0
_memory_read_at = 0.0


def memory_update() -> None:
    """Record this process's resident memory, at most every MEMORY_EVERY_SECONDS."""
    global _memory_read_at  # noqa: PLW0603 - one reading per process
    now = time.monotonic()
    if now - _memory_read_at < MEMORY_EVERY_SECONDS:
        return
    _memory_read_at = now
    try:
        resident_pages = int(_STATM.read_text().split()[1])
    except (OSError, IndexError, ValueError):  # not Linux: nothing to report
        return
    MEMORY.set(resident_pages * _PAGE_SIZE)


def count_on_commit(counter: Counter) -> None:
    """Count one more when the current transaction commits (never for a rolled-back change)."""
    if settings.METRICS_ENABLED:
        transaction.on_commit(counter.inc)


def forget_dead_processes() -> None:
    """Drop the live-only gauges (in flight, memory) left by processes that are gone: a web or
    worker process that was killed never said so. Their counters stay, summed in."""
    for found in METRICS_DIR.glob("gauge_live*_*.db"):
        pid = int(found.stem.rsplit("_", 1)[1])
        if not _alive(pid):
            mark_process_dead(pid, str(METRICS_DIR))  # type: ignore[no-untyped-call]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process of that number
        return True
    return True
