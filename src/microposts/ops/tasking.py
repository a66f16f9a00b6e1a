"""Tasks seen by operations: the request ID they carry, their log line, their metrics.

Connected to Celery's signals when Django starts (ops/apps.py), so it holds for every task:
- a task sent while a request is served carries that request's ID in a message header, and its
  log lines show it (a job's ID is also kept in its row, for the sweep's resends: core/jobs.py);
- a worker writes one line per task it ran: its name, id, job, outcome and duration; ERROR only
  for a task that failed for good;
- the tasks' metrics (ops/metrics.py) count what every worker process did.
"""

import logging
import time
from typing import Any

from celery import Task, signals
from django.conf import settings

from microposts.core.context import request_id
from microposts.core.jobs import FAILED, RETRIED, SKIPPED, SUCCEEDED
from microposts.ops import metrics

logger = logging.getLogger("microposts.tasks")

HEADER = "request_id"
_LEVELS = {
    SUCCEEDED: logging.INFO,
    SKIPPED: logging.INFO,
    RETRIED: logging.WARNING,
    FAILED: logging.ERROR,
}


def _started_at(task: Task[Any, Any]) -> dict[str, Any]:
    held: dict[str, Any] = task.request.__dict__.setdefault("_operations", {})
    return held


def request_id_sent(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """Before a task is published: the current request's ID goes with it."""
    current = request_id.get()
    if current and headers is not None:
        headers.setdefault(HEADER, current)


def _carried_id(task: Task[Any, Any]) -> str | None:
    # Celery puts a message's own headers on the task's request (tests/ops/test_logs.py).
    carried = task.request.get(HEADER)
    return str(carried) if carried else None


def task_started(task: Task[Any, Any] | None = None, **_: Any) -> None:
    if task is None:
        return
    state = _started_at(task)
    state["bound"] = request_id.set(_carried_id(task))
    state["started"] = time.perf_counter()
    if settings.METRICS_ENABLED:
        metrics.TASKS_STARTED.labels(task.name).inc()


def task_finished(task: Task[Any, Any] | None = None, state: str | None = None, **_: Any) -> None:
    """After a task ran, whatever happened: its outcome, line and metrics."""
    if task is None:
        return
    held = _started_at(task)
    seconds = time.perf_counter() - held.get("started", time.perf_counter())
    outcome = task.request.get("job_outcome") or (SUCCEEDED if state == "SUCCESS" else FAILED)
    if state == "RETRY":
        outcome = RETRIED
    if settings.METRICS_ENABLED:
        _count(task.name, outcome, seconds)
    job_id = (task.request.kwargs or {}).get("job_id")
    logger.log(
        _LEVELS.get(outcome, logging.INFO),
        "task %s %s in %.1f ms",
        task.name,
        outcome,
        seconds * 1000,
        extra={
            "task": task.name,
            "task_id": task.request.id,
            "job_id": job_id,
            "outcome": outcome,
            "duration_ms": round(seconds * 1000, 2),
        },
    )
    if "bound" in held:
        request_id.reset(held.pop("bound"))


def _count(name: str, outcome: str, seconds: float) -> None:
    metrics.TASK_SECONDS.labels(name).observe(seconds)
    if outcome in {SUCCEEDED, SKIPPED}:
        metrics.TASKS_SUCCEEDED.labels(name).inc()
    elif outcome == RETRIED:
        metrics.TASKS_RETRIED.labels(name).inc()
    else:
        metrics.TASKS_FAILED.labels(name).inc()
    metrics.memory_update()


def leave_logging_to_django(**_: Any) -> None:
    """Celery configures no logging of its own: a worker's lines are formatted as the web's are
    (settings.LOGGING, which Django applied when it started)."""


def connect() -> None:
    signals.before_task_publish.connect(request_id_sent, weak=False)
    signals.task_prerun.connect(task_started, weak=False)
    signals.task_postrun.connect(task_finished, weak=False)
    signals.setup_logging.connect(leave_logging_to_django, weak=False)
