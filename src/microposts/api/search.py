"""Endpoint 14: search microposts by partial text and, optionally, partial username."""

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from microposts.api.pagination import envelope, page_request
from microposts.api.representations import Representer
from microposts.api.schemas import Message, MicropostList, PageParams
from microposts.posts.selectors import search_page

router = Router(tags=["search"])


class SearchParams(PageParams):
    text: str = Field(description="Part of the text, at least 3 characters")
    username: str | None = Field(None, description="Part of the author's username")


@router.get("/search", response={200: MicropostList, 400: Message, 401: Message})
def search_microposts(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    page = search_page(text=params.text, username=params.username, request=page_request(params))
    return envelope(request, page, Representer(request).micropost)
