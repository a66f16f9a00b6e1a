"""Every read of posts that an edge needs, each with a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from microposts.accounts.errors import UserNotFound
from microposts.accounts.models import User
from microposts.accounts.selectors import (
    ACTIVE_USER_ID_SQL,
    FOLLOWED_IDS_SQL,
    could_be_username,
    followed_ids_by_username,
    followed_ids_query,
    following_count_by_username,
    user_by_username,
)
from microposts.core.pagination import Page, PageRequest, keyset_filter, page_from_rows, paginate
from microposts.core.sql import KeysetClause, fetch_all, utc_datetime
from microposts.posts.errors import PostNotFound, SearchTooShort
from microposts.posts.models import Like, Post, Repost

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


def post_at(*, username: str, post_id: int) -> Post:
    """The post at a web address, /@username/post_id: PostNotFound unless `username` (in any
    case) is its author's. One query, where a user lookup first would be two."""
    if not 0 < post_id <= LARGEST_POST_ID:
        raise PostNotFound
    post = post_get(post_id=post_id)
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
# The book's timeline reads the followed users' posts in id order; no one SQL plan suits every
# reader (docs/decisions/0006 has the measurements). The plans, by how many users one follows:
#   SQLite, up to MERGE_MAX: a merge of the followed authors' posts, one index seek per author
#     and one per row (_MERGE_SQL);
#   PostgreSQL, up to PER_AUTHOR_MAX: one page of each author through the author index, merged;
#   beyond either: along the ids, testing each post's author. The unary + keeps the author index
#     out of this plan on both databases.
MERGE_MAX = 160
PER_AUTHOR_MAX = 40
_FOLLOWED_BY_SCAN = f"+p.author_id IN ({FOLLOWED_IDS_SQL})"

# SQLite runs a recursive CTE whose recursive SELECT has an ORDER BY with a priority queue
# (sqlite.org/lang_with.html): it starts from each followed author's first post past the cursor,
# repeatedly takes the smallest and queues that author's next post, and stops at the LIMIT. An
# author with no more posts queues NULL, which sorts last and is left out by the join below.
_MERGE_SQL = """
WITH RECURSIVE merged(author_id, id) AS (
    SELECT f.followed_id,
        (SELECT {pick}(p.id) FROM posts_post p WHERE p.author_id = f.followed_id {bound})
    FROM accounts_follow f JOIN accounts_user a ON a.id = f.followed_id AND a.is_active
    WHERE f.follower_id = %s
    UNION ALL
    SELECT author_id, (SELECT {pick}(p.id) FROM posts_post p
        WHERE p.author_id = merged.author_id AND p.id {step} merged.id)
    FROM merged ORDER BY 2 {direction} NULLS LAST LIMIT %s
)
SELECT p.id, a.username, p.text, p.created, r.username
FROM merged
JOIN posts_post p ON p.id = merged.id
JOIN accounts_user a ON a.id = p.author_id
LEFT JOIN accounts_user r ON r.id = p.referenced_id
ORDER BY p.id {direction} LIMIT %s OFFSET %s
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


def _page_of_each_author(
    author_ids: list[int], request: PageRequest, *, descending: bool
) -> tuple[str, list[Any]]:
    """`p.id IN (...)` holding at most one page of each author's posts, read by the author index."""
    clause = KeysetClause.of(request, column="id", descending=descending)
    # SQLite allows ORDER BY and LIMIT in a compound SELECT only inside a subquery. The text is
    # made of constants (hence noqa S608); every value is a parameter.
    branch = (
        "SELECT * FROM (SELECT id FROM posts_post WHERE author_id = %s "  # noqa: S608
        f"{clause.bound} ORDER BY {clause.order} LIMIT %s) AS one_author"
    )
    rows_each = clause.limit + clause.offset
    params = [param for author in author_ids for param in (author, *clause.bound_params, rows_each)]
    return f"p.id IN ({' UNION ALL '.join([branch] * len(author_ids))})", params


def _merged_authors(user_id: int, request: PageRequest) -> Page[PostRow]:
    """The book timeline's page by _MERGE_SQL (SQLite only)."""
    clause = KeysetClause.of(request, column="p.id", descending=False)
    backwards = request.reads_descending(descending=False)
    sql = _MERGE_SQL.format(
        pick="MAX" if backwards else "MIN",
        bound=clause.bound,
        step="<" if backwards else ">",
        direction="DESC" if backwards else "ASC",
    )
    rows_needed = clause.limit + clause.offset
    params = [*clause.bound_params, user_id, rows_needed, clause.limit, clause.offset]
    return _page_of(fetch_all(sql, params), request, descending=False)


def timeline_book_page(*, username: str, request: PageRequest) -> Page[PostRow]:
    """Posts by the users `username` follows, oldest first (the book's timeline, endpoint #9).

    Two queries: the user with whom they follow, then the page. UserNotFound if no such user.
    """
    if connection.vendor == "sqlite":
        user_id, following = following_count_by_username(username=username, cap=MERGE_MAX + 1)
        if following <= MERGE_MAX:
            return _merged_authors(user_id, request)
        return _post_rows(_FOLLOWED_BY_SCAN, [user_id], request, descending=False)
    user_id, followed = followed_ids_by_username(username=username, limit=PER_AUTHOR_MAX)
    if followed is None:
        return _post_rows(_FOLLOWED_BY_SCAN, [user_id], request, descending=False)
    if not followed:
        return Page(items=[], next=None, previous=None)
    where, params = _page_of_each_author(followed, request, descending=False)
    return _post_rows(where, params, request, descending=False)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A post in a home timeline, either posted or reposted (then `reposted_by`) by its owner."""

    key: int
    post: Post
    reposted_by: str | None = None


def timeline_home_page(*, user: User, request: PageRequest) -> Page[TimelineEntry]:
    """Posts and reposts by the users `user` follows and by `user`, newest first.

    Posts and reposts are read by two keyset queries of size+1 rows each and merged, so a page
    costs three queries whatever its depth.
    """
    authors = Q(author_id__in=followed_ids_query(user=user)) | Q(author=user)
    reposters = Q(user_id__in=followed_ids_query(user=user)) | Q(user=user)
    bound = keyset_filter(request, descending=True)
    backwards = request.backwards
    order = "id" if backwards else "-id"
    posts = (
        Post.objects.filter(authors, author__is_active=True)
        .select_related("author", "referenced")
        .order_by(order)
    )
    reposts = (
        Repost.objects.filter(reposters, user__is_active=True, post__author__is_active=True)
        .select_related("user")
        .order_by(order)
    )
    if bound is not None:
        posts = posts.filter(**{f"id__{bound[0]}": bound[1]})
        reposts = reposts.filter(**{f"id__{bound[0]}": bound[1]})
    start = request.skip
    limit = start + request.size + 1
    entries = [TimelineEntry(post.pk, post) for post in posts[:limit]]
    shared = list(reposts[:limit])
    originals = Post.objects.select_related("author", "referenced").in_bulk(
        r.post_id for r in shared
    )
    # A post deleted between the two queries is simply left out.
    entries += [
        TimelineEntry(r.pk, originals[r.post_id], r.user.username)
        for r in shared
        if r.post_id in originals
    ]
    entries.sort(key=lambda entry: entry.key, reverse=not backwards)
    return page_from_rows(
        entries[start:limit], request=request, key_of=lambda entry: entry.key, descending=True
    )


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


def post_thread(*, post_id: int) -> Thread:
    """A post with the chain it replies to and all replies below it: four queries at most."""
    post = post_get(post_id=post_id)
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


def _text_matches(text: str) -> Q:
    if connection.vendor == "sqlite":
        # The FTS5 trigram index (migration posts 0002) answers substring matches of 3+ characters.
        phrase = '"' + text.replace('"', '""') + '"'
        return Q(
            id__in=RawSQL(
                "SELECT rowid FROM posts_post_fts WHERE posts_post_fts MATCH %s", [phrase]
            )
        )
    return Q(text__partial=text)


def search_matches(*, text: str, username: str | None) -> "QuerySet[Post]":
    """Posts whose text contains `text` (3+ characters), by users whose name contains `username`.

    The one matching rule of every search (the API's rows, the website's posts); unordered.
    """
    wanted = text.strip()
    if len(wanted) < SEARCH_MIN_LENGTH:
        raise SearchTooShort(SEARCH_MIN_LENGTH)
    if "\x00" in wanted or (username and "\x00" in username):
        # No post or username holds a NUL (PostgreSQL text cannot), and a NUL in a query makes
        # PostgreSQL raise and SQLite's FTS5 parser fail. An empty queryset asks no database.
        return Post.objects.none()
    posts = Post.objects.filter(_text_matches(wanted), author__is_active=True)
    if username:
        posts = posts.filter(author__username__partial=username.strip())
    return posts


def search_page(*, text: str, username: str | None, request: PageRequest) -> Page[PostRow]:
    return _rows(search_matches(text=text, username=username), request)


@dataclass(frozen=True, slots=True)
class ViewerMarks:
    """Which of some posts one viewer has liked and reposted (the state of their buttons)."""

    liked: frozenset[int]
    reposted: frozenset[int]


def viewer_marks(*, user: User | None, post_ids: list[int]) -> ViewerMarks:
    """Two small queries for a signed-in viewer; none for anyone else or an empty page."""
    if user is None or not user.is_authenticated or not post_ids:
        return ViewerMarks(frozenset(), frozenset())
    liked = Like.objects.filter(user=user, post_id__in=post_ids).values_list("post_id", flat=True)
    reposted = Repost.objects.filter(user=user, post_id__in=post_ids).values_list(
        "post_id", flat=True
    )
    return ViewerMarks(frozenset(liked), frozenset(reposted))
