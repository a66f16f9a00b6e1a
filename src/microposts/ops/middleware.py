"""The first middleware of every request: its ID, its log line and its metrics.

The ID comes from the `X-Request-ID` header when that is short and made of safe characters
(a proxy or a client may set it), else it is new; the response returns it, every log line of the
request carries it, and so do the jobs the request records (core/jobs.py).

REQUEST_LOGS and METRICS_ENABLED turn the log line and the metrics off (the benchmark measures
what they cost: bench/README.md); the ID is always given.
"""

import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from microposts.core.context import request_id
from microposts.core.sql import QUERIES
from microposts.ops.recorder import RECORDER, Finished

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


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


class RequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.recorded = RECORDER.logs or RECORDER.metrics

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # META, not request.headers: that builds a dict of every header, for an API request too.
        rid = accepted_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = rid  # type: ignore[attr-defined]
        bound = request_id.set(rid)
        try:
            if not self.recorded:
                response = self.get_response(request)
                response["X-Request-ID"] = rid
                return response
            return self._recorded(request, rid)
        finally:
            request_id.reset(bound)

    def _recorded(self, request: HttpRequest, rid: str) -> HttpResponse:
        RECORDER.started()
        QUERIES.reset()
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except BaseException:
            RECORDER.abandoned()
            raise
        response["X-Request-ID"] = rid
        RECORDER.finished(
            Finished(
                time.time(),
                rid,
                request.method or "",
                request.path,
                response.status_code,
                time.perf_counter() - started,
                QUERIES.count,
                user_id_of(request),
                route_of(request),
            )
        )
        return response
