"""Operations' endpoints: liveness, readiness and metrics. None of them needs a session."""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from microposts.ops import metrics as metrics_store
from microposts.ops.collectors import BacklogCollector
from microposts.ops.health import readiness
from microposts.ops.recorder import RECORDER

# Set when a proxy forwarded the request: its address is then the proxy's, not the caller's.
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process is up and serving. It touches no backing service on purpose."""
    return JsonResponse({"status": "ok"})


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when every check passes, else 503; the body names each check."""
    checks = readiness()
    ready = all(check.ok for check in checks)
    body = {
        "status": "ok" if ready else "fail",
        "checks": {check.name: check.as_json() for check in checks},
    }
    return JsonResponse(body, status=200 if ready else 503)


def _from_loopback(request: HttpRequest) -> bool:
    if any(header in request.META for header in FORWARDING_HEADERS):
        return False  # a proxy on this machine passes on callers from anywhere
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _has_token(request: HttpRequest) -> bool:
    token: str = settings.METRICS_TOKEN
    if not token:
        return False
    given = request.headers.get("authorization", "")
    expected = f"Bearer {token}"
    return hmac.compare_digest(given.encode(errors="replace"), expected.encode())


def metrics_allowed(request: HttpRequest) -> bool:
    """Loopback callers (not through a proxy), and whoever holds METRICS_TOKEN."""
    return _from_loopback(request) or _has_token(request)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format: the sum over every process of this machine, and the backlog."""
    if not metrics_allowed(request):
        return HttpResponse(
            "403 Forbidden: /metrics answers callers on this machine, or a bearer token "
            "(METRICS_TOKEN).\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    RECORDER.flush()  # this process's latest requests, and the one in flight: this scrape
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(metrics_store.METRICS_DIR))  # type: ignore[no-untyped-call]
    registry.register(BacklogCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
