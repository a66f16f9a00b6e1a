"""The lists of posts: the latest posts, a user's, a hashtag's, a search's, and the home
timeline (from Redis on the scaled profile).

Each page is one keyset query on the post id (newest first) with the authors joined in, so its
cost depends on the page size, not on how many posts exist. Posts of deactivated (suspended)
users are left out of every list.
"""

import logging
from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction
from django.db.models import QuerySet
from redis.exceptions import RedisError

from microposts.accounts.models import User
from microposts.accounts.selectors import active_usernames, follow_counts, followed_among
from microposts.core.jobs import job_record
from microposts.core.pagination import Page, PageRequest, page_from_rows, paginate
from microposts.core.text import HASHTAG_MAX_LENGTH
from microposts.posts.models import Hashtag, Post, Tagging
from microposts.posts.selectors import (
    TimelineEntry,
    post_cards,
    search_matches,
    timeline_home_page,
)
from microposts.timelines import store
from microposts.timelines.errors import TagNotFound
from microposts.timelines.store import Entry
from microposts.timelines.tasks import timeline_rebuild_task

logger = logging.getLogger("microposts.timelines")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """A post in a list; `reposted_by` is always None here (the shape home timelines share)."""

    post: Post
    reposted_by: str | None = None


def _feed(posts: "QuerySet[Post]", request: PageRequest) -> Page[FeedEntry]:
    page = paginate(
        posts.filter(author__is_active=True).select_related("author", "referenced"),
        request=request,
        key="id",
        key_of=lambda post: post.pk,
    )
    return page.map(FeedEntry)


def public_timeline_page(*, request: PageRequest) -> Page[FeedEntry]:
    """The latest posts of everyone."""
    return _feed(Post.objects.all(), request)


def user_posts_page(*, user: User, request: PageRequest) -> Page[FeedEntry]:
    return _feed(Post.objects.filter(author=user), request)


def tag_timeline_page(*, tag: str, request: PageRequest) -> Page[FeedEntry]:
    """Posts with hashtag `tag` (any case, no '#'); two queries. TagNotFound if none ever had it."""
    name = tag.lower()
    # A name no hashtag can have is not looked up: PostgreSQL refuses text holding a NUL.
    valid = 0 < len(name) <= HASHTAG_MAX_LENGTH and "\x00" not in name
    hashtag_id = (
        Hashtag.objects.filter(name=name).values_list("id", flat=True).first() if valid else None
    )
    if hashtag_id is None:
        raise TagNotFound(tag)
    # Read along the tagging index (hashtag, post) in post order, so a page stops after its rows:
    # ordered by the post's own id instead, a tag on 49,000 posts took 170 ms to sort.
    taggings = Tagging.objects.filter(
        hashtag_id=hashtag_id, post__author__is_active=True
    ).select_related("post__author", "post__referenced")
    page = paginate(taggings, request=request, key="post_id", key_of=_tagged_post_id)
    return page.map(lambda tagging: FeedEntry(tagging.post))


def _tagged_post_id(tagging: Tagging) -> int:
    return int(tagging.post_id)


def posts_matching_page(
    *, text: str, username: str | None, request: PageRequest
) -> Page[FeedEntry]:
    """Posts found by the search rule of `posts.selectors.search_matches` (SearchTooShort)."""
    return _feed(search_matches(text=text, username=username, request=request), request)


class ProfileCounts(NamedTuple):
    followers: int
    following: int
    posts: int


def profile_counts(*, user: User) -> ProfileCounts:
    """The numbers a profile shows: two queries."""
    follows = follow_counts(user=user)
    return ProfileCounts(
        follows.followers, follows.following, Post.objects.filter(author=user).count()
    )


def home_timeline_page(*, user: User, request: PageRequest) -> Page[TimelineEntry]:
    """The home timeline: from Redis when it holds a ready one (one Redis call and three SQL
    queries), else from SQL (posts.selectors.timeline_home_page), asking for a rebuild."""
    if not store.enabled():
        return timeline_home_page(user=user, request=request)
    wanted = request.size + 1
    try:
        entries = store.read(user.pk, request, count=2 * wanted)
        if entries is None:
            _rebuild_soon(user)
    except RedisError as error:
        logger.warning("home timeline of user %s read from SQL: Redis failed: %s", user.pk, error)
        entries = None
    if entries is None:
        return timeline_home_page(user=user, request=request)
    shown = _shown(user, entries)
    if len(shown) < wanted and len(entries) == 2 * wanted:
        # Half of what Redis held is hidden (deleted, suspended): SQL answers this page.
        return timeline_home_page(user=user, request=request)
    return page_from_rows(shown[:wanted], request=request, key_of=_key_of, descending=True)


def _shown(user: User, entries: list[Entry]) -> list[TimelineEntry]:
    """The entries still to be shown: the post exists, its author and any reposter are active,
    and its owner is the reader or someone they follow. The last is what the unfollow job
    ensures too, but a fan-out running beside that job may write an entry after it."""
    cards = post_cards(post_ids=[entry.post_id for entry in entries])
    reposters = active_usernames(
        user_ids=[entry.owner_id for entry in entries if entry.key != entry.post_id]
    )
    owners = {entry.owner_id for entry in entries} - {user.pk}
    followed = followed_among(user_id=user.pk, candidates=owners) | {user.pk}
    shown = []
    for entry in entries:
        card = cards.get(entry.post_id)
        if card is None or entry.owner_id not in followed:
            continue
        if entry.key == entry.post_id:
            shown.append(TimelineEntry(entry.key, card))
        elif entry.owner_id in reposters:
            shown.append(TimelineEntry(entry.key, card, reposters[entry.owner_id]))
    return shown


def _rebuild_soon(user: User) -> None:
    if store.rebuild_claim(user.pk):
        with transaction.atomic():
            job_record(timeline_rebuild_task, user_id=user.pk)


def _key_of(entry: TimelineEntry) -> int:
    return entry.key
