"""Real Celery worker processes (`microposts worker`) on the test's own database and broker."""

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from django.conf import settings
from django.db import connection

from tests.helpers import MICROPOSTS

ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 120  # bounded, and generous for a busy CI machine


def database_url() -> str:
    """The URL of the database this test runs on (the test database, not the configured one)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user, host = config.get("USER") or "postgres", config.get("HOST") or "127.0.0.1"
    return f"postgres://{user}@{host}:{config.get('PORT') or 5432}/{config['NAME']}"


class Worker:
    """`with Worker(mail_dir) as worker:` runs `microposts worker` until the block ends."""

    def __init__(self, mail_dir: Path, *options: str, broker: str | None = None) -> None:
        self.mail_dir = mail_dir
        self.options = options
        self.broker = broker or settings.CELERY_BROKER_URL
        self.process: subprocess.Popen[str] | None = None
        self.log = mail_dir.parent / f"worker-{time.monotonic_ns()}.log"

    def environment(self) -> dict[str, str]:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        environment.update(
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=self.broker,
            EMAIL_FILE_PATH=str(self.mail_dir),
            DATABASE_POOL="false",
        )
        if settings.TIMELINES_REDIS_URL:
            environment["TIMELINES_REDIS_URL"] = settings.TIMELINES_REDIS_URL
        return environment

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        command = [MICROPOSTS, "worker", "--concurrency=1", "--include=tests.core.tasks_for_tests"]
        with self.log.open("a", encoding="utf-8") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [*command, *self.options],
                cwd=ROOT,  # `tests` is importable from here
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """kill -9 the worker and its pool processes: nothing gets to clean up."""
        if self.process is None:
            return
        children = _children(self.process.pid)
        self.process.kill()
        for child in children:
            with contextlib.suppress(ProcessLookupError):  # already gone with its parent
                os.kill(child, signal.SIGKILL)
        self.process.wait()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    if not found.exists():
        return []
    return [int(child) for child in found.read_text().split()]


def eventually(check: Callable[[], bool], *, what: str, worker: Worker | None = None) -> None:
    """Wait until `check()` holds; fail, showing the worker's output, if it never does."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    shown = worker.output()[-3000:] if worker else ""
    raise AssertionError(f"{what}: not within {WAIT_SECONDS} s\n{shown}")


def mail_sent_to(mail_dir: Path) -> list[str]:
    """The recipients of every email the file backend wrote into `mail_dir`, one per email."""
    if not mail_dir.exists():
        return []
    return [
        line.removeprefix("To: ")
        for message in sorted(mail_dir.iterdir())
        for line in message.read_text(encoding="utf-8").splitlines()
        if line.startswith("To: ")
    ]


def run_jobs_here() -> int:
    """Run every pending job in this process, oldest first, until none is left, each as a worker
    would run it (its Celery task called directly, not through a broker); how many ran."""
    from microposts.config.celery import app  # noqa: PLC0415
    from microposts.core.models import Job  # noqa: PLC0415

    ran = 0
    while pending := list(Job.objects.filter(state=Job.State.PENDING).order_by("pk")):
        for job in pending:
            app.tasks[job.task](job.pk)
            ran += 1
    return ran
