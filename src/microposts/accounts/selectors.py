"""Every read of accounts and follows that an edge or another app needs."""

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from microposts.accounts.errors import UserNotFound
from microposts.accounts.models import ApiToken, Follow, User
from microposts.core.pagination import Page, PageRequest, paginate
from microposts.core.sql import db_datetime, fetch_all, fetch_one
from microposts.core.text import USERNAME_RE


class FollowRow(NamedTuple):
    """One entry of a followers or following list; `key` is the follow link's id (the cursor)."""

    key: int
    username: str
    display_name: str


def _by_username(username: str) -> "QuerySet[User]":
    # `LOWER(username) = ?` is served by the case-insensitive unique index on both databases.
    return User.objects.annotate(username_lower=Lower("username")).filter(
        username_lower=username.lower()
    )


def username_exists(*, username: str) -> bool:
    return could_be_username(username) and _by_username(username).exists()


def _in_model_order(*attnames: str) -> tuple[str, ...]:
    # `Model.from_db` assigns a partial row's values in the model's field order, whatever order
    # its `field_names` says: any other order would put the username in `email`.
    fields = User._meta.concrete_fields  # noqa: SLF001 - Django's documented Model._meta API
    return tuple(field.attname for field in fields if field.attname in attnames)


# The columns a lean User carries; the rest (password, flags, dates) load on first access.
# The SQL below is assembled from these constant names (hence noqa S608); values are parameters.
_USER_FIELDS = _in_model_order("id", "email", "username", "display_name", "bio")
_USER_COLUMNS = ", ".join(f"u.{field}" for field in _USER_FIELDS)
_USER_BY_NAME_SQL = f"""
SELECT {_USER_COLUMNS} FROM accounts_user u WHERE LOWER(u.username) = %s AND u.is_active
"""  # noqa: S608
_USER_BY_TOKEN_SQL = f"""
SELECT {_USER_COLUMNS} FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id
WHERE t.key_hash = %s AND t.expires > %s AND u.is_active
"""  # noqa: S608
# The signed-in user of a web request also needs its password hash: Django checks the session
# against it on every request (a changed password ends other sessions).
_SESSION_USER_FIELDS = _in_model_order(
    "id", "password", "email", "is_active", "username", "display_name", "bio"
)
_SESSION_USER_SQL = f"""
SELECT {", ".join(f"u.{field}" for field in _SESSION_USER_FIELDS)} FROM accounts_user u
WHERE u.id = %s AND u.is_active
"""  # noqa: S608
_IS_ACTIVE = _SESSION_USER_FIELDS.index("is_active")


def _lean_user(row: tuple[Any, ...] | None) -> User | None:
    return None if row is None else User.from_db(DEFAULT_DB_ALIAS, _USER_FIELDS, row)


def session_user(*, user_id: int) -> User | None:
    """The active user a session names, or None. Plain SQL: every signed-in page runs this."""
    row = fetch_one(_SESSION_USER_SQL, [user_id])
    if row is None:
        return None
    values = list(row)
    values[_IS_ACTIVE] = True  # SQLite answers 1; the WHERE clause already required it
    return User.from_db(DEFAULT_DB_ALIAS, _SESSION_USER_FIELDS, values)


def user_by_username(*, username: str) -> User:
    """An active user by name, in any case. Plain SQL: every API request runs this (core/sql.py)."""
    # A name no account can have is not looked up: PostgreSQL refuses text holding a NUL.
    valid = could_be_username(username)
    user = _lean_user(fetch_one(_USER_BY_NAME_SQL, [username.lower()])) if valid else None
    if user is None:
        raise UserNotFound(username)
    return user


def users_by_usernames(*, usernames: Iterable[str]) -> list[User]:
    lowered = {name.lower() for name in usernames if could_be_username(name)}
    if not lowered:
        return []
    return list(
        User.objects.annotate(username_lower=Lower("username")).filter(
            username_lower__in=lowered, is_active=True
        )
    )


def user_for_token(*, token: str) -> User | None:
    """The active user a bearer token belongs to, or None if it is unknown, expired or revoked."""
    params = [ApiToken.hash_of(token), db_datetime(timezone.now())]
    return _lean_user(fetch_one(_USER_BY_TOKEN_SQL, params))


def followers_page(*, user: User, request: PageRequest) -> Page[FollowRow]:
    """Who follows `user`, most recent first."""
    rows = Follow.objects.filter(followed=user, follower__is_active=True).values_list(
        "id", "follower__username", "follower__display_name"
    )
    return _follow_rows(paginate(rows, request=request, key="id", key_of=_key))


def following_page(*, user: User, request: PageRequest) -> Page[FollowRow]:
    """Whom `user` follows, most recent first."""
    rows = Follow.objects.filter(follower=user, followed__is_active=True).values_list(
        "id", "followed__username", "followed__display_name"
    )
    return _follow_rows(paginate(rows, request=request, key="id", key_of=_key))


def _follow_rows(page: Page[tuple[int, str, str]]) -> Page[FollowRow]:
    return page.map(lambda row: FollowRow(*row))


class FollowCounts(NamedTuple):
    followers: int
    following: int


# Counted as the lists above count: follows of deactivated users are left out.
_FOLLOW_COUNTS_SQL = """
SELECT
    (SELECT COUNT(*) FROM accounts_follow f JOIN accounts_user u ON u.id = f.follower_id
     WHERE f.followed_id = %s AND u.is_active),
    (SELECT COUNT(*) FROM accounts_follow f JOIN accounts_user u ON u.id = f.followed_id
     WHERE f.follower_id = %s AND u.is_active)
"""


def follow_counts(*, user: User) -> FollowCounts:
    """How many follow `user` and how many `user` follows, in one query."""
    [(followers, following)] = fetch_all(_FOLLOW_COUNTS_SQL, [user.pk, user.pk])
    return FollowCounts(followers, following)


def is_following(*, follower: User, followed: User) -> bool:
    return Follow.objects.filter(follower=follower, followed=followed).exists()


USERS_MATCHING_LIMIT = 20


def users_matching(*, text: str, limit: int = USERS_MATCHING_LIMIT) -> list[User]:
    """Active users whose username or display name contains `text`, in any case, by username."""
    wanted = text.strip()
    if not wanted or "\x00" in wanted:
        return []  # a NUL makes PostgreSQL raise, and no name holds one
    matching = Q(username__partial=wanted) | Q(display_name__partial=wanted)
    return list(User.objects.filter(matching, is_active=True).order_by(Lower("username"))[:limit])


# The id of the active user with a name, as SQL text for other apps' plain-SQL reads; one
# parameter, the username in lower case. No row when there is no such user.
ACTIVE_USER_ID_SQL = (
    "(SELECT u.id FROM accounts_user u WHERE LOWER(u.username) = %s AND u.is_active)"
)


def could_be_username(name: str) -> bool:
    """Whether an account could have this name; other names are never looked up (NUL bytes)."""
    return USERNAME_RE.match(name) is not None


_FOLLOWING_COUNT_SQL = (
    "SELECT COUNT(*) FROM (SELECT 1 FROM accounts_follow f WHERE f.follower_id = {user} LIMIT %s)"
    " AS capped"
)
_USER_AND_FOLLOWING_COUNT_SQL = f"""
SELECT u.id, ({_FOLLOWING_COUNT_SQL.format(user="u.id")}) FROM accounts_user u
WHERE LOWER(u.username) = %s AND u.is_active
"""  # noqa: S608 - made of constants; the values are parameters


def following_count_by_username(*, username: str, cap: int) -> tuple[int, int]:
    """The id of the active user `username` and how many users they follow, counted up to `cap`.

    One query; UserNotFound if there is no such user. Follows of deactivated users count too.
    """
    if not could_be_username(username):
        raise UserNotFound(username)
    row = fetch_one(_USER_AND_FOLLOWING_COUNT_SQL, [cap, username.lower()])
    if row is None:
        raise UserNotFound(username)
    return row[0], row[1]


_FOLLOWER_IDS_SQL = """
SELECT f.id, f.follower_id FROM accounts_follow f
WHERE f.followed_id = %s AND f.id > %s ORDER BY f.id LIMIT %s
"""


def active_usernames(*, user_ids: Iterable[int]) -> dict[int, str]:
    """The usernames of the active users among `user_ids`, by id; one query."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    marks = ", ".join(["%s"] * len(wanted))
    sql = f"SELECT id, username FROM accounts_user WHERE is_active AND id IN ({marks})"  # noqa: S608
    return dict(fetch_all(sql, wanted))


def followed_among(*, user_id: int, candidates: Iterable[int]) -> set[int]:
    """Which of `candidates` `user_id` follows; one query."""
    wanted = sorted(set(candidates))
    if not wanted:
        return set()
    marks = ", ".join(["%s"] * len(wanted))
    sql = (
        "SELECT followed_id FROM accounts_follow"  # noqa: S608 - placeholders only
        f" WHERE follower_id = %s AND followed_id IN ({marks})"
    )
    return {row[0] for row in fetch_all(sql, [user_id, *wanted])}


def follower_ids(*, user_id: int, batch: int = 1000) -> Iterator[list[int]]:
    """The ids of everyone who follows `user_id`, `batch` at a time (one keyset query each)."""
    after = 0
    while True:
        rows = fetch_all(_FOLLOWER_IDS_SQL, [user_id, after, batch])
        if rows:
            yield [follower for _, follower in rows]
        if len(rows) < batch:
            return
        after = rows[-1][0]


def following_count(*, user: User, cap: int) -> int:
    """How many users `user` follows, counted up to `cap` (follows of deactivated users too)."""
    row = fetch_one(_FOLLOWING_COUNT_SQL.format(user="%s"), [user.pk, cap])
    return row[0] if row else 0


def _key(row: tuple[int, str, str]) -> int:
    return row[0]
