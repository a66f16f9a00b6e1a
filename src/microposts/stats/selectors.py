from datetime import date

from microposts.stats.errors import InvalidRange
from microposts.stats.models import DailyStats

MAX_DAYS = 366


def stats_days(*, first: date, last: date) -> list[DailyStats]:
    """The stored figures of the days from `first` to `last`, both included, oldest first."""
    if last < first:
        raise InvalidRange(f"'from' ({first}) is after 'to' ({last})")
    if (last - first).days >= MAX_DAYS:
        raise InvalidRange(f"At most {MAX_DAYS} days at a time")
    return list(DailyStats.objects.filter(day__range=(first, last)).order_by("day"))
