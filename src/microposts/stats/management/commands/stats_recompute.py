from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microposts.stats.services import stats_compute


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a day: {text!r} (expected YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Count the daily statistics of a past day (UTC) again, or of every day in a range."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("day", help="YYYY-MM-DD: the day, or the first of the range")
        parser.add_argument("--to", help="YYYY-MM-DD: the last day of the range (included)")

    def handle(self, *args: Any, **options: Any) -> None:
        first = _day(options["day"])
        last = _day(options["to"]) if options["to"] else first
        if last < first:
            raise CommandError(f"--to {last} is before {first}")
        day = first
        while day <= last:
            stats = stats_compute(day=day)
            self.stdout.write(
                f"{day}: {stats.new_users} new users, {stats.active_users} active, "
                f"{stats.posts} posts ({stats.replies} replies), {stats.likes} likes, "
                f"{stats.follows} follows"
            )
            day += timedelta(days=1)
