"""Endpoint 14: search microposts by partial text and, optionally, partial username."""

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from microposts.api.pagination import PAGE_PARAMETERS, envelope, page_request
from microposts.api.representations import Representer
from microposts.api.schemas import Message, MicropostList
from microposts.posts.selectors import search_page

router = Router(tags=["search"])


class SearchFilters(Schema):
    text: str = Field(description="Part of the text, at least 3 characters")
    username: str | None = Field(None, description="Part of the author's username")


@router.get(
    "/search",
    response={200: MicropostList, 400: Message, 401: Message},
    openapi_extra=PAGE_PARAMETERS,
)
def search_microposts(request: HttpRequest, filters: Query[SearchFilters]) -> HttpResponse:
    page = search_page(text=filters.text, username=filters.username, request=page_request(request))
    return envelope(request, page, Representer(request).micropost)
