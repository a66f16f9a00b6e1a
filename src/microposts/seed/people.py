"""Seeded people: usernames, display names, and who follows whom.

Popularity is Zipf-distributed over a random ranking of the people, and whom to follow is drawn
with those weights, so a handful of accounts collect thousands of followers while the median
account has a few, the shape of follower counts on real social networks.
"""

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from microposts.seed.vocabulary import (
    BIO_TEMPLATES,
    DISPLAY_NAME_EXTRAS,
    FIRST_NAMES,
    LAST_NAMES,
    USERNAME_WORDS,
    WORDS,
)

USERNAME_MAX_LENGTH = 30
DAY_MS = 86_400_000
# Following counts: log-normal with a median of 20 and a long tail of people following thousands.
FOLLOWING_MEDIAN = 20
FOLLOWING_SIGMA = 1.1
FOLLOWING_MAX = 5_000
POPULARITY_EXPONENT = 1.0
ACTIVITY_SIGMA = 1.3  # how unequal posting activity is: the busiest post hundreds of times more
SAMPLING_ROUNDS = 8  # draws of distinct followees give up after this many rounds of duplicates


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    username: str
    display_name: str
    bio: str
    joined_ms: int


@dataclass(frozen=True, slots=True)
class Follow:
    follower: int  # indexes into the list of people, not database ids
    followed: int
    created_ms: int


def zipf_cumulative(rng: random.Random, count: int, exponent: float) -> list[float]:
    """Cumulative Zipf weights over `count` items in a random order (for `Random.choices`)."""
    ranks = list(range(count))
    rng.shuffle(ranks)
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in ranks))


def activity_cumulative(rng: random.Random, count: int) -> list[float]:
    """Cumulative weights of how often each person posts: log-normal, so heavy-tailed."""
    return list(itertools.accumulate(rng.lognormvariate(0, ACTIVITY_SIGMA) for _ in range(count)))


def _username_candidate(rng: random.Random, first: str, last: str) -> str:
    word = rng.choice(USERNAME_WORDS)
    patterns = (
        first.lower(),
        f"{first}{last}",
        f"{first.lower()}_{last.lower()}",
        f"{first.lower()}{rng.randrange(100)}",
        f"{word}_{first.lower()}",
        f"the_{word}_{last.lower()}",
        f"{first[0]}{last}".lower(),
    )
    return rng.choice(patterns)[:USERNAME_MAX_LENGTH]


def _unique(candidate: str, taken: set[str], rng: random.Random) -> str:
    # Usernames are unique regardless of case, so "Ann" and "ann" cannot both exist.
    name = candidate
    while name.lower() in taken:
        suffix = str(rng.randrange(10_000))
        name = candidate[: USERNAME_MAX_LENGTH - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _display_name(rng: random.Random, first: str, last: str) -> str:
    roll = rng.random()
    if roll < 0.05:  # noqa: PLR2004 - some people leave it empty; the username is shown instead
        return ""
    if roll < 0.08:  # noqa: PLR2004
        return rng.choice(DISPLAY_NAME_EXTRAS)
    return f"{first} {last}"


def _bio(rng: random.Random) -> str:
    a, b, c = rng.sample(WORDS, 3)
    bio = rng.choice(BIO_TEMPLATES).format(a=a, b=b, c=c)
    return bio[:1].upper() + bio[1:]


def make_people(rng: random.Random, count: int, *, start_ms: int) -> list[Person]:
    """`count` people with ids 1..count, all joined in the two years before `start_ms`."""
    taken: set[str] = set()
    people = []
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        username = _unique(_username_candidate(rng, first, last), taken, rng)
        people.append(
            Person(
                id=index + 1,
                username=username,
                display_name=_display_name(rng, first, last),
                bio=_bio(rng),
                joined_ms=start_ms - 1 - rng.randrange(2 * 365 * DAY_MS),
            )
        )
    return people


def _following_count(rng: random.Random, count: int) -> int:
    # A small crowd follows fewer: with 50 people a median of 20 would have everyone follow
    # everyone popular, and no tail would be left.
    median = min(FOLLOWING_MEDIAN, max(2, count / 20))
    wanted = int(rng.lognormvariate(math.log(median), FOLLOWING_SIGMA))
    return min(wanted, count - 1, FOLLOWING_MAX)


def _followees(
    rng: random.Random, follower: int, wanted: int, popularity: Sequence[float]
) -> list[int]:
    """`wanted` distinct people other than `follower`, drawn by popularity (fewer if unlucky)."""
    chosen: dict[int, None] = {}  # a dict keeps the draw order, so the result is deterministic
    population = range(len(popularity))
    for _ in range(SAMPLING_ROUNDS):
        missing = wanted - len(chosen)
        if missing <= 0:
            break
        for index in rng.choices(population, cum_weights=popularity, k=missing * 2):
            if index != follower and len(chosen) < wanted:
                chosen[index] = None
    return list(chosen)


def make_follows(
    rng: random.Random, people: Sequence[Person], popularity: Sequence[float], *, start_ms: int
) -> list[Follow]:
    """Who follows whom; every link was made after both people joined and before `start_ms`."""
    follows = []
    for follower, person in enumerate(people):
        for followed in _followees(rng, follower, _following_count(rng, len(people)), popularity):
            since = max(person.joined_ms, people[followed].joined_ms)
            follows.append(Follow(follower, followed, rng.randrange(since, start_ms)))
    return follows
