"""Fan-out to the Redis home timelines by real worker processes, through a killed worker and
a Redis outage (the task-manager issue's tests)."""

import random
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from microposts.accounts.models import User
from microposts.accounts.services import follow_create, follow_delete
from microposts.core.errors import ApplicationError
from microposts.core.jobs import jobs_resend
from microposts.core.models import Job
from microposts.core.pagination import PageRequest
from microposts.posts.models import Post
from microposts.posts.selectors import timeline_home_page
from microposts.posts.services import (
    post_create,
    post_delete,
    repost_create,
    repost_delete,
)
from microposts.timelines import store
from microposts.timelines.selectors import home_timeline_page
from tests.factories import FollowFactory, UserFactory
from tests.timelines.conftest import RedisServer
from tests.timelines.test_redis_timelines import listed
from tests.workers import Worker, eventually

pytestmark = pytest.mark.django_db(transaction=True)

LATER = timedelta(hours=1)


def ready_empty(*users: User) -> None:
    """These users read their timeline lately (it exists, rebuilt from an empty SQL answer)."""
    for user in users:
        store.rebuild_begin(user.pk)
        store.rebuild_finish(user.pk, [])


def held(user: User) -> list[int]:
    entries = store.read(user.pk, PageRequest(size=store.CAP), store.CAP)
    return [] if entries is None else [entry.key for entry in entries]


def fanned_out() -> int:
    return Job.objects.filter(task__endswith="timeline_fanout_task", state=Job.State.DONE).count()


def test_a_worker_killed_while_fanning_out_hundreds_of_posts_loses_none(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    author = UserFactory(username="author")
    followers = UserFactory.create_batch(150)
    for follower in followers:
        FollowFactory(follower=follower, followed=author)
    ready_empty(author, *followers)
    with transaction.atomic():  # sent to the broker together, at commit
        posts = [post_create(author=author, text=f"post {n}").pk for n in range(300)]

    worker = Worker(tmp_path / "mail")
    worker.start()
    try:
        eventually(lambda: fanned_out() >= 20, what="some fan-out done", worker=worker)
        worker.kill()  # kill -9, in the middle of the fan-out
    finally:
        worker.stop()
    assert fanned_out() < len(posts)

    with Worker(tmp_path / "mail") as again:
        jobs_resend(now=timezone.now() + LATER)  # the sweep, as beat would run it
        eventually(lambda: fanned_out() == len(posts), what="all fanned out", worker=again)

    newest_first = posts[::-1]
    for user in (author, *followers):
        assert held(user) == newest_first, user.username  # every post, once, in order


def test_posting_goes_on_while_redis_is_down_and_every_post_arrives_once_it_is_back(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    FollowFactory(follower=bob, followed=ann)
    ready_empty(ann, bob)
    before = post_create(author=ann, text="before the outage").pk

    with Worker(tmp_path / "mail") as worker:
        eventually(lambda: before in held(bob), what="the first post fanned out", worker=worker)
        redis_server.stop()
        during = [post_create(author=ann, text=f"during the outage {n}").pk for n in range(3)]
        page = home_timeline_page(user=bob, request=PageRequest(size=10))  # from SQL
        assert [entry.key for entry in page.items] == [*during[::-1], before]
        assert page.items == timeline_home_page(user=bob, request=PageRequest(size=10)).items

        redis_server.start()  # empty: it kept nothing (no persistence)
        home_timeline_page(user=bob, request=PageRequest(size=10))  # cold: asks for a rebuild
        expected = [*during[::-1], before]
        eventually(lambda: held(bob) == expected, what="bob's timeline complete", worker=worker)
        eventually(lambda: fanned_out() == 4, what="the fan-outs retried", worker=worker)

    after = home_timeline_page(user=bob, request=PageRequest(size=10))
    assert [entry.key for entry in after.items] == expected


def test_timelines_a_worker_keeps_equal_the_sql_timelines_after_random_activity(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    """A random follow graph and 120 random actions, while a worker with two processes runs
    the jobs beside them; once it has caught up, every timeline read through Redis is the one
    SQL gives, for everyone."""
    chance = random.Random(7)  # noqa: S311 - a test's repeatable choices, not secrets
    users = UserFactory.create_batch(8)
    for follower in users:
        for followed in chance.sample(users, 4):
            if followed != follower:
                FollowFactory(follower=follower, followed=followed)
    ready_empty(*users)
    with Worker(tmp_path / "mail", "--concurrency=2") as worker:
        for _ in range(120):
            _random_action(chance, users)
        eventually(_all_done, what="the jobs of the activity", worker=worker)
        for user in users:
            listed(home_timeline_page, user)  # a timeline a follow dropped: rebuilt now
        eventually(_all_done, what="the rebuilds", worker=worker)

    for user in users:
        assert store.read(user.pk, PageRequest(size=1), 1) is not None, user.username
        assert listed(home_timeline_page, user) == listed(timeline_home_page, user)


def _all_done() -> bool:
    return not Job.objects.filter(state=Job.State.PENDING).exists()


def _random_action(chance: random.Random, users: list[User]) -> None:
    user, other = chance.choice(users), chance.choice(users)
    posts = list(Post.objects.order_by("pk"))
    kind = chance.choices(
        ["post", "repost", "unrepost", "delete", "follow", "unfollow"],
        weights=[40, 15, 5, 10, 15, 15],
    )[0]
    try:
        if kind == "post":
            post_create(author=user, text="random")
        elif kind == "follow":
            follow_create(follower=user, followed=other)
        elif kind == "unfollow":
            follow_delete(follower=user, followed=other)
        elif posts and kind == "repost":
            repost_create(user=user, post=chance.choice(posts))
        elif posts and kind == "unrepost":
            repost_delete(user=user, post=chance.choice(posts))
        elif posts:
            target = chance.choice(posts)
            post_delete(post=target, actor=target.author)
    except ApplicationError:
        pass  # following oneself, unfollowing a stranger: refused, as they should be
