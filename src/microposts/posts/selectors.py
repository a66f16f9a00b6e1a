"""Every read of posts that an edge needs, each with a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from microposts.accounts.errors import UserNotFound
from microposts.accounts.models import User
from microposts.accounts.selectors import (
    ACTIVE_USER_ID_SQL,
    could_be_username,
    following_count,
    following_count_by_username,
    user_by_username,
)
from microposts.core.lookups import escape_like
from microposts.core.pagination import Page, PageRequest, page_from_rows, paginate
from microposts.core.sql import KeysetClause, fetch_all, utc_datetime
from microposts.posts.errors import PostNotFound, SearchTooShort
from microposts.posts.models import Post
from microposts.posts.plans import (
    POSTS,
    REPOSTS,
    Followed,
    following_cap,
    page_ids,
    window_ids,
)

SEARCH_MIN_LENGTH = 3
THREAD_MAX_DEPTH = 100
THREAD_MAX_REPLIES = 500


class PostRow(NamedTuple):
    """The fields the book's micropost resource shows, read without building model instances."""

    id: int
    username: str
    text: str
    created: datetime
    referenced: str | None


_ROW_FIELDS = ("id", "author__username", "text", "created", "referenced__username")


def _rows(
    posts: "QuerySet[Post]", request: PageRequest, *, descending: bool = True
) -> Page[PostRow]:
    page = paginate(
        posts.values_list(*_ROW_FIELDS),
        request=request,
        key="id",
        key_of=_first,
        descending=descending,
    )
    return page.map(lambda row: PostRow(*row))


def _first(row: tuple[int, ...]) -> int:
    return row[0]


def _post_id(row: PostRow) -> int:
    return row.id


def post_get(*, post_id: int, author: User | None = None) -> Post:
    """One post (with its author and referenced user); with `author`, only if it is theirs.

    Posts of deactivated (suspended) users are not found, here or in any list.
    """
    posts = Post.objects.select_related("author", "referenced").filter(
        pk=post_id, author__is_active=True
    )
    if author is not None:
        posts = posts.filter(author=author)
    post = posts.first()
    if post is None:
        raise PostNotFound
    return post


LARGEST_POST_ID = (1 << 63) - 1  # ids are signed 64-bit; a larger one would make the database raise


def post_mentioned(*, post_id: int) -> list[User]:
    """The active users a post names (its `referenced` user and every @mention that exists)."""
    return list(User.objects.filter(mentions__post_id=post_id, is_active=True).order_by("pk"))


def post_at(*, username: str, post_id: int) -> Post:
    """The post at a web address, /@username/post_id: PostNotFound unless `username` (in any
    case) is its author's. One query, where a user lookup first would be two."""
    if not 0 < post_id <= LARGEST_POST_ID:
        raise PostNotFound
    post = post_get(post_id=post_id)
    # Another user's name with this post's id is no address of this post.
    if post.author.username.lower() != username.lower():
        raise PostNotFound
    return post


def post_row(*, post: Post) -> PostRow:
    return PostRow(
        post.pk,
        post.author.username,
        post.text,
        post.created,
        post.referenced.username if post.referenced else None,
    )


_POST_ROW_SQL = """
SELECT p.id, a.username, p.text, p.created, r.username
FROM posts_post p
JOIN accounts_user a ON a.id = p.author_id
LEFT JOIN accounts_user r ON r.id = p.referenced_id
WHERE {where} AND a.is_active {bound}
ORDER BY {order} LIMIT %s OFFSET %s
"""


def _post_rows(
    where: str, params: list[Any], request: PageRequest, *, descending: bool
) -> Page[PostRow]:
    """One SQL statement per page, rows straight into PostRow (core/sql.py says why)."""
    clause = KeysetClause.of(request, column="p.id", descending=descending)
    sql = _POST_ROW_SQL.format(where=where, bound=clause.bound, order=clause.order)
    return _page_of(fetch_all(sql, [*params, *clause.params]), request, descending=descending)


def _page_of(
    rows: list[tuple[Any, ...]], request: PageRequest, *, descending: bool
) -> Page[PostRow]:
    posts = [
        PostRow(post_id, username, text, utc_datetime(created), referenced)
        for post_id, username, text, created, referenced in rows
    ]
    return page_from_rows(posts, request=request, key_of=_post_id, descending=descending)


def collection_page(*, username: str, request: PageRequest) -> Page[PostRow]:
    """A user's own posts, newest first (the book's collection); UserNotFound if no such user.

    The user is found inside the page's own query.

    Measured, the separate user lookup was about 45 us of a 0.5 ms request. An empty page costs
    one more query, to tell a user without posts from no user at all.
    """
    if not could_be_username(username):
        raise UserNotFound(username)
    where = f"p.author_id = {ACTIVE_USER_ID_SQL}"
    page = _post_rows(where, [username.lower()], request, descending=True)
    if not page.items:
        user_by_username(username=username)
    return page


def timeline_book_page(*, username: str, request: PageRequest) -> Page[PostRow]:
    """Posts by the users `username` follows, oldest first (the book's timeline, endpoint #9).

    Two queries: the user with how many they follow (which chooses the plan: posts/plans.py),
    then the page. UserNotFound if there is no such user.
    """
    user_id, following = following_count_by_username(username=username, cap=following_cap())
    ids, params = page_ids(POSTS, Followed(user_id, following), request, descending=False)
    return _post_rows(f"p.id IN ({ids})", params, request, descending=False)


class PostCard(NamedTuple):
    """A post as a list shows it, with its author's names, read without building models."""

    id: int
    author_id: int
    username: str
    display_name: str
    text: str
    html: str
    created: datetime
    edited: datetime | None

    @property
    def pk(self) -> int:
        return self.id

    @classmethod
    def of(cls, post: Post) -> "PostCard":
        author = post.author
        return cls(
            post.pk,
            post.author_id,
            author.username,
            author.display_name,
            post.text,
            post.html,
            post.created,
            post.edited,
        )


_CARDS_SQL = """
SELECT p.id, p.author_id, a.username, a.display_name, p.text, p.html, p.created, p.edited
FROM posts_post p JOIN accounts_user a ON a.id = p.author_id AND a.is_active
WHERE p.id IN ({ids})
"""


def post_cards(*, post_ids: list[int]) -> dict[int, PostCard]:
    """The posts of active authors among `post_ids`, by id: one query."""
    if not post_ids:
        return {}
    rows = fetch_all(_CARDS_SQL.format(ids=", ".join(["%s"] * len(post_ids))), post_ids)
    return {row[0]: _card(row) for row in rows}


def _card(row: tuple[Any, ...]) -> PostCard:
    post_id, author_id, username, display_name, text, html, created, edited = row
    edited_at = utc_datetime(edited) if edited is not None else None
    return PostCard(
        post_id, author_id, username, display_name, text, html, utc_datetime(created), edited_at
    )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A post in a home timeline, either posted or reposted (then `reposted_by`) by its owner."""

    key: int
    post: PostCard
    reposted_by: str | None = None


def timeline_home_page(*, user: User, request: PageRequest) -> Page[TimelineEntry]:
    """Posts and reposts by the users `user` follows and by `user`, newest first.

    Three or four queries whatever the page's depth: how many `user` follows (which chooses the
    plans: posts/plans.py), the page's posts with their authors, its reposts (size+1 rows of
    each, merged here; read only within the posts' page when that is full), and, if the page
    shows reposts of posts not among those, these posts.
    """
    following = following_count(user=user, cap=following_cap())
    followed = Followed(user.pk, following, and_self=True)
    post_ids, params = page_ids(POSTS, followed, request, descending=True)
    found = {row[0]: _card(row) for row in fetch_all(_CARDS_SQL.format(ids=post_ids), params)}
    keys: list[tuple[int, int, str | None]] = [(post_id, post_id, None) for post_id in found]
    window = len(found) == request.skip + request.size + 1 and window_ids(
        REPOSTS, followed, request, descending=True, edge=_edge(found, request)
    )
    repost_ids, repost_params = window or page_ids(REPOSTS, followed, request, descending=True)
    keys += fetch_all(_REPOSTS_SQL.format(ids=repost_ids), repost_params)
    keys.sort(key=_key_of, reverse=not request.backwards)
    keys = keys[request.skip : request.skip + request.size + 1]
    missing = [post_id for _, post_id, _ in keys if post_id not in found]
    found.update(post_cards(post_ids=missing))
    # A post deleted, or its author suspended, since its id was read is simply left out.
    entries = [
        TimelineEntry(key, found[post_id], username)
        for key, post_id, username in keys
        if post_id in found
    ]
    return page_from_rows(entries, request=request, key_of=_entry_key, descending=True)


def _edge(post_ids: Iterable[int], request: PageRequest) -> int:
    """The last of a newest-first list's ids in reading order (a `previous` page reads up)."""
    return max(post_ids) if request.backwards else min(post_ids)


def timeline_home_keys(*, user: User, limit: int) -> list[tuple[int, int, int]]:
    """The newest `limit` entries of `user`'s home timeline as (key, post id, owner id): what
    a Redis timeline holds (timelines/store.py). Two queries."""
    following = following_count(user=user, cap=following_cap())
    followed = Followed(user.pk, following, and_self=True)
    request = PageRequest(size=limit - 1)  # a plan reads size+1 rows
    post_ids, params = page_ids(POSTS, followed, request, descending=True)
    repost_ids, repost_params = page_ids(REPOSTS, followed, request, descending=True)
    rows = fetch_all(_KEYS_SQL.format(posts=post_ids, reposts=repost_ids), params + repost_params)
    keys = [(int(key), int(post_id), int(owner)) for key, post_id, owner in rows]
    return sorted(keys, reverse=True)[:limit]


_KEYS_SQL = """
SELECT p.id, p.id, p.author_id FROM posts_post p WHERE p.id IN ({posts})
UNION ALL
SELECT r.id, r.post_id, r.user_id FROM posts_repost r WHERE r.id IN ({reposts})
"""


# A page of reposts: the reposter's name, and only reposts of posts by active users.
_REPOSTS_SQL = """
SELECT r.id, r.post_id, u.username FROM posts_repost r
JOIN accounts_user u ON u.id = r.user_id
JOIN posts_post p ON p.id = r.post_id
JOIN accounts_user a ON a.id = p.author_id AND a.is_active
WHERE r.id IN ({ids})
"""


def _key_of(row: tuple[int, int, str | None]) -> int:
    return row[0]


def _entry_key(entry: TimelineEntry) -> int:
    return entry.key


@dataclass(frozen=True, slots=True)
class Thread:
    ancestors: list[Post]  # the post it replies to, and that post's parent, ..., oldest first
    post: Post
    replies: list[Post]  # every reply below it, in the order they were written


_ANCESTORS_SQL = """
WITH RECURSIVE ancestor(id, depth) AS (
    SELECT in_reply_to_id, 1 FROM posts_post WHERE id = %s
    UNION ALL
    SELECT p.in_reply_to_id, a.depth + 1 FROM posts_post p JOIN ancestor a ON p.id = a.id
    WHERE a.depth < %s
)
SELECT id FROM ancestor WHERE id IS NOT NULL
"""
_DESCENDANTS_SQL = """
WITH RECURSIVE descendant(id, depth) AS (
    SELECT id, 1 FROM posts_post WHERE in_reply_to_id = %s
    UNION ALL
    SELECT p.id, d.depth + 1 FROM posts_post p JOIN descendant d ON p.in_reply_to_id = d.id
    WHERE d.depth < %s
)
SELECT id FROM descendant ORDER BY id LIMIT %s
"""


def post_thread(*, post_id: int, username: str | None = None) -> Thread:
    """A post with the chain it replies to and all replies below it: four queries at most.

    With `username`, only the post at that web address (`post_at`)."""
    if username is None:
        post = post_get(post_id=post_id)
    else:
        post = post_at(username=username, post_id=post_id)
    with connection.cursor() as cursor:
        cursor.execute(_ANCESTORS_SQL, [post.pk, THREAD_MAX_DEPTH])
        ancestor_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(_DESCENDANTS_SQL, [post.pk, THREAD_MAX_DEPTH, THREAD_MAX_REPLIES])
        reply_ids = [row[0] for row in cursor.fetchall()]
    related = (
        Post.objects.filter(author__is_active=True)
        .select_related("author", "referenced")
        .in_bulk([*ancestor_ids, *reply_ids])
    )
    return Thread(
        ancestors=sorted((related[i] for i in ancestor_ids if i in related), key=lambda p: p.pk),
        post=post,
        replies=[related[i] for i in reply_ids if i in related],
    )


# SQLite: one page of a search read along the FTS5 trigram index (migration posts 0002) in
# descending rowid order, joined to the posts and their authors, so a page stops after its rows.
# Matching posts.id against every match instead (id IN (SELECT rowid ... MATCH ...)) first read
# them all: 85 ms for a page of "the" on the 1,000,000-post seed, 0.24 ms this way.
_SEARCH_IDS_SQL = """
SELECT f.rowid FROM posts_post_fts f
JOIN posts_post p ON p.id = f.rowid
JOIN accounts_user a ON a.id = p.author_id AND a.is_active
WHERE posts_post_fts MATCH %s {bound} {author}
ORDER BY {order} LIMIT %s
"""


def _search_ids(text: str, username: str | None, request: PageRequest) -> tuple[str, list[Any]]:
    """SQLite: a SELECT of the ids of one search page (and the rows before it), in read order."""
    phrase = '"' + text.replace('"', '""') + '"'  # an FTS5 string: the text as it is
    clause = KeysetClause.of(request, column="f.rowid", descending=True)
    author, author_params = "", []
    if username:
        # The `partial` lookup's rule (core/lookups.py): SQLite's LIKE ignores ASCII case.
        author, author_params = "AND a.username LIKE %s ESCAPE '\\'", [f"%{escape_like(username)}%"]
    sql = _SEARCH_IDS_SQL.format(bound=clause.bound, author=author, order=clause.order)
    return sql, [phrase, *clause.bound_params, *author_params, clause.limit + clause.offset]


def search_matches(*, text: str, username: str | None, request: PageRequest) -> "QuerySet[Post]":
    """Posts whose text contains `text` (3+ characters), by users whose name contains `username`.

    The one matching rule of every search (the API's rows, the website's posts). On SQLite the
    queryset holds only the page `request` asks for (and the rows before it, for an offset);
    either way, paginate it with the same request.
    """
    wanted = text.strip()
    if len(wanted) < SEARCH_MIN_LENGTH:
        raise SearchTooShort(SEARCH_MIN_LENGTH)
    if "\x00" in wanted or (username and "\x00" in username):
        # No post or username holds a NUL (PostgreSQL text cannot), and a NUL in a query makes
        # PostgreSQL raise and SQLite's FTS5 parser fail. An empty queryset asks no database.
        return Post.objects.none()
    name = username.strip() if username else None
    if connection.vendor == "sqlite":
        ids, params = _search_ids(wanted, name, request)
        return Post.objects.filter(id__in=RawSQL(ids, params))  # noqa: S611 - all parameters
    posts = Post.objects.filter(text__partial=wanted, author__is_active=True)
    if name:
        posts = posts.filter(author__username__partial=name)
    return posts


def search_page(*, text: str, username: str | None, request: PageRequest) -> Page[PostRow]:
    return _rows(search_matches(text=text, username=username, request=request), request)


@dataclass(frozen=True, slots=True)
class ViewerMarks:
    """Which of some posts one viewer has liked and reposted (the state of their buttons)."""

    liked: frozenset[int]
    reposted: frozenset[int]


_MARKS_SQL = """
SELECT 1, post_id FROM posts_like WHERE user_id = %s AND post_id IN ({ids})
UNION ALL
SELECT 0, post_id FROM posts_repost WHERE user_id = %s AND post_id IN ({ids})
"""


def viewer_marks(*, user: User | None, post_ids: list[int]) -> ViewerMarks:
    """One small query for a signed-in viewer; none for anyone else or an empty page."""
    if user is None or not user.is_authenticated or not post_ids:
        return ViewerMarks(frozenset(), frozenset())
    ids = ", ".join(["%s"] * len(post_ids))
    rows = fetch_all(_MARKS_SQL.format(ids=ids), [user.pk, *post_ids, user.pk, *post_ids])
    return ViewerMarks(
        frozenset(post_id for like, post_id in rows if like),
        frozenset(post_id for like, post_id in rows if not like),
    )
