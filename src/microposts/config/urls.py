from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path

from microposts.api.urls import api
from microposts.ops.views import healthz


def api_not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"message": "No such API endpoint: see /api/docs"}, status=404)


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("_bench/", include("microposts.ops.bench_urls")))
