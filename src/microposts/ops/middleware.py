"""The first middleware of every request: its ID, its log line and its metrics.

The ID comes from the `X-Request-ID` header when that is short and made of safe characters
(a proxy or a client may set it), else it is new; the response returns it, every log line of the
request carries it, and so do the jobs the request records (core/jobs.py).

REQUEST_LOGS and METRICS_ENABLED turn the log line and the metrics off (the benchmark measures
what they cost: bench/README.md); the ID is always given.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from microposts.core.context import request_id
from microposts.core.sql import QueryCounter
from microposts.ops import metrics

logger = logging.getLogger("microposts.requests")

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# Probes and scrapes come every few seconds: their lines are DEBUG unless they fail.
QUIET_ROUTES = frozenset({"healthz", "readyz", "metrics"})


def accepted_request_id(header: str | None) -> str:
    """The caller's ID if it is 1-64 letters, digits, '.', '_', ':' or '-'; else a new one."""
    if header is not None and REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def route_of(request: HttpRequest) -> str:
    """The URL pattern that served the request ("api/users/<str:username>/timeline"): a label
    with a bounded number of values, unlike the path. "unmatched" when none did (a 404)."""
    match = request.resolver_match
    return (match.route or match.view_name) if match is not None else "unmatched"


def user_id_of(request: HttpRequest) -> int | None:
    """The caller's user id if the request already knew it; never a database read for this."""
    auth = getattr(request, "auth", None)  # the API's bearer token (api/auth.py)
    if auth is not None:
        return getattr(auth, "pk", None)
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", empty)  # the session's user, if the view looked
    if wrapped is empty:
        return None
    return getattr(wrapped, "pk", None)


SERVER_ERROR, CLIENT_ERROR = 500, 400


def _level(status: int, route: str) -> int:
    if status >= SERVER_ERROR:
        return logging.ERROR
    if status >= CLIENT_ERROR:
        return logging.WARNING
    return logging.DEBUG if route in QUIET_ROUTES else logging.INFO


class RequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.logs = settings.REQUEST_LOGS
        self.metrics = settings.METRICS_ENABLED

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # META, not request.headers: that builds a dict of every header, for an API request too.
        rid = accepted_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = rid  # type: ignore[attr-defined]
        bound = request_id.set(rid)
        started = time.perf_counter()
        queries = QueryCounter()
        try:
            if self.metrics:
                response = self._measured(request, queries)
            else:
                response = self.get_response(request)
            response["X-Request-ID"] = rid
            seconds = time.perf_counter() - started
            route = route_of(request)
            if self.metrics:
                self._observe(request, response.status_code, route, seconds, queries.count)
            if self.logs:
                self._log(request, response.status_code, route, seconds)
            return response
        finally:
            request_id.reset(bound)

    def _measured(self, request: HttpRequest, queries: QueryCounter) -> HttpResponse:
        metrics.IN_FLIGHT.inc()
        try:
            with connection.execute_wrapper(queries):
                return self.get_response(request)
        finally:
            metrics.IN_FLIGHT.dec()

    @staticmethod
    def _observe(
        request: HttpRequest, status: int, route: str, seconds: float, queries: int
    ) -> None:
        count, latency, queried = metrics.request_series(route, request.method or "", status)
        count.inc()
        latency.observe(seconds)
        queried.observe(queries)
        metrics.memory_update()

    @staticmethod
    def _log(request: HttpRequest, status: int, route: str, seconds: float) -> None:
        level = _level(status, route)
        if not logger.isEnabledFor(level):
            return
        duration_ms = round(seconds * 1000, 2)
        # The path without its query string: a query may hold what should not be kept.
        logger.log(
            level,
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            status,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": duration_ms,
                "user_id": user_id_of(request),
                "route": route,
            },
        )
