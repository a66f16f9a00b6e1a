"""Tasks that exist only for the task-manager tests; their workers import this module
(`microposts worker --include tests.core.tasks_for_tests`)."""

import time
from pathlib import Path

from microposts.core.jobs import BACKGROUND, PRIORITY, job_task


@job_task(queue=BACKGROUND, attempts=3, backoff_seconds=0.1)
def always_fails_task() -> None:
    raise RuntimeError("this task always fails")


@job_task(queue=PRIORITY)
def held_task(*, hold: str, started: str, done: str) -> None:
    """Notes that it started, waits while the file `hold` exists, then notes that it is done."""
    with Path(started).open("a", encoding="utf-8") as notes:
        notes.write("started\n")
    while Path(hold).exists():
        time.sleep(0.05)
    with Path(done).open("a", encoding="utf-8") as notes:
        notes.write("done\n")


def _note(notes: str, name: str) -> None:
    with Path(notes).open("a", encoding="utf-8") as file:
        file.write(f"{name}\n")


@job_task(queue=BACKGROUND)
def noted_background_task(*, notes: str, name: str) -> None:
    _note(notes, name)


@job_task(queue=PRIORITY)
def noted_priority_task(*, notes: str, name: str) -> None:
    _note(notes, name)
