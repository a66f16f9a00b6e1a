"""The ceiling of the load benchmark: a Django JSON view with no database work.

Mounted only when MICROPOSTS_BENCH_ENDPOINTS is true, and served through the same middleware
as every other view, so a benchmark ratio measures exactly what our own code adds.
"""

import orjson
from django.http import HttpRequest, HttpResponse
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(orjson.dumps({"status": "ok"}), content_type="application/json")


urlpatterns = [path("bare", bare, name="bench-bare")]
