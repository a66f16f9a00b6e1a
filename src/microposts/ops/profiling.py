"""Profiling one request on demand (book ch. 14), with pyinstrument.

Off unless configured. With PROFILING_SECRET set, a request whose `X-Profile` header holds that
secret is profiled; with PROFILING_SAMPLE_EVERY = N, one request in N at random is too. The
profile is saved as var/profiles/<request id>.html (open it in a browser) and .txt (the call
tree as text). The secret is compared in constant time; a wrong one changes nothing and is
never reported, so the header cannot be used to find the secret.
"""

import hmac
import logging
import random
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from pyinstrument import Profiler

from microposts.core.context import request_id

logger = logging.getLogger("microposts.profiling")

INTERVAL_SECONDS = 0.0005  # sample the stack every half millisecond: pages take a few


def profile_directory() -> Path:
    return Path(settings.VAR_DIR) / "profiles"


class ProfilingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.secret = settings.PROFILING_SECRET.encode()
        self.every = settings.PROFILING_SAMPLE_EVERY
        if not self.secret and not self.every:
            raise MiddlewareNotUsed  # off: not even a header is looked at
        self.get_response = get_response
        self.random = random.SystemRandom()

    def wanted(self, request: HttpRequest) -> bool:
        given = request.headers.get("x-profile")
        if (
            self.secret
            and given is not None
            and hmac.compare_digest(given.encode(errors="replace"), self.secret)
        ):
            return True
        return bool(self.every) and self.random.randrange(self.every) == 0

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.wanted(request):
            return self.get_response(request)
        profiler = Profiler(interval=INTERVAL_SECONDS)
        profiler.start()
        try:
            return self.get_response(request)
        finally:
            profiler.stop()
            _save(profiler, request)


def _save(profiler: Profiler, request: HttpRequest) -> None:
    name = request_id.get() or "request"  # the ID is safe as a file name (ops/middleware.py)
    directory = profile_directory()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{name}.html").write_text(profiler.output_html(), encoding="utf-8")
        (directory / f"{name}.txt").write_text(
            profiler.output_text(unicode=True, show_all=False), encoding="utf-8"
        )
    except OSError as error:
        logger.warning("profile of %s %s not saved: %s", request.method, request.path, error)
        return
    saved = directory / f"{name}.html"
    logger.info("profile of %s %s saved as %s", request.method, request.path, saved)
