"""The text of seeded posts: sentences of common words, @mentions, #hashtags, links.

Lengths are log-normal (most posts are short, as on real microblogs) with a few posts filled to
the limit. What the text names is not recorded here: the generator extracts mentions and hashtags
from the finished text with the service's own functions, so rows and text cannot disagree.
"""

import itertools
import math
import random
import string
from collections.abc import Callable, Sequence

from microposts.seed.vocabulary import (
    ADJECTIVES,
    ADVERBS,
    HASHTAG_TOPICS,
    NOUNS,
    SENTENCE_ENDS,
    TEMPLATES,
    TIMES,
    VERBS,
    WORDS,
)

MEDIAN_LENGTH = 80
LENGTH_SIGMA = 0.7
NEAR_LIMIT_SHARE = 0.04  # posts written up to the limit, to exercise the longest texts
COMPOUND_HASHTAGS = 1_500  # the long tail of the hashtag vocabulary
MENTION_SHARE = 0.15
UNKNOWN_MENTION_SHARE = 0.02  # @names of nobody: they stay plain text, as in the service
HASHTAG_SHARE = 0.2  # posts ending in one or two hashtags
INLINE_HASHTAG_SHARE = 0.03  # sentences with a hashtag in them
LINK_SHARE = 0.05
PARAGRAPH_SHARE = 0.05
# Characters that HTML escaping must handle, so seeded pages exercise it.
SPECIAL_PHRASES = ["rock & roll", "<3", ":)", '"really"', "it's", "5 > 3", "A&B"]
SPECIAL_SHARE = 0.03


def _zipf(count: int, exponent: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


def _parsed(template: str) -> list[tuple[str, str | None]]:
    return [(literal, slot) for literal, slot, _, _ in string.Formatter().parse(template)]


def hashtag_vocabulary(rng: random.Random) -> list[tuple[str, str]]:
    """(as written, as stored) for every hashtag, most popular first."""
    tags = [(topic, topic) for topic in HASHTAG_TOPICS]
    seen = set(HASHTAG_TOPICS)
    while len(tags) < len(HASHTAG_TOPICS) + COMPOUND_HASHTAGS:
        first, second = rng.choice(WORDS), rng.choice(WORDS)
        name = first + second
        if name not in seen:
            seen.add(name)
            tags.append((first.capitalize() + second.capitalize(), name))
    return tags


class TextComposer:
    """Writes post texts, drawing every choice from one seeded random generator."""

    def __init__(
        self,
        rng: random.Random,
        *,
        usernames: Sequence[str],
        popularity: Sequence[float],
        max_length: int,
    ) -> None:
        self._rng = rng
        self._usernames = usernames
        self._popularity = popularity
        self._max_length = max_length
        self._templates = [_parsed(template) for template in TEMPLATES]
        self._slots = self._slot_fillers()
        self._tags = hashtag_vocabulary(rng)
        self._tag_weights = _zipf(len(self._tags))

    def compose(self, *, replying_to: str | None = None, naming: str | None = None) -> str:
        """A post, starting with @replying_to when it is a reply, naming @naming if given."""
        rng = self._rng
        head = [f"@{replying_to}"] if replying_to else []
        if naming:
            head.append(f"@{naming}")
        if rng.random() < MENTION_SHARE:
            head.append(f"@{self._popular_username()}")
        if rng.random() < UNKNOWN_MENTION_SHARE:
            head.append(f"@{rng.choice(WORDS)}{rng.randrange(1000, 10_000)}")
        tail = self._tail()
        budget = self._target_length() - sum(len(part) + 1 for part in (*head, *tail))
        body = self._body(max(budget, 1))
        return self._fit(" ".join([*head, body, *tail]))

    def _popular_username(self) -> str:
        return self._rng.choices(self._usernames, cum_weights=self._popularity)[0]

    def _target_length(self) -> int:
        rng = self._rng
        if rng.random() < NEAR_LIMIT_SHARE:
            return self._max_length - rng.randrange(min(40, self._max_length))
        length = int(rng.lognormvariate(math.log(MEDIAN_LENGTH), LENGTH_SIGMA))
        return max(8, min(length, self._max_length))

    def _hashtag(self) -> str:
        written, stored = self._rng.choices(self._tags, cum_weights=self._tag_weights)[0]
        shown = written if self._rng.random() < 0.3 else stored  # noqa: PLR2004 - #FridayFeeling
        return f"#{shown}"

    def _tail(self) -> list[str]:
        rng = self._rng
        tail = []
        if rng.random() < LINK_SHARE:
            fragment = "#notes" if rng.random() < 0.2 else ""  # noqa: PLR2004 - not a hashtag
            tail.append(f"https://example.org/{rng.choice(WORDS)}/{rng.randrange(1000)}{fragment}")
        if rng.random() < HASHTAG_SHARE:
            tail.extend(self._hashtag() for _ in range(rng.randint(1, 2)))
        return tail

    def _slot_fillers(self) -> dict[str, Callable[[], str]]:
        rng = self._rng
        noun_weights = _zipf(len(NOUNS), 0.8)  # some things are talked about far more
        return {
            "noun": lambda: rng.choices(NOUNS, cum_weights=noun_weights)[0],
            "adjective": lambda: rng.choice(ADJECTIVES),
            "adverb": lambda: rng.choice(ADVERBS),
            "time": lambda: rng.choice(TIMES),
            "verb": lambda: rng.choice(VERBS)[0],
            "past": lambda: rng.choice(VERBS)[1],
            "ing": lambda: rng.choice(VERBS)[2],
        }

    def _sentence(self) -> str:
        rng = self._rng
        parts = [
            literal + (self._slots[slot]() if slot else "")
            for literal, slot in rng.choice(self._templates)
        ]
        if rng.random() < SPECIAL_SHARE:
            parts.append(" " + rng.choice(SPECIAL_PHRASES))
        if rng.random() < INLINE_HASHTAG_SHARE:
            parts.append(" " + self._hashtag())
        sentence = "".join(parts)
        end = "" if sentence.endswith(("?", "!")) else rng.choice(SENTENCE_ENDS)
        return sentence[:1].upper() + sentence[1:] + end

    def _body(self, budget: int) -> str:
        text = self._sentence()
        while len(text) < budget:
            joint = "\n\n" if self._rng.random() < PARAGRAPH_SHARE else " "
            text += joint + self._sentence()
        return text

    def _fit(self, text: str) -> str:
        """The text cut at a word boundary to the length limit, as normalize_text leaves it."""
        if len(text) > self._max_length:
            cut = text.rfind(" ", 0, self._max_length + 1)
            text = text[: cut if cut > 0 else self._max_length]
        return text.strip() or WORDS[0][: self._max_length]
