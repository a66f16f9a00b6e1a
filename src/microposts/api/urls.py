"""The book's REST API (BOOK.md §2), its OpenAPI document and interactive docs."""

from typing import Any

import orjson
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.renderers import BaseRenderer

from microposts import __version__
from microposts.api import errors, microposts, search, tokens, users
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
for module in (tokens, users, microposts, search):
    api.add_router("", module.router)
