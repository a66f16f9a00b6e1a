"""How a timeline finds one page of ids among the posts (or reposts) of the users one follows.

No single SQL plan suits every reader (docs/decisions/0006 has the measurements). By how many
users the reader follows:
  SQLite, up to MERGE_MAX: a merge of the followed users' rows, one index seek per user and one
    per row taken (_merge);
  PostgreSQL, up to PER_AUTHOR_MAX: one page of each followed user through the owner index,
    then the best of those (_lateral);
  beyond either: along the ids, testing each row's owner (_scan). The unary + keeps the owner
    index out of this plan on both databases.
A second list merged into a first one (a home timeline's reposts into its posts) can be read
within the first one's page only: window_ids.
Each plan is a SELECT of ids in reading order, at most `limit + offset` of them, that a caller
runs as it is or embeds in a larger statement. The text is made of constants (hence the noqa
S608 below); every value is a parameter.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connection

from microposts.core.pagination import PageRequest
from microposts.core.sql import KeysetClause

MERGE_MAX = 160
# PostgreSQL 15, the same seed, a page of 20 of the book timeline, following 30 / 100 / 160 / 250
# / 405 users: a page of each 1.1 / 1.6 / 3.2 / 7.6 / 10.5 ms, along the ids 3.1 / 4.6 / 6.0 /
# 5.3 / 1.2 ms.
PER_AUTHOR_MAX = 200
# window_ids' scan, against the plan page_ids chooses, for the reposts of a home timeline page on
# the 10,000-user seed (32,000 reposts, 1,000,000 posts), by accounts followed: 1-3: 0.32 / 0.04
# ms; 4-10: 0.14 / 0.06; 11-20: 0.05 / 0.08; 41-80: 0.04 / 0.16; 81-160: 0.05 / 0.29; 401-1000:
# 0.15 / 0.22. Few follows make a page span much of the past, and the window with it.
WINDOW_MIN = 10


@dataclass(frozen=True, slots=True)
class Source:
    """A table whose rows belong to a user, with an index on (owner, id).

    `condition` (on the row `t`) is tested before a row counts towards the page, so that a page
    filtered afterwards is never short.
    """

    table: str
    owner: str
    condition: str = ""


POSTS = Source("posts_post", "author_id")
# A repost shows only while the reposted post's author is active.
REPOSTS = Source(
    "posts_repost",
    "user_id",
    "AND EXISTS (SELECT 1 FROM posts_post p JOIN accounts_user a ON a.id = p.author_id"
    " WHERE p.id = t.post_id AND a.is_active)",
)

# The active users someone follows; one parameter, the follower's id.
_FOLLOWED = (
    "SELECT f.followed_id AS id FROM accounts_follow f"
    " JOIN accounts_user a ON a.id = f.followed_id AND a.is_active WHERE f.follower_id = %s"
)
_FOLLOWED_AND_SELF = f"{_FOLLOWED} UNION ALL SELECT %s"


@dataclass(frozen=True, slots=True)
class Followed:
    """Whose rows a timeline shows: the users `user_id` follows, and with `and_self` their own."""

    user_id: int
    following: int  # how many they follow, counted up to a cap: it chooses the plan
    and_self: bool = False

    @property
    def owners(self) -> tuple[str, list[Any]]:
        if self.and_self:
            return _FOLLOWED_AND_SELF, [self.user_id, self.user_id]
        return _FOLLOWED, [self.user_id]


def following_cap() -> int:
    """Follows counted beyond this number choose no other plan."""
    return (MERGE_MAX if connection.vendor == "sqlite" else PER_AUTHOR_MAX) + 1


def page_ids(
    source: Source, followed: Followed, request: PageRequest, *, descending: bool
) -> tuple[str, list[Any]]:
    """A SELECT of the ids of one page (and the rows before it, for an offset), in read order."""
    clause = KeysetClause.of(request, column="t.id", descending=descending)
    reads_descending = request.reads_descending(descending=descending)
    if connection.vendor == "sqlite":
        if followed.following <= MERGE_MAX:
            return _merge(source, followed, clause, reads_descending=reads_descending)
    elif followed.following <= PER_AUTHOR_MAX:
        return _lateral(source, followed, clause, reads_descending=reads_descending)
    return _scan(source, followed, clause)


def window_ids(
    source: Source, followed: Followed, request: PageRequest, *, descending: bool, edge: int
) -> tuple[str, list[Any]] | None:
    """A SELECT of the ids of one page whose rows all come before id `edge` in reading order, or
    None where page_ids' plan is cheaper.

    For a list merged into a full page of another: past that page's last id (`edge`), no row
    can make the merged page. The window is short when many accounts are followed, so reading
    along the ids within it beats even one index seek per account.
    """
    if followed.following <= WINDOW_MIN:
        return None
    clause = KeysetClause.of(request, column="t.id", descending=descending)
    before = ">" if request.reads_descending(descending=descending) else "<"
    return _scan(source, followed, clause, edge=(f"AND t.id {before} %s", [edge]))


def _merge(
    source: Source, followed: Followed, clause: KeysetClause, *, reads_descending: bool
) -> tuple[str, list[Any]]:
    # SQLite runs a recursive CTE whose recursive SELECT has an ORDER BY with a priority queue
    # (sqlite.org/lang_with.html): it starts from each owner's first row past the cursor, takes
    # the smallest (or largest), queues that owner's next row, and stops at the LIMIT. An owner
    # with no more rows queues NULL, which sorts last and is left out at the end.
    pick, step = ("MAX", "<") if reads_descending else ("MIN", ">")
    direction = "DESC" if reads_descending else "ASC"
    owners, owner_params = followed.owners
    sql = f"""
WITH RECURSIVE merged(owner_id, id) AS (
    SELECT o.id, (SELECT {pick}(t.id) FROM {source.table} t WHERE t.{source.owner} = o.id
        {clause.bound} {source.condition})
    FROM ({owners}) o
    UNION ALL
    SELECT owner_id, (SELECT {pick}(t.id) FROM {source.table} t
        WHERE t.{source.owner} = merged.owner_id AND t.id {step} merged.id {source.condition})
    FROM merged ORDER BY 2 {direction} NULLS LAST LIMIT %s
)
SELECT id FROM merged WHERE id IS NOT NULL"""  # noqa: S608
    return sql, [*clause.bound_params, *owner_params, clause.limit + clause.offset]


def _scan(
    source: Source,
    followed: Followed,
    clause: KeysetClause,
    edge: tuple[str, list[Any]] = ("", []),
) -> tuple[str, list[Any]]:
    owners, owner_params = followed.owners
    within, within_params = edge
    sql = (
        f"SELECT t.id FROM {source.table} t WHERE +t.{source.owner} IN ({owners})"  # noqa: S608
        f" {clause.bound} {within} {source.condition} ORDER BY {clause.order} LIMIT %s"
    )
    params = [*owner_params, *clause.bound_params, *within_params]
    return sql, [*params, clause.limit + clause.offset]


def _lateral(
    source: Source, followed: Followed, clause: KeysetClause, *, reads_descending: bool
) -> tuple[str, list[Any]]:
    # PostgreSQL: at most a page of each followed user through the owner index (a nested loop
    # over LATERAL), then the best of those.
    owners, owner_params = followed.owners
    rows = clause.limit + clause.offset
    direction = "DESC" if reads_descending else "ASC"
    sql = (
        f"SELECT x.id FROM ({owners}) o CROSS JOIN LATERAL ("  # noqa: S608
        f"SELECT t.id FROM {source.table} t WHERE t.{source.owner} = o.id {clause.bound}"
        f" {source.condition} ORDER BY {clause.order} LIMIT %s) x"
        f" ORDER BY x.id {direction} LIMIT %s"
    )
    return sql, [*owner_params, *clause.bound_params, rows, rows]
