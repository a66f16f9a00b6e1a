"""A whole seeded data set, generated deterministically from one seed.

Rows come out as tuples in the column order of the *_FIELDS constants, ready for bulk inserts.
Every random choice comes from one `random.Random(seed)` drawn in a fixed order, so the same
recipe gives the same rows. Mentions, hashtags and html are derived from each finished text with
the functions `post_create` uses, so they agree with the text exactly as the service's would.
"""

import bisect
import math
import random
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from microposts.core.ids import SEQUENCE_MASK, snowflake_at
from microposts.core.text import extract_hashtags, extract_mentions, render_html
from microposts.posts.services import profile_path, tag_path
from microposts.seed.people import (
    DAY_MS,
    POPULARITY_EXPONENT,
    activity_cumulative,
    make_follows,
    make_people,
    zipf_cumulative,
)
from microposts.seed.writing import TextComposer

USER_FIELDS = (
    "id",
    "username",
    "display_name",
    "bio",
    "email",
    "password",
    "is_active",
    "is_staff",
    "is_superuser",
    "date_joined",
    "created",
)
FOLLOW_FIELDS = ("follower", "followed", "created")
POST_FIELDS = ("id", "author", "text", "html", "referenced", "in_reply_to", "created")
MENTION_FIELDS = ("post", "user")
HASHTAG_FIELDS = ("id", "name", "created")
TAGGING_FIELDS = ("post", "hashtag")
LIKE_FIELDS = ("user", "post", "created")
REPOST_FIELDS = ("id", "user", "post", "created")

REPLY_SHARE = 0.2
REPLY_RECENCY = 300  # replies answer recent posts: mean distance back, in posts
REFERENCED_SHARE = 0.04
REFERENCED_NAMED_SHARE = 0.5  # of referenced posts, those that also write the @name
# Likes and reposts per post grow with the author's audience; their number is geometric.
LIKES_BASE, LIKES_PER_FOLLOWER = 0.3, 0.002
REPOSTS_BASE, REPOSTS_PER_FOLLOWER = 0.02, 0.0003
FOLLOWER_REACTION_SHARE = 0.8  # the rest comes from anyone (search, hashtags, reposts)
REACTIONS_MAX = 1_000
REACTION_DELAY_MS = 2 * 3_600_000
# Reposts take the upper half of the 16-bit sequence and posts the lower half, so a repost's id
# never equals a post's id even in the same millisecond (timelines merge both by id).
REPOST_SEQUENCE_BASE = 1 << 15

Row = tuple[object, ...]
Moment = Callable[[int], object]  # milliseconds since the epoch -> the database's value
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def aware_moment(millisecond: int) -> datetime:
    return EPOCH + timedelta(milliseconds=millisecond)


@dataclass(frozen=True, slots=True)
class Recipe:
    users: int
    posts: int
    end_ms: int  # every row was created before this moment
    seed: int = 1
    days: int = 365
    max_length: int = 500

    @property
    def start_ms(self) -> int:
        return self.end_ms - self.days * DAY_MS


@dataclass(slots=True)
class PostBatch:
    posts: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    hashtags: list[Row] = field(default_factory=list)  # those first used in this batch
    taggings: list[Row] = field(default_factory=list)
    likes: list[Row] = field(default_factory=list)
    reposts: list[Row] = field(default_factory=list)


def geometric(rng: random.Random, mean: float) -> int:
    """A count with the given mean, mostly 0 or 1 for small means, with a long tail."""
    ratio = mean / (1 + mean)
    return min(int(math.log(1 - rng.random()) / math.log(ratio)), REACTIONS_MAX)


class SeedGenerator:
    def __init__(self, recipe: Recipe, *, moment: Moment = aware_moment) -> None:
        self.recipe = recipe
        self._moment = moment
        self._rng = rng = random.Random(recipe.seed)
        self.people = make_people(rng, recipe.users, start_ms=recipe.start_ms)
        self._popularity = zipf_cumulative(rng, recipe.users, POPULARITY_EXPONENT)
        self._activity = activity_cumulative(rng, recipe.users)
        self.follows = make_follows(rng, self.people, self._popularity, start_ms=recipe.start_ms)
        self._followers: list[list[int]] = [[] for _ in self.people]
        for link in self.follows:
            self._followers[link.followed].append(link.follower)
        self._composer = TextComposer(
            rng,
            usernames=[person.username for person in self.people],
            popularity=self._popularity,
            max_length=recipe.max_length,
        )
        self._index_by_name = {person.username.lower(): i for i, person in enumerate(self.people)}
        self._hashtag_ids: dict[str, int] = {}
        self._repost_sequences: dict[int, int] = {}
        self._post_ids = array("q")
        self._post_authors = array("l")
        self._last_ms, self._sequence = -1, 0

    def user_rows(self, password_hash: str) -> list[Row]:
        return [
            (
                person.id,
                person.username,
                person.display_name,
                person.bio,
                f"{person.username.lower()}@example.org",
                password_hash,
                True,
                False,
                False,
                self._moment(person.joined_ms),
                self._moment(person.joined_ms),
            )
            for person in self.people
        ]

    def follow_rows(self) -> Iterator[Row]:
        people = self.people
        for link in self.follows:
            yield people[link.follower].id, people[link.followed].id, self._moment(link.created_ms)

    def post_batches(self, size: int) -> Iterator[PostBatch]:
        moments = self._post_moments()
        for start in range(0, len(moments), size):
            batch = PostBatch()
            for millisecond in moments[start : start + size]:
                self._add_post(batch, millisecond, self._author())
            yield batch

    def _author(self) -> int:
        # Random.choices(k=1) by hand: a third of the cost, the same draw whatever the batch size.
        return bisect.bisect(self._activity, self._rng.random() * self._activity[-1])

    def _post_moments(self) -> list[int]:
        # More posts towards the end, as a service grows: density rises over the period.
        recipe, rng = self.recipe, self._rng
        span = recipe.end_ms - recipe.start_ms
        return sorted(
            recipe.start_ms + int(span * rng.random() ** 0.75) for _ in range(recipe.posts)
        )

    def _next_post_id(self, millisecond: int) -> int:
        if millisecond == self._last_ms:
            self._sequence += 1
        else:
            self._last_ms, self._sequence = millisecond, 0
        if self._sequence >= REPOST_SEQUENCE_BASE:
            raise RuntimeError("more than 32,768 posts in one millisecond: use more --days")
        return snowflake_at(aware_moment(millisecond), self._sequence)

    def _add_post(self, batch: PostBatch, millisecond: int, author: int) -> None:
        post_id = self._next_post_id(millisecond)
        parent_id, replying_to = self._parent(author)
        referenced, naming = self._referenced(author)
        text = self._composer.compose(replying_to=replying_to, naming=naming)
        named = self._named(text, referenced)
        html = render_html(
            text,
            mentioned=[self.people[index].username for index in named],
            profile_url=profile_path,
            tag_url=tag_path,
        )
        moment = self._moment(millisecond)
        referenced_id = None if referenced is None else self.people[referenced].id
        batch.posts.append(
            (post_id, self.people[author].id, text, html, referenced_id, parent_id, moment)
        )
        batch.mentions.extend((post_id, self.people[index].id) for index in named)
        self._tag(batch, post_id, text, moment)
        self._react(batch, post_id, author, millisecond)
        self._post_ids.append(post_id)
        self._post_authors.append(author)

    def _parent(self, author: int) -> tuple[int | None, str | None]:
        """A recent earlier post this one replies to (and whom to @), or None."""
        count = len(self._post_ids)
        if count == 0 or self._rng.random() >= REPLY_SHARE:
            return None, None
        back = min(int(self._rng.expovariate(1 / REPLY_RECENCY)), count - 1)
        parent_author = self._post_authors[count - 1 - back]
        name = None if parent_author == author else self.people[parent_author].username
        return self._post_ids[count - 1 - back], name

    def _referenced(self, author: int) -> tuple[int | None, str | None]:
        """The book's referenced user (a popular one), and the name to write, if any."""
        rng = self._rng
        if len(self.people) < 2 or rng.random() >= REFERENCED_SHARE:  # noqa: PLR2004
            return None, None
        referenced = author
        while referenced == author:
            referenced = rng.choices(range(len(self.people)), cum_weights=self._popularity)[0]
        named = rng.random() < REFERENCED_NAMED_SHARE
        return referenced, self.people[referenced].username if named else None

    def _named(self, text: str, referenced: int | None) -> list[int]:
        """Indexes of the people a post names: existing @mentions and the referenced user."""
        named: dict[int, None] = {}
        if "@" in text:  # extraction costs microseconds; most posts name nobody
            for name in extract_mentions(text):
                index = self._index_by_name.get(name.lower())
                if index is not None:
                    named[index] = None
        if referenced is not None:
            named[referenced] = None
        return list(named)

    def _tag(self, batch: PostBatch, post_id: int, text: str, moment: object) -> None:
        if "#" not in text:
            return
        for name in extract_hashtags(text):
            hashtag_id = self._hashtag_ids.get(name)
            if hashtag_id is None:
                hashtag_id = self._hashtag_ids[name] = len(self._hashtag_ids) + 1
                batch.hashtags.append((hashtag_id, name, moment))
            batch.taggings.append((post_id, hashtag_id))

    def _react(self, batch: PostBatch, post_id: int, author: int, millisecond: int) -> None:
        audience = len(self._followers[author])
        for index in self._reactors(author, LIKES_BASE + audience * LIKES_PER_FOLLOWER):
            moment = self._moment(self._reaction_ms(millisecond))
            batch.likes.append((self.people[index].id, post_id, moment))
        for index in self._reactors(author, REPOSTS_BASE + audience * REPOSTS_PER_FOLLOWER):
            reposted = self._reaction_ms(millisecond)
            repost_id = self._repost_id(reposted)
            batch.reposts.append(
                (repost_id, self.people[index].id, post_id, self._moment(reposted))
            )

    def _reactors(self, author: int, mean: float) -> Sequence[int]:
        """Distinct people, mostly the author's followers, who like or repost a post."""
        rng, followers = self._rng, self._followers[author]
        chosen: dict[int, None] = {}
        for _ in range(geometric(rng, mean)):
            if followers and rng.random() < FOLLOWER_REACTION_SHARE:
                chosen[rng.choice(followers)] = None
            else:
                chosen[rng.randrange(len(self.people))] = None
        chosen.pop(author, None)
        return list(chosen)

    def _reaction_ms(self, millisecond: int) -> int:
        later = millisecond + int(self._rng.expovariate(1 / REACTION_DELAY_MS))
        if later >= self.recipe.end_ms:  # still in the past: spread over what time is left
            later = self._rng.randrange(millisecond, self.recipe.end_ms)
        return later

    def _repost_id(self, millisecond: int) -> int:
        sequence = self._repost_sequences.get(millisecond, 0)
        if sequence > SEQUENCE_MASK - REPOST_SEQUENCE_BASE:
            raise RuntimeError("more than 32,768 reposts in one millisecond")
        self._repost_sequences[millisecond] = sequence + 1
        return snowflake_at(aware_moment(millisecond), REPOST_SEQUENCE_BASE + sequence)
