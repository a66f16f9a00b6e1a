"""The lists of posts anyone may read: the latest posts, a user's, a hashtag's, a search's.

Each page is one keyset query on the post id (newest first) with the authors joined in, so its
cost depends on the page size, not on how many posts exist. Posts of deactivated (suspended)
users are left out of every list.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import QuerySet

from microposts.accounts.models import User
from microposts.accounts.selectors import follow_counts
from microposts.core.pagination import Page, PageRequest, paginate
from microposts.core.text import HASHTAG_MAX_LENGTH
from microposts.posts.models import Hashtag, Post, Tagging
from microposts.posts.selectors import search_matches
from microposts.timelines.errors import TagNotFound


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
