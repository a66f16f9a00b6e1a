from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from microposts.api.urls import urls as api_urls
from microposts.ops.views import healthz

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api_urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("_bench/", include("microposts.ops.bench_urls")))
