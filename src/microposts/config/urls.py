from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from microposts.api.urls import urls as api_urls
from microposts.ops.views import healthz, metrics, readyz

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api_urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("", include("microposts.web.urls")),
]

# Error pages in the site's style (the API answers its own errors in JSON: api/urls.py).
handler400 = "microposts.web.errors.bad_request"
handler403 = "microposts.web.errors.permission_denied"
handler404 = "microposts.web.errors.page_not_found"
handler500 = "microposts.web.errors.server_error"

if settings.DEBUG:
    from debug_toolbar.toolbar import debug_toolbar_urls  # installed only then

    urlpatterns += debug_toolbar_urls()

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("_bench/", include("microposts.ops.bench_urls")))
