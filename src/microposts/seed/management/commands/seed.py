"""`microposts seed`: fill an empty database with a realistic, reproducible data set."""

import argparse
import time
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from microposts.seed.generator import Recipe
from microposts.seed.load import (
    SEED_PASSWORD,
    SeedFailed,
    database_is_empty,
    seed_database,
    unapplied_migrations,
)


def _count(minimum: int) -> Any:
    def parse(raw: str) -> int:
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected at least {minimum}, got {value}")
        return value

    return parse


def _moment(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO 8601 date or time, got {raw!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _start_of_today() -> datetime:
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database with made-up users, follows, posts (with mentions, "
        "hashtags and replies), likes and reposts, all spread over --days before --end. The same "
        "arguments give the same rows. Seeding adds to an EMPTY database only: it refuses a "
        f"database that has users. Every seeded user's password is '{SEED_PASSWORD}'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=_count(1), default=1_000, help="default: 1000")
        parser.add_argument("--posts", type=_count(0), default=10_000, help="default: 10000")
        parser.add_argument("--seed", type=int, default=1, help="random seed; default: 1")
        parser.add_argument("--days", type=_count(1), default=365, help="period; default: 365")
        parser.add_argument(
            "--end",
            type=_moment,
            default=None,
            help="when the period ends (ISO 8601, UTC unless given); default: today 00:00 UTC. "
            "Pass it to reproduce a data set on another day.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if pending := unapplied_migrations():
            raise CommandError(
                f"The database has {len(pending)} unapplied migrations (first: {pending[0]}): "
                "run `microposts migrate` first."
            )
        if not database_is_empty():
            raise CommandError(
                "The database already has users or posts: seed adds to an empty database only. "
                "Point MICROPOSTS_VAR_DIR or DATABASE_URL at a new, migrated database."
            )
        end = options["end"] or _start_of_today()
        recipe = Recipe(
            users=options["users"],
            posts=options["posts"],
            seed=options["seed"],
            days=options["days"],
            end_ms=int(end.timestamp() * 1000),
            max_length=settings.MAX_POST_LENGTH,
        )
        started = time.perf_counter()
        try:
            counts = seed_database(recipe, progress=options["verbosity"] > 0)
        except SeedFailed as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{number:,} {name}" for name, number in counts.items())
        self.stdout.write(f"Seeded {summary} in {elapsed:.1f} s.")
        self.stdout.write(f"Every seeded user's password is '{SEED_PASSWORD}'.")
