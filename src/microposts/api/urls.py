"""The book's REST API (BOOK.md §2), its OpenAPI document and interactive docs."""

import functools
from collections.abc import Callable
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path
from ninja import NinjaAPI
from ninja.renderers import BaseRenderer

from microposts import __version__
from microposts.api import errors, microposts, search, stats, tokens, users, version
from microposts.api.auth import BearerToken


class OrjsonRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data)


api = NinjaAPI(
    title="MicroPosts API",
    version=__version__,
    description=(
        "The REST API of MicroPosts, as specified in *Python Architecture Patterns*. "
        "Log in with POST /api/token, then send `Authorization: Bearer <token>`."
    ),
    auth=BearerToken(),
    renderer=OrjsonRenderer(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
for module in (tokens, users, microposts, search, stats, version):
    api.add_router("", module.router)


def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"message": "No such API endpoint: see /api/docs"}, status=404)


def _method_not_allowed_as_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a method an endpoint lacks in plain text, outside its error handlers."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405:  # noqa: PLR2004
            allowed = response["Allow"]
            response = JsonResponse(
                {"message": f"Method {request.method} is not allowed here; use {allowed}"},
                status=405,
            )
            response["Allow"] = allowed
        return response

    return wrapper


def _api_patterns() -> list[URLPattern | URLResolver]:
    patterns, _, _ = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _method_not_allowed_as_json(pattern.callback)
    # Ninja's own root view answers /api/ with an HTML 404; ours comes first, and the catch-all
    # last, so every unknown path under /api/ gets the API's JSON error.
    return [path("", not_found), *patterns, re_path(r"", not_found)]


urls = (_api_patterns(), "api", "api")
