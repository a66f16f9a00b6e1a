"""The generator alone, without a database: determinism and the shape of the data."""

import statistics
from collections import Counter
from datetime import UTC, datetime

from microposts.core.text import USERNAME_RE, normalize_text
from microposts.seed.generator import PostBatch, Recipe, SeedGenerator

END_MS = int(datetime(2025, 6, 1, tzinfo=UTC).timestamp() * 1000)


def generated(recipe: Recipe, batch_size: int = 1_000) -> list[PostBatch]:
    return list(SeedGenerator(recipe).post_batches(batch_size))


def test_the_same_recipe_generates_the_same_rows() -> None:
    recipe = Recipe(users=40, posts=300, end_ms=END_MS, seed=3)

    assert generated(recipe) == generated(recipe)


def test_another_seed_generates_other_rows() -> None:
    first = generated(Recipe(users=40, posts=300, end_ms=END_MS, seed=3))
    second = generated(Recipe(users=40, posts=300, end_ms=END_MS, seed=4))

    assert first[0].posts != second[0].posts


def test_the_batch_size_does_not_change_the_rows() -> None:
    recipe = Recipe(users=40, posts=300, end_ms=END_MS)

    def posts(batches: list[PostBatch]) -> list[tuple[object, ...]]:
        return [row for batch in batches for row in batch.posts]

    assert posts(generated(recipe, batch_size=7)) == posts(generated(recipe, batch_size=300))


def test_usernames_are_valid_and_unique_whatever_their_case() -> None:
    people = SeedGenerator(Recipe(users=2_000, posts=0, end_ms=END_MS)).people

    assert all(USERNAME_RE.match(person.username) for person in people)
    assert len({person.username.lower() for person in people}) == 2_000


def test_a_few_accounts_have_far_more_followers_than_most() -> None:
    generator = SeedGenerator(Recipe(users=2_000, posts=0, end_ms=END_MS))
    followers = Counter(link.followed for link in generator.follows)
    counts = [followers[index] for index in range(2_000)]

    assert max(counts) > 20 * statistics.median(counts)
    assert max(counts) > 500


def test_texts_are_normalized_and_range_from_short_to_the_limit() -> None:
    recipe = Recipe(users=50, posts=2_000, end_ms=END_MS, max_length=300)
    lengths = []
    for batch in generated(recipe):
        for row in batch.posts:
            text = str(row[2])
            assert text == normalize_text(text)
            lengths.append(len(text))

    assert min(lengths) < 40
    assert 260 <= max(lengths) <= 300
