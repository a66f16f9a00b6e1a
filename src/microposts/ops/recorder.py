"""Each request's log line and metrics, written in batches after the requests they describe.

Measured in-process on the benchmark's home page (a 2 ms request), writing the request's line
and updating its metrics inside the request cost about 65 us: four to five times what the same
code costs in a loop, because after 2 ms of rendering none of it is in the CPU's caches. So a
request only hands a tuple of facts to its process's recorder (`finished`), and the recorder
writes them BATCH at a time, in a loop that stays in cache: the request that fills a batch writes
it, and a thread of the process writes what has waited FLUSH_SECONDS (a quiet server's requests).
A server error (5xx) is written at once, with what waited before it.
A line keeps the time its request ended and the request's ID; it reaches stdout at most about
FLUSH_SECONDS later. A scrape of /metrics writes its own process's batch first (ops/views.py),
and the batch is written at exit.

The requests in flight are counted here too, and written with each batch and whenever the count
has changed when the thread looks: the gauge lags by at most FLUSH_SECONDS.
"""

import logging
import os
import threading
import time
from collections import deque
from multiprocessing.util import Finalize
from typing import NamedTuple

from django.conf import settings

from microposts.ops import metrics

logger = logging.getLogger("microposts.requests")

BATCH = 32
FLUSH_SECONDS = 0.1

# Probes and scrapes come every few seconds: their lines are DEBUG unless they fail.
QUIET_ROUTES = frozenset({"healthz", "readyz", "metrics"})
SERVER_ERROR, CLIENT_ERROR = 500, 400


def level_of(status: int, route: str) -> int:
    """ERROR for a server fault (5xx), WARNING for a client's (4xx), else INFO; probes and
    scrapes that succeed are DEBUG."""
    if status >= SERVER_ERROR:
        return logging.ERROR
    if status >= CLIENT_ERROR:
        return logging.WARNING
    return logging.DEBUG if route in QUIET_ROUTES else logging.INFO


class Finished(NamedTuple):
    """What a request's line and metrics say, taken when it ended."""

    ended: float  # time.time()
    request_id: str
    method: str
    path: str  # without the query string: a query may hold what should not be kept
    status: int
    seconds: float
    queries: int
    user_id: int | None
    route: str


class Recorder:
    """One per process (RECORDER). `logs` and `metrics` say what it writes: the settings
    REQUEST_LOGS and METRICS_ENABLED."""

    def __init__(
        self,
        *,
        logs: bool = True,
        metrics: bool = True,
        batch: int = BATCH,
        flush_seconds: float = FLUSH_SECONDS,
    ) -> None:
        self.logs = logs
        self.metrics = metrics
        self.batch = batch
        self.flush_seconds = flush_seconds
        self._pending: deque[Finished] = deque()
        self._in_flight = 0
        self._in_flight_written = 0
        self._counting = threading.Lock()
        self._writing = threading.Lock()  # one writer at a time: lines keep their order
        self._thread: threading.Thread | None = None
        os.register_at_fork(after_in_child=self._forget_parent)

    def started(self) -> None:
        """A request has begun (it is in flight until `finished` or `abandoned`)."""
        with self._counting:
            self._in_flight += 1

    def abandoned(self) -> None:
        """A request that began ended without an answer (an exception Django did not catch)."""
        with self._counting:
            self._in_flight -= 1

    def finished(self, request: Finished) -> None:
        """A request has been answered: its line and metrics are written with the next batch."""
        with self._counting:
            self._in_flight -= 1
        self._pending.append(request)
        if self._thread is None:
            self._start()
        if len(self._pending) >= self.batch or request.status >= SERVER_ERROR:
            self.flush()  # a server fault's line is not kept waiting

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def flush(self) -> None:
        """Write every waiting request's line and metrics, oldest first, and the gauges."""
        with self._writing:
            pending = self._pending
            while pending:
                request = pending.popleft()
                try:
                    self._write(request)
                except Exception:  # one broken write must not stop the others, nor the request
                    logger.exception("the line or metrics of request %s failed", request.request_id)
            if self.metrics:
                self._write_gauges()

    def _write(self, request: Finished) -> None:
        if self.metrics:
            count, latency, queried = metrics.request_series(
                request.route, request.method, request.status
            )
            count.inc()
            latency.observe(request.seconds)
            queried.observe(request.queries)
        if self.logs:
            _log(request)

    def _write_gauges(self) -> None:
        in_flight = self._in_flight
        if in_flight != self._in_flight_written:
            metrics.IN_FLIGHT.set(in_flight)
            self._in_flight_written = in_flight
        metrics.memory_update()

    def _start(self) -> None:
        with self._counting:
            if self._thread is None:
                thread = threading.Thread(target=self._run, name="request-recorder", daemon=True)
                thread.start()
                self._thread = thread
                # What waits is written at exit: in an app-server worker (a multiprocessing
                # child, which ends without running atexit) as in any other process.
                Finalize(None, self.flush, exitpriority=0)

    def _run(self) -> None:
        while True:
            time.sleep(self.flush_seconds)
            pending = self._pending
            if pending and time.time() - pending[0].ended < self.flush_seconds:
                continue  # a busy server: the batch will fill, and a request will write it
            if pending or (self.metrics and self._in_flight != self._in_flight_written):
                try:
                    self.flush()
                except Exception:  # the gauges' files; the next turn tries again
                    logger.exception("writing the request metrics failed")

    def _forget_parent(self) -> None:
        # A forked child has a copy of its parent's queue (the parent writes it), not its thread.
        self._pending = deque()
        self._in_flight = self._in_flight_written = 0
        self._counting = threading.Lock()
        self._writing = threading.Lock()
        self._thread = None


def _log(request: Finished) -> None:
    level = level_of(request.status, request.route)
    if not logger.isEnabledFor(level):
        return
    duration_ms = round(request.seconds * 1000, 2)
    record = logger.makeRecord(
        logger.name,
        level,
        "(unknown file)",
        0,
        "%s %s %s %.1f ms",
        (request.method, request.path, request.status, duration_ms),
        None,
        extra={
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,
            "status": request.status,
            "duration_ms": duration_ms,
            "user_id": request.user_id,
            "route": request.route,
        },
    )
    record.created = request.ended
    record.msecs = (request.ended % 1) * 1000
    logger.handle(record)


RECORDER = Recorder(logs=settings.REQUEST_LOGS, metrics=settings.METRICS_ENABLED)
