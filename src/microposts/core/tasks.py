"""Periodic tasks of the task manager itself (config/celery.py schedules them)."""

from django.utils import timezone

from microposts.config.celery import app
from microposts.core.jobs import jobs_forget_done, jobs_resend
from microposts.core.models import Heartbeat

HEARTBEAT = "tasks"


@app.task(name="microposts.core.tasks.heartbeat_task")
def heartbeat_task() -> None:
    """Proves a worker and the schedule run: monitoring reads Heartbeat "tasks" (admin too)."""
    Heartbeat.objects.update_or_create(name=HEARTBEAT, defaults={"last_run": timezone.now()})


@app.task(name="microposts.core.tasks.sweep_task")
def sweep_task() -> None:
    """Sends again the work that was recorded but not done (core/jobs.py), and forgets the
    work done more than a week ago."""
    jobs_resend()
    jobs_forget_done()
