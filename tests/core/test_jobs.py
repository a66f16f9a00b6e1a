"""Recording, sending and running jobs (core/jobs.py), in this process; test_workers.py runs
them in real worker processes."""

import logging
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from microposts.core import jobs
from microposts.core.jobs import job_record, job_run, job_send, jobs_forget_done, jobs_resend
from microposts.core.models import Job
from tests.core.tasks_for_tests import always_fails_task, held_task

pytestmark = pytest.mark.django_db

Captured = Callable[..., Any]


class Sent:
    """Stands in for the broker: what was handed to it, or the error it raises."""

    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.error = error

    def __call__(self, name: str, **options: Any) -> None:
        if self.error is not None:
            raise self.error
        self.calls.append((name, options))


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Sent:
    sent = Sent()
    monkeypatch.setattr(jobs.app, "send_task", sent)
    return sent


class RetryingTask:
    """A Celery task as job_run sees it: only its apply_async, for the retry."""

    def __init__(self) -> None:
        self.retries: list[dict[str, Any]] = []
        self.request = SimpleNamespace()  # where job_run leaves the attempt's outcome

    def apply_async(self, **options: Any) -> None:
        self.retries.append(options)


def test_a_job_is_sent_once_its_transaction_commits(
    broker: Sent, django_capture_on_commit_callbacks: Captured
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_record(always_fails_task)
        assert broker.calls == []  # not before the commit

    assert broker.calls == [
        (always_fails_task.name, {"kwargs": {"job_id": job.pk}, "queue": "background"})
    ]
    assert Job.objects.get().state == Job.State.PENDING


def test_a_job_of_a_rolled_back_change_is_neither_kept_nor_sent(
    broker: Sent, django_capture_on_commit_callbacks: Captured
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job_record(held_task, hold="h", started="s", done="d")
        transaction.set_rollback(True)

    assert broker.calls == []
    assert not Job.objects.exists()


def test_a_broker_that_refuses_leaves_the_job_pending_with_a_warning(
    broker: Sent, caplog: pytest.LogCaptureFixture
) -> None:
    broker.error = OperationalError("Connection refused")
    job = job_record(always_fails_task)

    with caplog.at_level(logging.WARNING, logger="microposts.jobs"):
        assert job_send(job) is False

    assert "not sent, the sweep will retry: Connection refused" in caplog.text
    assert Job.objects.get().state == Job.State.PENDING


def test_the_sweep_sends_again_only_pending_jobs_sent_too_long_ago(broker: Sent) -> None:
    now = timezone.now()
    stale = job_record(always_fails_task)
    fresh = job_record(always_fails_task)
    done = job_record(always_fails_task)
    failed = job_record(always_fails_task)
    Job.objects.filter(pk__in=[stale.pk, done.pk, failed.pk]).update(sent=now - timedelta(hours=1))
    Job.objects.filter(pk=done.pk).update(state=Job.State.DONE)
    Job.objects.filter(pk=failed.pk).update(state=Job.State.FAILED)

    assert jobs_resend(now=now) == 1

    assert [options["kwargs"]["job_id"] for _, options in broker.calls] == [stale.pk]
    stale.refresh_from_db()
    assert stale.sent == now  # not sent again by the next sweep straight away
    assert Job.objects.get(pk=fresh.pk).sent == fresh.sent
    assert jobs_resend(now=now) == 0


def test_a_job_runs_its_function_with_its_arguments_and_is_done() -> None:
    seen: list[dict[str, Any]] = []
    job = job_record(held_task, hold="h", started="s", done="d")

    job_run(RetryingTask(), job.pk, lambda **kw: seen.append(kw), attempts=3, backoff_seconds=1)  # type: ignore[arg-type]

    job.refresh_from_db()
    assert seen == [{"hold": "h", "started": "s", "done": "d"}]
    assert (job.state, job.attempts, job.finished is not None) == (Job.State.DONE, 1, True)


@pytest.mark.parametrize("state", [Job.State.DONE, Job.State.FAILED])
def test_a_job_no_longer_pending_does_nothing_when_delivered_again(state: str) -> None:
    job = job_record(always_fails_task)
    Job.objects.filter(pk=job.pk).update(state=state)
    ran: list[bool] = []

    job_run(RetryingTask(), job.pk, lambda: ran.append(True), attempts=3, backoff_seconds=1)  # type: ignore[arg-type]

    assert ran == []
    job.refresh_from_db()
    assert job.attempts == 0


def test_a_failed_attempt_is_retried_later_then_the_last_one_fails_the_job(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> None:
        raise ValueError("no such thing")

    task = RetryingTask()
    job = job_record(always_fails_task)

    job_run(task, job.pk, broken, attempts=2, backoff_seconds=3)  # type: ignore[arg-type]
    job.refresh_from_db()
    assert (job.state, job.attempts, job.last_error) == (
        Job.State.PENDING,
        1,
        "ValueError: no such thing",
    )
    assert task.retries == [{"kwargs": {"job_id": job.pk}, "queue": "background", "countdown": 3}]

    with caplog.at_level(logging.ERROR, logger="microposts.jobs"):
        job_run(task, job.pk, broken, attempts=2, backoff_seconds=3)  # type: ignore[arg-type]
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 2)
    assert len(task.retries) == 1  # no retry after the last attempt
    assert f"job {job.pk} ({job.task}) failed after 2 attempts" in caplog.text


def test_the_sweep_forgets_jobs_done_over_a_week_ago_and_keeps_the_rest() -> None:
    now = timezone.now()
    old_done, recent_done, old_failed, pending = (job_record(always_fails_task) for _ in range(4))
    Job.objects.filter(pk=old_done.pk).update(
        state=Job.State.DONE, finished=now - timedelta(days=8)
    )
    Job.objects.filter(pk=recent_done.pk).update(
        state=Job.State.DONE, finished=now - timedelta(days=6)
    )
    Job.objects.filter(pk=old_failed.pk).update(
        state=Job.State.FAILED, finished=now - timedelta(days=30)
    )

    assert jobs_forget_done(now=now) == 1

    assert set(Job.objects.values_list("pk", flat=True)) == {
        recent_done.pk,
        old_failed.pk,
        pending.pk,
    }
