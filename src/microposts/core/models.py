from django.db import models
from django.utils import timezone


class Job(models.Model):
    """Work a change causes, recorded in the change's own transaction (the outbox).

    It is sent to the task manager after commit, and again by the sweep while it is not done
    (core/jobs.py): a broker that was down, or a worker killed mid-task, loses nothing.
    """

    class State(models.TextChoices):
        PENDING = "pending"
        DONE = "done"
        FAILED = "failed"  # its retries ran out; it is not sent again

    task = models.CharField(max_length=200)  # a Celery task's name
    queue = models.CharField(max_length=50)  # "priority" (a user's action) or "background"
    arguments = models.JSONField(default=dict)  # its keyword arguments
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)
    sent = models.DateTimeField(default=timezone.now)  # last handed to the broker (or tried)
    finished = models.DateTimeField(null=True, blank=True)
    # The request that caused it (ops/middleware.py): its task logs under the same ID.
    request_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        indexes = [
            # The sweep: pending jobs by when they were last sent.
            models.Index(
                fields=["sent"], condition=models.Q(state="pending"), name="core_job_pending"
            ),
            # The sweep's clean-up: done jobs by when they finished.
            models.Index(
                fields=["finished"], condition=models.Q(state="done"), name="core_job_done"
            ),
            # Failed jobs, few: the admin's filter and the timelines' repair (timelines/tasks.py).
            models.Index(fields=["id"], condition=models.Q(state="failed"), name="core_job_failed"),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.state})"


class Heartbeat(models.Model):
    """When a periodic task last ran: monitoring reads it to know the workers and beat are alive."""

    name = models.CharField(max_length=100, primary_key=True)
    last_run = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_run:%Y-%m-%d %H:%M:%S}"
