"""Endpoints 3 and 9-13: users, a user's timeline, following and followers."""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from microposts.accounts.errors import UserNotFound
from microposts.accounts.models import User
from microposts.accounts.selectors import followers_page, following_page, user_by_username
from microposts.accounts.services import follow_create, follow_delete
from microposts.api.auth import caller
from microposts.api.pagination import PAGE_PARAMETERS, envelope, json_response, page_request
from microposts.api.representations import Representer
from microposts.api.schemas import FollowIn, Message, MicropostList, UserList, UserOut
from microposts.core.errors import Forbidden, InvalidInput
from microposts.posts.selectors import timeline_book_page

router = Router(tags=["users"])


def require_owner(request: HttpRequest, username: str, what: str) -> User:
    """The caller, if `username` names them; 404 for an unknown user, else 403."""
    owner = user_by_username(username=username)
    if owner.pk != caller(request).pk:
        raise Forbidden(f"You can only change your own {what}")
    return owner


@router.get("/users/{username}", response={200: UserOut, 401: Message, 404: Message})
def show_user(request: HttpRequest, username: str) -> HttpResponse:
    user = user_by_username(username=username)
    return json_response(Representer(request).user(user.username))


@router.get(
    "/users/{username}/timeline",
    response={200: MicropostList, 400: Message, 401: Message, 404: Message},
    summary="Microposts of the users this user follows, oldest first",
    openapi_extra=PAGE_PARAMETERS,
)
def show_timeline(request: HttpRequest, username: str) -> HttpResponse:
    page = timeline_book_page(username=username, request=page_request(request))
    return envelope(request, page, Representer(request).micropost)


@router.get(
    "/users/{username}/following",
    response={200: UserList, 400: Message, 401: Message, 404: Message},
    openapi_extra=PAGE_PARAMETERS,
)
def list_following(request: HttpRequest, username: str) -> HttpResponse:
    page = following_page(user=user_by_username(username=username), request=page_request(request))
    representer = Representer(request)
    return envelope(request, page, lambda row: representer.user(row.username))


@router.post(
    "/users/{username}/following",
    response={200: UserOut, 201: UserOut, 400: Message, 401: Message, 403: Message, 404: Message},
    summary="Follow a user (following again answers 200 and changes nothing)",
)
def follow_user(request: HttpRequest, username: str, payload: FollowIn) -> HttpResponse:
    follower = require_owner(request, username, "following list")
    try:
        followed = user_by_username(username=payload.username)
    except UserNotFound as unknown:  # the book: an unknown user in the body is a bad body (400)
        raise InvalidInput(unknown.message) from None
    _, created = follow_create(follower=follower, followed=followed)
    return json_response(
        Representer(request).user(followed.username), status=201 if created else 200
    )


@router.delete(
    "/users/{username}/following/{other}",
    response={204: None, 401: Message, 403: Message, 404: Message},
)
def unfollow_user(request: HttpRequest, username: str, other: str) -> HttpResponse:
    follower = require_owner(request, username, "following list")
    follow_delete(follower=follower, followed=user_by_username(username=other))
    return HttpResponse(status=204)


@router.get(
    "/users/{username}/followers",
    response={200: UserList, 400: Message, 401: Message, 404: Message},
    openapi_extra=PAGE_PARAMETERS,
)
def list_followers(request: HttpRequest, username: str) -> HttpResponse:
    page = followers_page(user=user_by_username(username=username), request=page_request(request))
    representer = Representer(request)
    return envelope(request, page, lambda row: representer.user(row.username))
