"""Endpoints 4-8: a user's collection of microposts, and one micropost."""

import re

from django.http import HttpRequest, HttpResponse
from ninja import Router

from microposts.accounts.selectors import user_by_username
from microposts.api.auth import caller
from microposts.api.pagination import PAGE_PARAMETERS, envelope, json_response, page_request
from microposts.api.representations import Representer
from microposts.api.schemas import (
    Message,
    MicropostIn,
    MicropostList,
    MicropostOut,
    MicropostPatch,
)
from microposts.api.users import require_owner
from microposts.posts.errors import PostNotFound
from microposts.posts.models import Post
from microposts.posts.selectors import collection_page, post_get, post_row
from microposts.posts.services import UNSET, post_create, post_delete, post_edit

router = Router(tags=["microposts"])
ONE = "/users/{username}/collection/{post_id}"
READ_ERRORS = {401: Message, 404: Message}  # the OpenAPI document lists only what can happen
LIST_ERRORS = {400: Message, **READ_ERRORS}
WRITE_ERRORS = {400: Message, 401: Message, 403: Message, 404: Message}
POST_ID = re.compile(r"[0-9]{1,19}")  # a 64-bit id has at most 19 digits


def _post_of(username: str, post_id: str) -> Post:
    """The micropost `post_id` of user `username`; 404 if either does not exist."""
    author = user_by_username(username=username)
    # Not str.isdigit(): it accepts '²' and other digits that int() refuses.
    if not POST_ID.fullmatch(post_id) or int(post_id) >= 1 << 63:  # a signed 64-bit id
        raise PostNotFound
    return post_get(post_id=int(post_id), author=author)


def _one(request: HttpRequest, post: Post, status: int = 200) -> HttpResponse:
    return json_response(Representer(request).micropost(post_row(post=post)), status=status)


@router.get(
    "/users/{username}/collection",
    response={200: MicropostList, **LIST_ERRORS},
    openapi_extra=PAGE_PARAMETERS,
)
def list_microposts(request: HttpRequest, username: str) -> HttpResponse:
    page = collection_page(username=username, request=page_request(request))
    return envelope(request, page, Representer(request).micropost)


@router.post("/users/{username}/collection", response={201: MicropostOut, **WRITE_ERRORS})
def create_micropost(request: HttpRequest, username: str, payload: MicropostIn) -> HttpResponse:
    author = require_owner(request, username, "collection")
    post = post_create(author=author, text=payload.text, referenced=payload.referenced)
    return _one(request, post, status=201)


@router.get(ONE, response={200: MicropostOut, **READ_ERRORS})
def show_micropost(request: HttpRequest, username: str, post_id: str) -> HttpResponse:
    return _one(request, _post_of(username, post_id))


@router.put(
    ONE, response={200: MicropostOut, **WRITE_ERRORS}, summary="Replace text and referenced"
)
def replace_micropost(
    request: HttpRequest, username: str, post_id: str, payload: MicropostIn
) -> HttpResponse:
    post = _post_of(username, post_id)
    edited = post_edit(
        post=post, editor=caller(request), text=payload.text, referenced=payload.referenced
    )
    return _one(request, edited)


@router.patch(
    ONE, response={200: MicropostOut, **WRITE_ERRORS}, summary="Change text or referenced"
)
def update_micropost(
    request: HttpRequest, username: str, post_id: str, payload: MicropostPatch
) -> HttpResponse:
    post = _post_of(username, post_id)
    given = payload.model_fields_set
    edited = post_edit(
        post=post,
        editor=caller(request),
        # An explicit null text is an empty text, which the service refuses with its own message.
        text=(payload.text or "") if "text" in given else UNSET,
        referenced=payload.referenced if "referenced" in given else UNSET,
    )
    return _one(request, edited)


@router.delete(ONE, response={204: None, 401: Message, 403: Message, 404: Message})
def delete_micropost(request: HttpRequest, username: str, post_id: str) -> HttpResponse:
    post_delete(post=_post_of(username, post_id), actor=caller(request))
    return HttpResponse(status=204)
