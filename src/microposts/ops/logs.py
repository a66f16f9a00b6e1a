"""Log lines (book ch. 12): one per event on stdout, JSON by default, readable text when DEBUG.

Every line has its time (ISO 8601, UTC), level, logger, message and the ID of the request it
belongs to (core/context.py; null outside a request or a task a request caused). A request's own
line (ops/middleware.py) adds method, path, status, duration and user id; a task's adds the task,
its id, job and outcome. Only the fields named in FIELDS are ever written: nothing a caller puts
on a record by mistake (a form, a header, a token) reaches the output.
"""

import logging
from datetime import UTC, datetime
from typing import Any

import orjson

from microposts.core.context import request_id

# Nothing here writes the caller's file and line, thread or process: the logging HOWTO's
# "Optimization" section turns their gathering off. It was most of a request line's cost.
logging._srcfile = None  # noqa: SLF001 - the documented switch
logging.logThreads = False
logging.logProcesses = False
logging.logMultiprocessing = False

# The structured fields a line may carry besides the message, in the order they are written.
FIELDS = (
    "method",
    "path",
    "status",
    "duration_ms",
    "user_id",
    "route",
    "task",
    "task_id",
    "job_id",
    "outcome",
)


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _request_id(record: logging.LogRecord) -> str | None:
    # A request's own line is written after it, by ops/recorder.py: it carries its ID with it.
    return record.__dict__.get("request_id") or request_id.get()


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    found = record.__dict__
    return {name: found[name] for name in FIELDS if name in found}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, then FIELDS."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id(record),
            **_fields(record),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return orjson.dumps(line, default=str).decode()


class TextFormatter(logging.Formatter):
    """For a person at a terminal (DEBUG): `time LEVEL logger [request id] message key=value`."""

    def format(self, record: logging.LogRecord) -> str:
        rid = _request_id(record) or "-"
        extra = " ".join(f"{name}={value}" for name, value in _fields(record).items())
        text = f"{_timestamp(record)} {record.levelname:<7} {record.name} [{rid}] "
        text += record.getMessage() + (f"  {extra}" if extra else "")
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


class ClientFaultsAreWarnings(logging.Filter):
    """Django logs a request it refuses as suspicious (a bad Host header, a broken session) at
    ERROR from `django.security.*`, though the answer is a 400: ERROR is kept for server faults,
    so these become WARNING, without the traceback of the refusal."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.security.") and record.levelno == logging.ERROR:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True
