"""The task manager with real worker processes (`microposts worker`, not eager mode), on the
database and broker of the run: SQLite and its SQLite-file broker, or PostgreSQL and Redis."""

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from microposts.config.celery import app
from microposts.core import jobs
from microposts.core.jobs import job_record, jobs_resend
from microposts.core.models import Heartbeat, Job
from microposts.core.tasks import HEARTBEAT
from microposts.posts.services import post_create, post_edit
from microposts.stats.models import DailyStats
from tests.core.tasks_for_tests import (
    always_fails_task,
    held_task,
    noted_background_task,
    noted_priority_task,
)
from tests.factories import UserFactory
from tests.helpers import MICROPOSTS
from tests.workers import Worker, eventually, mail_sent_to

pytestmark = pytest.mark.django_db(transaction=True)

LATER = timedelta(hours=1)  # "now" for a sweep that finds every pending job stale


def state_of(job: Job) -> str:
    job.refresh_from_db()
    return job.state


def all_done() -> bool:
    return not Job.objects.exclude(state=Job.State.DONE).exists()


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    return tmp_path / "mail"


def test_a_post_naming_users_emails_each_once_and_no_one_who_turned_it_off(
    mail_dir: Path,
) -> None:
    author = UserFactory(username="ann")
    UserFactory(username="bob", email="bob@example.org")
    UserFactory(username="carol", email="carol@example.org", mention_emails=False)
    UserFactory(username="dave", email="")
    UserFactory(username="erin", email="erin@example.org")
    with Worker(mail_dir) as worker:
        post = post_create(author=author, text="Hello @bob, @carol and @dave (and @ann)")
        eventually(all_done, what="the mention emails of the post", worker=worker)
        post_edit(post=post, editor=author, text="Hello @bob, @carol, @dave and now @erin")
        eventually(all_done, what="the mention emails of the edit", worker=worker)

    assert sorted(mail_sent_to(mail_dir)) == ["bob@example.org", "erin@example.org"]
    assert Job.objects.filter(task__endswith="mention_emails_task").count() == 2


def test_work_recorded_while_the_broker_was_unreachable_is_done_after_the_sweep(
    mail_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*arguments: object, **options: object) -> None:
        raise OperationalError("Error 111 connecting to the broker. Connection refused.")

    author = UserFactory(username="ann")
    UserFactory(username="bob", email="bob@example.org")
    with monkeypatch.context() as patched:
        patched.setattr(jobs.app, "send_task", unreachable)
        post_create(author=author, text="Are you there, @bob?")  # the post itself is saved
    [job] = Job.objects.filter(task__endswith="mention_emails_task")
    assert job.state == Job.State.PENDING

    with Worker(mail_dir) as worker:
        assert jobs_resend(now=timezone.now() + LATER) == Job.objects.count()
        eventually(all_done, what="the job sent again by the sweep", worker=worker)

    assert mail_sent_to(mail_dir) == ["bob@example.org"]


def test_a_worker_serves_the_priority_queue_first(mail_dir: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    with transaction.atomic():  # all waiting in the broker before any worker runs
        for number in range(5):
            job_record(noted_background_task, notes=str(notes), name=f"background {number}")
        for number in range(2):
            job_record(noted_priority_task, notes=str(notes), name=f"priority {number}")

    with Worker(mail_dir) as worker:
        eventually(all_done, what="all seven jobs", worker=worker)

    done = notes.read_text(encoding="utf-8").splitlines()
    assert sorted(done[:2]) == ["priority 0", "priority 1"]  # not taken in turn with background


def test_a_task_that_always_fails_ends_recorded_as_failed_after_its_retries(
    mail_dir: Path,
) -> None:
    with Worker(mail_dir) as worker:
        with transaction.atomic():
            job = job_record(always_fails_task)
        eventually(lambda: state_of(job) == Job.State.FAILED, what="failed", worker=worker)

    assert job.attempts == 3
    assert job.last_error == "RuntimeError: this task always fails"
    assert job.finished is not None
    # Failed for good: the sweep leaves it alone.
    assert jobs_resend(now=timezone.now() + LATER) == 0


def test_a_worker_killed_mid_task_loses_nothing_and_does_it_once_more(
    mail_dir: Path, tmp_path: Path
) -> None:
    hold, started, done = tmp_path / "hold", tmp_path / "started", tmp_path / "done"
    hold.touch()
    worker = Worker(mail_dir)
    worker.start()
    try:
        with transaction.atomic():
            job = job_record(held_task, hold=str(hold), started=str(started), done=str(done))
        eventually(started.exists, what="the task started", worker=worker)
        worker.kill()  # kill -9, in the middle of the task
    finally:
        worker.stop()
    hold.unlink()
    assert state_of(job) == Job.State.PENDING

    with Worker(mail_dir) as again:
        jobs_resend(now=timezone.now() + LATER)
        eventually(lambda: state_of(job) == Job.State.DONE, what="done", worker=again)

    assert done.read_text(encoding="utf-8") == "done\n"


def test_sigterm_lets_a_worker_finish_the_task_it_holds(mail_dir: Path, tmp_path: Path) -> None:
    hold, started, done = tmp_path / "hold", tmp_path / "started", tmp_path / "done"
    hold.touch()
    worker = Worker(mail_dir)
    worker.start()
    assert worker.process is not None
    try:
        with transaction.atomic():
            job = job_record(held_task, hold=str(hold), started=str(started), done=str(done))
        eventually(started.exists, what="the task started", worker=worker)
        worker.process.terminate()  # SIGTERM: a warm shutdown
        hold.unlink()
        assert worker.process.wait(timeout=30) == 0
    finally:
        worker.stop()

    assert state_of(job) == Job.State.DONE
    assert done.read_text(encoding="utf-8") == "done\n"


def test_the_heartbeat_the_sweep_and_the_daily_stats_run_as_tasks(
    mail_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*arguments: object, **options: object) -> None:
        raise OperationalError("Connection refused.")

    author = UserFactory(username="ann")
    UserFactory(username="bob", email="bob@example.org")
    with monkeypatch.context() as patched:
        patched.setattr(jobs.app, "send_task", unreachable)
        post = post_create(author=author, text="Quiet, @bob")
    Job.objects.update(sent=timezone.now() - 2 * LATER)  # long past JOB_RESEND_AFTER
    with Worker(mail_dir) as worker:
        app.send_task("microposts.core.tasks.heartbeat_task")
        app.send_task("microposts.core.tasks.sweep_task")
        app.send_task("microposts.stats.tasks.daily_stats_task")
        eventually(lambda: Heartbeat.objects.filter(name=HEARTBEAT).exists(), what="heartbeat")
        yesterday = timezone.now().date() - timedelta(days=1)
        eventually(lambda: DailyStats.objects.filter(day=yesterday).exists(), what="stats")
        eventually(all_done, what="the swept job", worker=worker)

    assert mail_sent_to(mail_dir) == ["bob@example.org"]
    assert Job.objects.get(task__endswith="mention_emails_task").arguments == {"post_id": post.pk}


RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"


def test_rabbitmq_can_be_the_broker(mail_dir: Path) -> None:
    """CELERY_BROKER_URL=amqp://…: a post written by another process, whose work goes through
    RabbitMQ (on this machine's 127.0.0.1:5672), is done by a worker reading RabbitMQ."""
    UserFactory(username="ann")
    UserFactory(username="bob", email="bob@example.org")
    with Worker(mail_dir, broker=RABBITMQ) as worker:
        writer = Worker(mail_dir, broker=RABBITMQ).environment()
        script = (
            "from microposts.accounts.models import User; "
            "from microposts.posts.services import post_create; "
            "post_create(author=User.objects.get(username='ann'), text='Over RabbitMQ, @bob')"
        )
        subprocess.run(  # noqa: S603 - our own command
            [MICROPOSTS, "shell", "-c", script],
            env=writer,
            check=True,
            timeout=60,
        )
        eventually(
            lambda: mail_sent_to(mail_dir) == ["bob@example.org"], what="mail", worker=worker
        )

    assert Job.objects.filter(task__endswith="mention_emails_task", state=Job.State.DONE).exists()
