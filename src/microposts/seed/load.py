"""Seeding a database: a generator process makes the rows, this process writes them in batches."""

import multiprocessing
import queue
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from tqdm import tqdm

from microposts.accounts.models import Follow, User
from microposts.posts.models import Hashtag, Like, Mention, Post, Repost, Tagging
from microposts.seed.bulk import Table, loading_pragmas, reset_sequences, search_index_paused, write
from microposts.seed.generator import (
    FOLLOW_FIELDS,
    HASHTAG_FIELDS,
    LIKE_FIELDS,
    MENTION_FIELDS,
    POST_FIELDS,
    REPOST_FIELDS,
    TAGGING_FIELDS,
    USER_FIELDS,
    PostBatch,
    Recipe,
)
from microposts.seed.producer import produce

# Every seeded user has this password, hashed once: 10,000 Argon2 hashes would take minutes.
SEED_PASSWORD = "microposts-seed"  # noqa: S105 - a documented password for made-up accounts
# Posts per transaction. The SQLite search index grows by one segment per transaction; at 20,000
# posts a batch indexing took 48 s for 1M posts, at 100,000 posts 42 s.
POST_BATCH = 100_000
BATCHES_IN_FLIGHT = 2  # bounds memory: each batch of 100,000 posts is about 60 MB
POLL_SECONDS = 1.0


class SeedFailed(Exception):
    """The generator process failed or died; the message holds its traceback if it had one."""


def unapplied_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def database_is_empty() -> bool:
    return not (User.objects.exists() or Post.objects.exists() or Hashtag.objects.exists())


class _Tables:
    def __init__(self) -> None:
        self.users = Table(User, USER_FIELDS)
        self.follows = Table(Follow, FOLLOW_FIELDS)
        self.posts = Table(Post, POST_FIELDS)
        self.mentions = Table(Mention, MENTION_FIELDS)
        self.hashtags = Table(Hashtag, HASHTAG_FIELDS)
        self.taggings = Table(Tagging, TAGGING_FIELDS)
        self.likes = Table(Like, LIKE_FIELDS)
        self.reposts = Table(Repost, REPOST_FIELDS)


def _moment_style() -> str:
    if connection.vendor == "sqlite":
        if connection.timezone_name != "UTC":
            raise SeedFailed("seeding SQLite needs it to store UTC (no TIME_ZONE in DATABASES)")
        return "text"
    return "aware"


def _generated(recipe: Recipe, password_hash: str) -> Iterator[tuple[str, Any]]:
    """The generator process's messages, until it is done; its failure is raised here."""
    context = multiprocessing.get_context("spawn")  # no copy of this process's open connection
    channel = context.Queue(maxsize=BATCHES_IN_FLIGHT)
    arguments = (asdict(recipe), password_hash, _moment_style(), channel, POST_BATCH)
    process = context.Process(target=produce, args=arguments, name="seed-generator", daemon=True)
    process.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not process.is_alive():
                    raise SeedFailed(f"the generator process exited ({process.exitcode})") from None
                continue
            if kind == "done":
                return
            if kind == "error":
                raise SeedFailed(f"the generator process failed:\n{payload}")
            yield kind, payload
    finally:
        process.join(timeout=POLL_SECONDS)
        if process.is_alive():  # the parent failed first: nobody will read what it makes
            process.terminate()
            process.join()


def _write_post_batch(
    batch: PostBatch, tables: _Tables, counts: Counter[str], index: Callable[[int, int], None]
) -> None:
    with transaction.atomic():
        # Parents before children: hashtags and posts before the rows that point at them.
        for name in ("hashtags", "posts", "mentions", "taggings", "likes", "reposts"):
            rows = getattr(batch, name)
            write(getattr(tables, name), rows)
            counts[name] += len(rows)
        if batch.posts:
            index(batch.posts[0][0], batch.posts[-1][0])  # type: ignore[arg-type]


def _bars(recipe: Recipe, *, progress: bool) -> dict[str, "tqdm[None]"]:
    totals = {"users": recipe.users, "follows": None, "posts": recipe.posts}
    return {
        name: tqdm(
            total=total,
            desc=name,
            unit=name[:-1],
            unit_scale=True,
            # None: shown on a terminal only; redrawn bars make a mess of CI logs.
            disable=True if not progress else None,
            file=sys.stderr,
            position=line,
        )
        for line, (name, total) in enumerate(totals.items())
    }


def _write(kind: str, payload: Any, tables: _Tables, counts: Counter[str], index: Any) -> int:
    """Write one message's rows; returns how far it moves the progress bar of `kind`."""
    if kind == "posts":
        _write_post_batch(payload, tables, counts, index)
        return len(payload.posts)
    with transaction.atomic():
        write(getattr(tables, kind), payload)
    counts[kind] += len(payload)
    return len(payload)


def seed_database(recipe: Recipe, *, progress: bool) -> Counter[str]:
    """Write the recipe's data set into an empty, migrated database; returns rows per table."""
    counts: Counter[str] = Counter()
    tables = _Tables()
    bars = _bars(recipe, progress=progress)
    try:
        with loading_pragmas(), search_index_paused() as index:
            for kind, payload in _generated(recipe, make_password(SEED_PASSWORD)):
                bars[kind].update(_write(kind, payload, tables, counts, index))
        reset_sequences([User, Follow, Hashtag, Mention, Tagging, Like])
    finally:
        for bar in bars.values():
            bar.close()
    return Counter({name: counts[name] for name in _ORDER if name in counts})


_ORDER = ("users", "follows", "posts", "mentions", "hashtags", "taggings", "likes", "reposts")
