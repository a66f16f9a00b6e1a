"""Daily statistics: counted from the rows of one UTC day, stored, recounted on demand, shown
in the admin and at GET /api/stats/daily."""

import re
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.test import Client

from microposts.accounts.models import Follow, User
from microposts.posts.models import Like, Post, Repost
from microposts.stats.models import DailyStats
from microposts.stats.services import stats_catch_up, stats_compute
from tests.conftest import ApiClient
from tests.factories import FollowFactory, LikeFactory, PostFactory, RepostFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 4)


def at(model: type[Model], row: Model, moment: datetime, field: str = "created") -> None:
    model._default_manager.filter(pk=row.pk).update(**{field: moment})  # type: ignore[attr-defined]


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def busy_day() -> dict[str, User]:
    """On DAY: ann and bob join; ann posts twice (one a reply), bob likes, carol reposts and
    follows. Before and after it, more of everything, which must not count."""
    ann, bob, carol, dave = (UserFactory(username=name) for name in ("ann", "bob", "carol", "dave"))
    for user, day in ((ann, DAY), (bob, DAY), (carol, DAY - timedelta(days=1)), (dave, DAY)):
        at(User, user, noon(day), "date_joined")
    at(User, dave, datetime(2026, 3, 5, 0, 0, tzinfo=UTC), "date_joined")  # the next day's first
    first = PostFactory(author=ann)
    reply = PostFactory(author=ann, in_reply_to_id=first.pk)
    late = PostFactory(author=dave)
    for post, moment in ((first, noon(DAY)), (reply, noon(DAY)), (late, noon(DAY + timedelta(1)))):
        at(Post, post, moment)
    at(Like, LikeFactory(user=bob, post=first), datetime(2026, 3, 4, 23, 59, 59, tzinfo=UTC))
    at(Like, LikeFactory(user=dave, post=first), noon(DAY - timedelta(days=1)))
    at(Repost, RepostFactory(user=carol, post=first), noon(DAY))
    at(Follow, FollowFactory(follower=carol, followed=ann), noon(DAY))
    at(Follow, FollowFactory(follower=dave, followed=ann), noon(DAY + timedelta(days=1)))
    return {"ann": ann, "bob": bob, "carol": carol, "dave": dave}


def figures(stats: DailyStats) -> tuple[int, ...]:
    return (
        stats.new_users,
        stats.active_users,
        stats.posts,
        stats.replies,
        stats.likes,
        stats.follows,
    )


@pytest.mark.usefixtures("busy_day")
def test_a_day_counts_what_happened_on_it_and_nothing_else() -> None:
    stats = stats_compute(day=DAY)

    # new: ann, bob; active: ann (posts), bob (like), carol (repost, follow)
    assert figures(stats) == (2, 3, 2, 1, 1, 1)
    assert DailyStats.objects.get(day=DAY) == stats


def test_counting_a_day_again_replaces_it(busy_day: dict[str, User]) -> None:
    stats_compute(day=DAY)
    Post.objects.filter(author=busy_day["ann"], in_reply_to__isnull=False).delete()

    stats = stats_compute(day=DAY)

    assert (stats.posts, stats.replies) == (1, 0)
    assert DailyStats.objects.count() == 1


def test_an_empty_day_is_all_zeros() -> None:
    assert figures(stats_compute(day=DAY)) == (0, 0, 0, 0, 0, 0)


def test_the_schedule_counts_yesterday_again_and_fills_the_days_it_missed() -> None:
    today = date(2026, 3, 10)
    for day in (date(2026, 3, 9), date(2026, 3, 7), date(2026, 3, 1)):
        DailyStats.objects.create(
            day=day, new_users=9, active_users=9, posts=9, replies=9, likes=9, follows=9
        )

    counted = stats_catch_up(today=today, days=7)

    assert counted == [date(2026, 3, d) for d in (9, 8, 6, 5, 4, 3)]
    assert DailyStats.objects.get(day=date(2026, 3, 9)).posts == 0  # counted again
    assert DailyStats.objects.get(day=date(2026, 3, 7)).posts == 9  # left as it was
    assert DailyStats.objects.get(day=date(2026, 3, 1)).posts == 9  # older than the window


@pytest.mark.usefixtures("busy_day")
def test_the_command_counts_a_past_day_or_a_range() -> None:
    out = StringIO()
    call_command("stats_recompute", "2026-03-03", "--to", "2026-03-04", stdout=out)

    assert out.getvalue().splitlines() == [
        "2026-03-03: 1 new users, 1 active, 0 posts (0 replies), 1 likes, 0 follows",
        "2026-03-04: 2 new users, 3 active, 2 posts (1 replies), 1 likes, 1 follows",
    ]
    assert DailyStats.objects.count() == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["4 March"], "not a day: '4 March' (expected YYYY-MM-DD)"),
        (["2026-03-04", "--to", "2026-03-01"], "--to 2026-03-01 is before 2026-03-04"),
    ],
)
def test_the_command_refuses_what_is_not_a_day_or_a_range(
    arguments: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("stats_recompute", *arguments)


@pytest.mark.usefixtures("busy_day")
def test_the_api_lists_the_days_asked_for_oldest_first_to_anyone(anonymous: ApiClient) -> None:
    for day in (DAY - timedelta(days=1), DAY):
        stats_compute(day=day)

    response = anonymous.get("/api/stats/daily?from=2026-03-01&to=2026-03-31")

    assert response.status_code == 200
    assert response.json() == [
        {
            "day": "2026-03-03",
            "new_users": 1,
            "active_users": 1,
            "posts": 0,
            "replies": 0,
            "likes": 1,
            "follows": 0,
        },
        {
            "day": "2026-03-04",
            "new_users": 2,
            "active_users": 3,
            "posts": 2,
            "replies": 1,
            "likes": 1,
            "follows": 1,
        },
    ]


def test_the_api_shows_the_last_thirty_days_by_default(anonymous: ApiClient) -> None:
    yesterday = datetime.now(tz=UTC).date() - timedelta(days=1)
    for back in (0, 29, 30):
        stats_compute(day=yesterday - timedelta(days=back))

    days = [row["day"] for row in anonymous.get("/api/stats/daily").json()]

    assert days == [str(yesterday - timedelta(days=29)), str(yesterday)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-03-05&to=2026-03-04", "'from' (2026-03-05) is after 'to' (2026-03-04)"),
        ("from=2025-01-01&to=2026-03-04", "At most 366 days at a time"),
        ("from=yesterday", "Parameter 'from' is not valid: Input should be a valid date"),
        ("to=2026-02-30", "Parameter 'to' is not valid: Input should be a valid date"),
    ],
)
def test_the_api_refuses_a_range_it_cannot_serve(
    anonymous: ApiClient, query: str, message: str
) -> None:
    response = anonymous.get(f"/api/stats/daily?{query}")

    assert response.status_code == 400
    assert message in response.json()["message"]


def test_the_admin_lists_the_days(client: Client) -> None:
    client.force_login(UserFactory(username="mod", is_staff=True, is_superuser=True))
    stats_compute(day=DAY)

    page = client.get("/admin/stats/dailystats/")

    assert page.status_code == 200
    assert "March 4, 2026" in page.content.decode()
