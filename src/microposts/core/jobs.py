"""Background work that is never lost: record it with the change, send it after commit, run it
once, send it again until it is done or has failed for good (DESIGN.md, "A post, end to end").

    @job_task(queue=PRIORITY)
    def mention_emails_task(*, post_id: int) -> None: ...

    with transaction.atomic():
        post = Post.objects.create(...)
        job_record(mention_emails_task, post_id=post.pk)

The broker carries only the job's id; the arguments are in the Job row. A task runs its function
only while the job is pending, so a job delivered twice (a resend, or a worker killed after the
work but before the acknowledgement) does its work once more at most, and the functions are
written to be safe to run twice. After `attempts` failures the job is FAILED, kept for the admin,
and never sent again.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from microposts.config.celery import app
from microposts.core.context import request_id
from microposts.core.models import Job

logger = logging.getLogger("microposts.jobs")

PRIORITY = "priority"  # caused by a user's action: wanted soon
BACKGROUND = "background"  # scheduled and bulk work
RESEND_BATCH = 500
KEEP_DONE = timedelta(days=7)  # done jobs are deleted after this; failed ones are kept
FORGET_BATCH = 5000  # done jobs deleted per sweep, so one sweep stays short


JobTask = Task[Any, Any]
_QUEUES: dict[str, str] = {}  # each job task's queue, by task name


MAX_BACKOFF_SECONDS = 300.0


def job_task(
    *, queue: str, attempts: int = 5, backoff_seconds: float = 2.0
) -> Callable[[Callable[..., None]], JobTask]:
    """A Celery task that runs `function(**job.arguments)` for a recorded Job.

    A failed attempt is retried after backoff_seconds, doubled each time up to five minutes;
    the job is FAILED after `attempts` of them.
    """

    def decorate(function: Callable[..., None]) -> JobTask:
        name = f"{function.__module__}.{function.__name__}"

        _QUEUES[name] = queue

        @app.task(name=name, bind=True, acks_late=True, reject_on_worker_lost=True)
        def run(task: Task[Any, Any], job_id: int) -> None:
            job_run(task, job_id, function, attempts=attempts, backoff_seconds=backoff_seconds)

        return run

    return decorate


def job_record(task: JobTask, **arguments: Any) -> Job:
    """Record `task(**arguments)` as part of the current transaction; it is sent after commit."""
    job = Job.objects.create(
        task=task.name,
        queue=_QUEUES[task.name],
        arguments=arguments,
        request_id=request_id.get() or "",
    )
    transaction.on_commit(partial(job_send, job))
    return job


def job_send(job: Job) -> bool:
    """Hand `job` to the broker. False, and a warning, when the broker does not take it: the job
    stays pending and the sweep sends it again."""
    try:
        app.send_task(job.task, kwargs={"job_id": job.pk}, queue=job.queue)
    except Exception as error:  # noqa: BLE001 - any broker failure: the sweep sends it later
        logger.warning("job %s (%s) not sent, the sweep will retry: %s", job.pk, job.task, error)
        return False
    return True


def job_run(
    task: "Task[Any, Any]",
    job_id: int,
    function: Callable[..., None],
    *,
    attempts: int,
    backoff_seconds: float,
) -> None:
    job = Job.objects.filter(pk=job_id, state=Job.State.PENDING).first()
    if job is None:
        _outcome(task, SKIPPED)
        return  # done already, failed for good, or gone with what it was about
    # The job's lines log under the ID of the request that recorded it, however it was sent.
    bound = request_id.set(job.request_id or request_id.get())
    try:
        Job.objects.filter(pk=job_id).update(attempts=F("attempts") + 1)
        try:
            function(**job.arguments)
        except Exception as error:  # noqa: BLE001 - any failure is an attempt, recorded and retried
            outcome = _failed_attempt(
                task, job, error, attempts=attempts, backoff_seconds=backoff_seconds
            )
            _outcome(task, outcome)
            return
        Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(
            state=Job.State.DONE, finished=timezone.now(), last_error=""
        )
        _outcome(task, SUCCEEDED)
    finally:
        request_id.reset(bound)


# What became of a job's attempt, for the task's log line and metrics (ops/tasking.py).
SUCCEEDED, RETRIED, FAILED, SKIPPED = "succeeded", "retried", "failed", "skipped"


def _outcome(task: "Task[Any, Any]", outcome: str) -> None:
    setattr(task.request, "job_outcome", outcome)  # noqa: B010 - Celery's request has no field for it


def _failed_attempt(
    task: "Task[Any, Any]", job: Job, error: Exception, *, attempts: int, backoff_seconds: float
) -> str:
    made = job.attempts + 1
    reason = f"{type(error).__name__}: {error}"[:2000]
    if made >= attempts:
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED, last_error=reason, finished=timezone.now()
        )
        logger.error("job %s (%s) failed after %s attempts: %s", job.pk, job.task, made, reason)
        return FAILED
    delay = min(backoff_seconds * 2 ** (made - 1), MAX_BACKOFF_SECONDS)
    # `sent` moves on, so the sweep leaves the job to its retry.
    Job.objects.filter(pk=job.pk).update(last_error=reason, sent=timezone.now())
    logger.warning(
        "job %s (%s) attempt %s failed, retrying in %.0f s: %s",
        job.pk,
        job.task,
        made,
        delay,
        reason,
    )
    try:
        task.apply_async(kwargs={"job_id": job.pk}, queue=job.queue, countdown=delay)
    except Exception as send_error:  # noqa: BLE001 - the sweep sends it later
        logger.warning("job %s retry not sent, the sweep will: %s", job.pk, send_error)
    return RETRIED


def jobs_forget_done(*, now: datetime | None = None) -> int:
    """Delete jobs done more than KEEP_DONE ago (every post records some); how many."""
    moment = now or timezone.now()
    old = Job.objects.filter(state=Job.State.DONE, finished__lt=moment - KEEP_DONE)
    ids = list(old.values_list("pk", flat=True)[:FORGET_BATCH])
    deleted, _ = Job.objects.filter(pk__in=ids).delete()
    return deleted


def jobs_resend(*, now: datetime | None = None) -> int:
    """Send again every pending job last sent longer ago than JOB_RESEND_AFTER; how many."""
    moment = now or timezone.now()
    resend_after: timedelta = settings.JOB_RESEND_AFTER
    stale = list(
        Job.objects.filter(state=Job.State.PENDING, sent__lt=moment - resend_after).order_by(
            "sent"
        )[:RESEND_BATCH]
    )
    if not stale:
        return 0
    Job.objects.filter(pk__in=[job.pk for job in stale]).update(sent=moment)
    sent = sum(job_send(job) for job in stale)
    logger.info("sweep: %s pending jobs sent again (%s taken by the broker)", len(stale), sent)
    return len(stale)
