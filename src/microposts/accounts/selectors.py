"""Every read of accounts and follows that an edge or another app needs."""

from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from microposts.accounts.errors import UserNotFound
from microposts.accounts.models import ApiToken, Follow, User
from microposts.core.pagination import Page, PageRequest, paginate


class FollowRow(NamedTuple):
    """One entry of a followers or following list; `key` is the follow link's id (the cursor)."""

    key: int
    username: str


def _by_username(username: str) -> "QuerySet[User]":
    # `LOWER(username) = ?` is served by the case-insensitive unique index on both databases.
    return User.objects.annotate(username_lower=Lower("username")).filter(
        username_lower=username.lower()
    )


def username_exists(*, username: str) -> bool:
    return _by_username(username).exists()


def user_by_username(*, username: str) -> User:
    user = _by_username(username).filter(is_active=True).first()
    if user is None:
        raise UserNotFound(username)
    return user


def users_by_usernames(*, usernames: Iterable[str]) -> list[User]:
    lowered = {name.lower() for name in usernames}
    if not lowered:
        return []
    return list(
        User.objects.annotate(username_lower=Lower("username")).filter(
            username_lower__in=lowered, is_active=True
        )
    )


def user_for_token(*, token: str) -> User | None:
    """The active user a bearer token belongs to, or None if it is unknown, expired or revoked."""
    found = (
        ApiToken.objects.filter(
            key_hash=ApiToken.hash_of(token), expires__gt=timezone.now(), user__is_active=True
        )
        .select_related("user")
        .first()
    )
    return found.user if found else None


def followers_page(*, user: User, request: PageRequest) -> Page[FollowRow]:
    """Who follows `user`, most recent first."""
    rows = Follow.objects.filter(followed=user).values_list("id", "follower__username")
    return _follow_rows(paginate(rows, request=request, key="id", key_of=_key))


def following_page(*, user: User, request: PageRequest) -> Page[FollowRow]:
    """Whom `user` follows, most recent first."""
    rows = Follow.objects.filter(follower=user).values_list("id", "followed__username")
    return _follow_rows(paginate(rows, request=request, key="id", key_of=_key))


def _follow_rows(page: Page[tuple[int, str]]) -> Page[FollowRow]:
    return page.map(lambda row: FollowRow(*row))


def followed_ids_query(*, user: User) -> "QuerySet[Follow, int]":
    """The ids of the users `user` follows, as a lazy query to use inside another query."""
    return Follow.objects.filter(follower=user).values_list("followed_id", flat=True)


def _key(row: tuple[int, str]) -> int:
    return row[0]
