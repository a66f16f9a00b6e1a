"""What a piece of work belongs to: the ID of the request that caused it.

Set by the web's request middleware (ops/middleware.py) for a request, and by the task manager
for a task (ops/tasking.py, core/jobs.py), so every log line either writes carries it.
"""

from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
