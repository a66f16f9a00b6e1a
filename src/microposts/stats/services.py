"""Daily statistics: counted from the rows themselves, so any past day can be counted again."""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from microposts.core.sql import db_datetime, fetch_all
from microposts.stats.models import DailyStats

# Everything written in [start, end): one statement, each figure a subquery on a `created` index
# or a short range scan. Deleted posts, likes and follows are gone and are not counted.
_COUNTS_SQL = """
SELECT
    (SELECT COUNT(*) FROM accounts_user WHERE date_joined >= %s AND date_joined < %s),
    (SELECT COUNT(*) FROM (
        SELECT author_id AS id FROM posts_post WHERE created >= %s AND created < %s
        UNION SELECT user_id FROM posts_like WHERE created >= %s AND created < %s
        UNION SELECT user_id FROM posts_repost WHERE created >= %s AND created < %s
        UNION SELECT follower_id FROM accounts_follow WHERE created >= %s AND created < %s
    ) AS active),
    (SELECT COUNT(*) FROM posts_post WHERE created >= %s AND created < %s),
    (SELECT COUNT(*) FROM posts_post WHERE created >= %s AND created < %s
        AND in_reply_to_id IS NOT NULL),
    (SELECT COUNT(*) FROM posts_like WHERE created >= %s AND created < %s),
    (SELECT COUNT(*) FROM accounts_follow WHERE created >= %s AND created < %s)
"""
_BOUND_PAIRS = _COUNTS_SQL.count("%s") // 2  # each range takes the day's start and end


def stats_compute(*, day: date) -> DailyStats:
    """Count `day` (UTC) and store it, replacing what was stored for it."""
    start = datetime.combine(day, time.min, tzinfo=UTC)
    bounds = [db_datetime(start), db_datetime(start + timedelta(days=1))]
    [row] = fetch_all(_COUNTS_SQL, bounds * _BOUND_PAIRS)
    new_users, active, posts, replies, likes, follows = (int(value) for value in row)
    stats, _ = DailyStats.objects.update_or_create(
        day=day,
        defaults={
            "new_users": new_users,
            "active_users": active,
            "posts": posts,
            "replies": replies,
            "likes": likes,
            "follows": follows,
            "computed": timezone.now(),
        },
    )
    return stats


def stats_catch_up(*, today: date, days: int = 7) -> list[date]:
    """Count yesterday again, and any of the `days` before it never counted (a schedule that did
    not run); the days counted."""
    yesterday = today - timedelta(days=1)
    wanted = [yesterday - timedelta(days=back) for back in range(days)]
    stored = set(DailyStats.objects.filter(day__in=wanted).values_list("day", flat=True))
    counted = [day for day in wanted if day == yesterday or day not in stored]
    for day in counted:
        stats_compute(day=day)
    return counted
