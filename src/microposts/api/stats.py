"""Daily statistics (book ch. 1), public like Mastodon's instance activity: counts only."""

from datetime import date, timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from microposts.api.schemas import Message
from microposts.stats.selectors import MAX_DAYS, stats_days

router = Router(tags=["statistics"])
DEFAULT_DAYS = 30


class DayRange(Schema):
    first: date | None = Field(
        None, alias="from", description="YYYY-MM-DD, default: 30 days before 'to'"
    )
    last: date | None = Field(None, alias="to", description="YYYY-MM-DD, default: yesterday (UTC)")


class DailyStatsOut(Schema):
    day: date
    new_users: int
    active_users: int = Field(description="Users who posted, liked, reposted or followed")
    posts: int = Field(description="Replies included")
    replies: int
    likes: int
    follows: int


@router.get(
    "/stats/daily",
    response={200: list[DailyStatsOut], 400: Message},
    auth=None,
    summary=f"Figures per day (UTC), oldest first; at most {MAX_DAYS} days",
)
def daily_statistics(request: HttpRequest, days: Query[DayRange]) -> list[DailyStatsOut]:
    last = days.last or timezone.now().date() - timedelta(days=1)
    first = days.first or last - timedelta(days=DEFAULT_DAYS - 1)
    return [
        DailyStatsOut.model_validate(row, from_attributes=True)
        for row in stats_days(first=first, last=last)
    ]
