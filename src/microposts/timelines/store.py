"""Home timelines in Redis (scaled profile): one sorted set per user, filled by fan-out on write.

Each entry is a member "<key, 20 digits>:<post id>:<owner id>", every score 0, so Redis orders
the members by their text, that is by key: exact for 64-bit snowflake ids, which a score (a
double, 53 bits) is not. The key is the post's id for a post and the repost's id for a repost;
the owner is the user who wrote or reposted it. A set holds the newest CAP entries.

A timeline is *ready* once rebuilt from SQL (its flag key exists). Both keys live ACTIVE_DAYS
after the last read, so fan-out, which writes only to sets that exist, skips users who have not
read their timeline for that long; their set is rebuilt from SQL when they return. The set is
created (with SENTINEL, which sorts before every entry) before a rebuild reads SQL, so a post
fanned out during the rebuild is not missed.
"""

import functools
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from django.conf import settings
from redis import Redis

from microposts.core.pagination import PageRequest

CAP = 800
ACTIVE_DAYS = 7
ACTIVE_SECONDS = ACTIVE_DAYS * 86_400
BATCH = 1000  # timelines written per Redis call in a fan-out
SENTINEL = "-"
KEY_DIGITS = 20

# KEYS: timelines; ARGV: member, cap. Writes to the timelines that exist; how many.
_ADD = """
local written = 0
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('ZADD', key, 0, ARGV[1])
    redis.call('ZREMRANGEBYRANK', key, 0, -(tonumber(ARGV[2]) + 1))
    written = written + 1
  end
end
return written
"""
# KEYS: one timeline; ARGV: an owner id. Removes that owner's entries; how many.
_REMOVE_OWNER = """
local removed = 0
local suffix = ':' .. ARGV[1]
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(member, -string.len(suffix)) == suffix then
    removed = removed + redis.call('ZREM', KEYS[1], member)
  end
end
return removed
"""


class Entry(NamedTuple):
    key: int  # the post's id, or the repost's
    post_id: int
    owner_id: int  # who wrote it, or reposted it

    @property
    def member(self) -> str:
        return f"{self.key:0{KEY_DIGITS}d}:{self.post_id}:{self.owner_id}"

    @classmethod
    def of(cls, member: str) -> "Entry":
        key, post_id, owner_id = member.split(":")
        return cls(int(key), int(post_id), int(owner_id))


def enabled() -> bool:
    return settings.TIMELINES_REDIS_URL is not None


@functools.cache
def _client(url: str) -> Redis:
    # Short timeouts: with Redis away, a read falls back to SQL at once rather than hang.
    return Redis.from_url(url, decode_responses=True, socket_connect_timeout=0.5, socket_timeout=2)


def client() -> Redis:
    return _client(settings.TIMELINES_REDIS_URL)


def timeline_key(user_id: int) -> str:
    return f"timeline:home:{user_id}"


def _ready_key(user_id: int) -> str:
    return f"timeline:home:{user_id}:ready"


def _rebuild_key(user_id: int) -> str:
    return f"timeline:home:{user_id}:rebuilding"


def add(user_ids: Sequence[int], entry: Entry) -> int:
    """Put `entry` into the timelines of `user_ids` that exist; how many."""
    script = client().register_script(_ADD)
    written = 0
    for start in range(0, len(user_ids), BATCH):
        keys = [timeline_key(user_id) for user_id in user_ids[start : start + BATCH]]
        written += int(script(keys=keys, args=[entry.member, CAP]))
    return written


def remove(user_ids: Sequence[int], entries: Iterable[Entry]) -> None:
    members = [entry.member for entry in entries]
    if not members:
        return
    redis = client()
    for start in range(0, len(user_ids), BATCH):
        with redis.pipeline(transaction=False) as pipe:
            for user_id in user_ids[start : start + BATCH]:
                pipe.zrem(timeline_key(user_id), *members)
            pipe.execute()


def remove_owner(user_id: int, owner_id: int) -> int:
    """Take everything `owner_id` wrote or reposted out of `user_id`'s timeline."""
    script = client().register_script(_REMOVE_OWNER)
    return int(script(keys=[timeline_key(user_id)], args=[owner_id]))


def drop(user_id: int) -> None:
    """Forget a timeline: it is rebuilt from SQL when next read."""
    client().delete(timeline_key(user_id), _ready_key(user_id))


_REPAIRED = "timeline:repaired-up-to"  # the last failed timeline job the repair answered


def repaired_up_to() -> int:
    return int(client().get(_REPAIRED) or 0)


def drop_all(*, failed_up_to: int) -> int:
    """Forget every timeline (each is rebuilt from SQL when next read), noting that the failed
    jobs up to `failed_up_to` are answered; how many timelines."""
    redis, dropped = client(), 0
    batch: list[str] = []
    for key in redis.scan_iter(match="timeline:home:*", count=1000):
        batch.append(key)
        if len(batch) == BATCH:
            dropped += redis.unlink(*batch)
            batch = []
    if batch:
        dropped += redis.unlink(*batch)
    redis.set(_REPAIRED, failed_up_to)
    return dropped


def rebuild_claim(user_id: int) -> bool:
    """True for the one caller that should rebuild this timeline in the next minute."""
    return bool(client().set(_rebuild_key(user_id), 1, nx=True, ex=60))


def rebuild_begin(user_id: int) -> None:
    """Create the set before SQL is read, so that fan-out writes into it from now on."""
    key = timeline_key(user_id)
    with client().pipeline(transaction=True) as pipe:
        pipe.zadd(key, {SENTINEL: 0})
        pipe.expire(key, ACTIVE_SECONDS)
        pipe.execute()


def rebuild_finish(user_id: int, entries: Iterable[Entry]) -> None:
    key = timeline_key(user_id)
    with client().pipeline(transaction=True) as pipe:
        members = {entry.member: 0 for entry in entries}
        if members:
            pipe.zadd(key, members)
        pipe.zremrangebyrank(key, 0, -(CAP + 2))  # the newest CAP, and the sentinel if it fits
        pipe.expire(key, ACTIVE_SECONDS)
        pipe.set(_ready_key(user_id), 1, ex=ACTIVE_SECONDS)
        pipe.delete(_rebuild_key(user_id))
        pipe.execute()


def read(user_id: int, request: PageRequest, count: int) -> list[Entry] | None:
    """Up to `count` entries of a page in reading order, skipping `request.skip`; None if the
    timeline is not ready. One Redis call, which also keeps the timeline alive."""
    key, ready = timeline_key(user_id), _ready_key(user_id)
    cursor = request.cursor
    with client().pipeline(transaction=False) as pipe:
        pipe.exists(ready)
        if cursor is not None and request.backwards:  # keys above the cursor, oldest first
            above = f"[{cursor.key + 1:0{KEY_DIGITS}d}"
            pipe.zrangebylex(key, above, "+", start=request.skip, num=count)
        else:  # keys below the cursor (members of the cursor's key sort above it), newest first
            below = f"({cursor.key:0{KEY_DIGITS}d}" if cursor is not None else "+"
            pipe.zrevrangebylex(key, below, "[0", start=request.skip, num=count)
        pipe.expire(key, ACTIVE_SECONDS)
        pipe.expire(ready, ACTIVE_SECONDS)
        found: list[Any] = pipe.execute()
    if not found[0]:
        return None
    return [Entry.of(member) for member in found[1]]
