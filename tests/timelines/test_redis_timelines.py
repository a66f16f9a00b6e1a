"""Home timelines in Redis (timelines/store.py): filled by fan-out, kept right by deletes,
unfollows, follows and suspensions, and always equal to the timeline SQL gives.

The jobs run here, in order (tests/workers.py run_jobs_here); test_fanout_workers.py runs them
in real worker processes.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from microposts.accounts.models import Follow, User
from microposts.accounts.services import follow_create, follow_delete
from microposts.core.errors import ApplicationError
from microposts.core.jobs import job_record
from microposts.core.models import Job
from microposts.core.pagination import PageRequest
from microposts.posts.models import Post, Repost
from microposts.posts.selectors import timeline_home_page
from microposts.posts.services import post_create, post_delete, repost_create, repost_delete
from microposts.timelines import store
from microposts.timelines.selectors import home_timeline_page
from microposts.timelines.tasks import (
    timeline_fanout_task,
    timeline_rebuild_task,
    timelines_repair,
)
from tests.factories import FollowFactory, UserFactory
from tests.ops.scraping import scrape, value
from tests.properties import DATABASE_EXAMPLES
from tests.timelines.conftest import RedisServer
from tests.workers import run_jobs_here

pytestmark = pytest.mark.django_db

USERS = 4
Listing = list[tuple[int, int, str | None]]


def listed(read: Callable[..., Any], user: User, size: int = 4) -> Listing:
    """Every entry of a home timeline, page after page: (key, post id, reposted by)."""
    found: Listing = []
    request = PageRequest(size=size)
    while True:
        page = read(user=user, request=request)
        found += [(entry.key, entry.post.id, entry.reposted_by) for entry in page.items]
        if page.next is None:
            return found
        request = PageRequest(size=size, cursor=page.next)


def ready(user: User) -> bool:
    return store.read(user.pk, PageRequest(size=1), 1) is not None


def rebuild(*users: User) -> None:
    for user in users:
        job_record(timeline_rebuild_task, user_id=user.pk)
    run_jobs_here()


def in_redis_as_in_sql(user: User) -> Listing:
    """The user's timeline read through Redis, after any rebuild a first read asked for."""
    listed(home_timeline_page, user)
    run_jobs_here()
    assert ready(user)
    from_redis = listed(home_timeline_page, user)
    assert from_redis == listed(timeline_home_page, user)
    # Nothing deleted stays behind (the reading hides it, but it would take a page's room).
    held = store.read(user.pk, PageRequest(size=store.CAP), store.CAP) or []
    alive = set(Post.objects.values_list("pk", flat=True))
    alive |= set(Repost.objects.values_list("pk", flat=True))
    assert {entry.key for entry in held} <= alive
    return from_redis


Action = tuple[str, int, int]
# "work": the workers catch up here (fan-out before a later unfollow or delete, and so on).
ACTIONS = st.tuples(
    st.sampled_from(
        ["post", "post", "repost", "unrepost", "delete", "follow", "unfollow", "work", "work"]
    ),
    st.integers(0, USERS - 1),
    st.integers(0, 30),
)


def _follow_someone_new(user: User, users: list[User], other: int) -> None:
    followed = set(Follow.objects.filter(follower=user).values_list("followed", flat=True))
    others = [someone for someone in users if someone.pk not in followed and someone != user]
    if others:
        follow_create(follower=user, followed=others[other % len(others)])


def _unfollow_someone(user: User, other: int) -> None:
    following = list(Follow.objects.filter(follower=user).order_by("pk"))
    if following:
        follow_delete(follower=user, followed=following[other % len(following)].followed)


def _undo_a_repost(user: User, other: int) -> None:
    reposted = list(Post.objects.filter(reposts__user=user).order_by("pk"))
    if reposted:
        repost_delete(user=user, post=reposted[other % len(reposted)])


def _on_a_post(kind: str, user: User, other: int) -> None:
    posts = list(Post.objects.order_by("pk"))
    if not posts:
        return
    target = posts[other % len(posts)]
    if kind == "repost":
        repost_create(user=user, post=target)
    else:
        post_delete(post=target, actor=target.author)


def act(users: list[User], action: Action) -> None:
    """One step; one that names an account or a post picks among those it can act on."""
    kind, actor, other = action
    user = users[actor]
    try:
        if kind == "work":
            run_jobs_here()
        elif kind == "post":
            post_create(author=user, text=f"by {user.username}")
        elif kind == "follow":
            _follow_someone_new(user, users, other)
        elif kind == "unfollow":
            _unfollow_someone(user, other)
        elif kind == "unrepost":
            _undo_a_repost(user, other)
        else:
            _on_a_post(kind, user, other)
    except ApplicationError:
        pass  # reposting twice and the like: refused, as they should be


PAIRS = {(a, b) for a in range(USERS) for b in range(USERS) if a != b}


@given(
    # Most follow one another at first, so that posts, unfollows and deletes meet.
    not_following=st.sets(st.sampled_from(sorted(PAIRS))),
    actions=st.lists(ACTIONS, min_size=3, max_size=30),
    suspended=st.sets(st.integers(1, USERS - 1), max_size=1),
)
@DATABASE_EXAMPLES
def test_redis_timelines_equal_the_sql_timelines_whatever_happens(
    redis_server: RedisServer,
    not_following: set[tuple[int, int]],
    actions: list[Action],
    suspended: set[int],
) -> None:
    store.client().flushdb()
    with transaction.atomic():
        users = UserFactory.create_batch(USERS)
        for follower, followed in PAIRS - not_following:
            FollowFactory(follower=users[follower], followed=users[followed])
        rebuild(*users)  # everyone has read their timeline lately: fan-out reaches them all
        for action in actions:
            act(users, action)
        User.objects.filter(pk__in=[users[n].pk for n in suspended]).update(is_active=False)
        run_jobs_here()

        for number, user in enumerate(users):
            if number not in suspended:
                in_redis_as_in_sql(user)
        transaction.set_rollback(True)


def test_a_post_reaches_every_follower_who_read_lately_and_no_one_else(
    redis_server: RedisServer,
) -> None:
    author, reader, away, stranger = UserFactory.create_batch(4)
    for follower in (reader, away):
        follow_create(follower=follower, followed=author)
    rebuild(author, reader, stranger)  # `away` has not read their timeline for a week

    post = post_create(author=author, text="hello")
    run_jobs_here()

    member = store.Entry(post.pk, post.pk, author.pk).member
    redis = store.client()
    assert redis.zscore(store.timeline_key(reader.pk), member) == 0
    assert redis.zscore(store.timeline_key(author.pk), member) == 0
    assert not redis.exists(store.timeline_key(away.pk))  # rebuilt from SQL when they return
    assert redis.zscore(store.timeline_key(stranger.pk), member) is None


def test_a_timeline_keeps_the_newest_entries_only(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "CAP", 5)
    author = UserFactory()
    rebuild(author)
    posts = [post_create(author=author, text=f"number {n}").pk for n in range(8)]
    run_jobs_here()

    kept = store.read(author.pk, PageRequest(size=20), 20)

    assert [entry.key for entry in kept or []] == posts[::-1][:5]


def test_a_read_costs_one_redis_call_and_three_queries(
    redis_server: RedisServer, django_assert_num_queries: Any
) -> None:
    author, reader, booster = UserFactory.create_batch(3)
    for followed in (author, booster):
        follow_create(follower=reader, followed=followed)
    rebuild(reader)
    for number in range(5):
        repost_create(user=booster, post=post_create(author=author, text=f"p{number}"))
    run_jobs_here()
    calls: list[object] = []
    original = store.client().pipeline

    def counted(*arguments: Any, **options: Any) -> Any:
        calls.append(arguments)
        return original(*arguments, **options)

    # The posts with their authors, the reposters' names, which owners the reader follows.
    with pytest.MonkeyPatch.context() as patched, django_assert_num_queries(3):
        patched.setattr(store.client(), "pipeline", counted)
        page = home_timeline_page(user=reader, request=PageRequest(size=6))

    assert len(calls) == 1
    assert [entry.reposted_by for entry in page.items][:2] == [booster.username, None]


@pytest.fixture
def ann_reads_bob(redis_server: RedisServer) -> tuple[User, User]:
    """Ann follows Bob and has read her timeline lately; Bob has posted twice."""
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    follow_create(follower=ann, followed=bob)
    rebuild(ann, bob)
    for number in (1, 2):
        post_create(author=bob, text=f"bob {number}")
    run_jobs_here()
    return ann, bob


def held_by(user: User) -> list[int]:
    return [entry.key for entry in store.read(user.pk, PageRequest(size=100), 100) or []]


def test_unfollowing_takes_the_accounts_entries_out(ann_reads_bob: tuple[User, User]) -> None:
    ann, bob = ann_reads_bob
    carol = UserFactory(username="carol")
    follow_create(follower=ann, followed=carol)
    rebuild(ann)
    mine = post_create(author=ann, text="mine")
    repost = repost_create(user=carol, post=Post.objects.get(text="bob 1"))
    run_jobs_here()

    follow_delete(follower=ann, followed=bob)
    run_jobs_here()

    assert held_by(ann) == [repost.pk, mine.pk]  # Carol's repost of Bob stays: Carol is followed


def test_deleting_a_post_or_undoing_a_repost_takes_it_out(
    ann_reads_bob: tuple[User, User],
) -> None:
    ann, bob = ann_reads_bob
    first, second = Post.objects.filter(author=bob).order_by("pk")
    repost = repost_create(user=bob, post=first)
    run_jobs_here()
    assert held_by(ann) == [repost.pk, second.pk, first.pk]

    repost_delete(user=bob, post=first)
    post_delete(post=second, actor=bob)
    run_jobs_here()

    assert held_by(ann) == [first.pk]
    assert held_by(bob) == [first.pk]


def test_following_someone_new_brings_their_earlier_posts(
    ann_reads_bob: tuple[User, User],
) -> None:
    ann, _ = ann_reads_bob
    dave = UserFactory(username="dave")
    earlier = post_create(author=dave, text="before ann came")
    run_jobs_here()

    follow_create(follower=ann, followed=dave)
    run_jobs_here()
    assert not ready(ann)  # dropped: the next read answers from SQL and asks for a rebuild
    listed(home_timeline_page, ann)
    run_jobs_here()

    assert ready(ann)
    assert earlier.pk in held_by(ann)


def test_a_timeline_job_failed_for_good_drops_every_timeline_once(
    ann_reads_bob: tuple[User, User],
) -> None:
    ann, bob = ann_reads_bob
    assert timelines_repair() == 0  # nothing failed
    Job.objects.create(task="microposts.notifications.tasks.mention_emails_task", state="failed")
    assert timelines_repair() == 0  # not a timeline's
    failed = Job.objects.create(task=timeline_fanout_task.name, state=Job.State.FAILED)

    assert timelines_repair() == 4  # two timelines and their ready flags
    assert not ready(ann)
    assert not ready(bob)
    rebuild(ann)
    assert timelines_repair() == 0  # that failure is answered
    assert ready(ann)
    Job.objects.create(task=timeline_fanout_task.name, state=Job.State.FAILED)
    assert failed.pk < Job.objects.order_by("pk").last().pk  # type: ignore[union-attr]
    assert timelines_repair() == 2


def test_a_page_whose_redis_entries_are_mostly_hidden_is_answered_from_sql(
    ann_reads_bob: tuple[User, User],
) -> None:
    """Half of what Redis held for the page is gone (a suspended account's posts): rather than
    a short page, SQL answers it, the same page a cold timeline would get."""
    ann, _ = ann_reads_bob
    spammer = UserFactory(username="spammer")
    follow_create(follower=ann, followed=spammer)
    rebuild(ann)
    for number in range(12):
        post_create(author=spammer, text=f"buy {number}")
    run_jobs_here()
    User.objects.filter(pk=spammer.pk).update(is_active=False)
    assert len(held_by(ann)) == 14  # Redis still holds the suspended account's posts

    page = home_timeline_page(user=ann, request=PageRequest(size=2))

    assert [entry.post.text for entry in page.items] == ["bob 2", "bob 1"]
    assert page.items == timeline_home_page(user=ann, request=PageRequest(size=2)).items


def test_a_fan_out_reports_how_long_after_the_post_it_was_done(redis_server: RedisServer) -> None:
    author, reader = UserFactory.create_batch(2)
    follow_create(follower=reader, followed=author)
    rebuild(author, reader)
    lag = "microposts_fanout_lag_seconds"
    before = scrape()

    post_create(author=author, text="hello")
    run_jobs_here()

    after = scrape()
    assert value(after, f"{lag}_count") - value(before, f"{lag}_count") == 1
    assert 0 <= value(after, f"{lag}_sum") - value(before, f"{lag}_sum") < 60
