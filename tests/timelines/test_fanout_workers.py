"""Fan-out to the Redis home timelines by real worker processes, through a killed worker and
a Redis outage (the task-manager issue's tests)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from microposts.accounts.models import User
from microposts.core.jobs import jobs_resend
from microposts.core.models import Job
from microposts.core.pagination import PageRequest
from microposts.posts.selectors import timeline_home_page
from microposts.posts.services import post_create
from microposts.timelines import store
from microposts.timelines.selectors import home_timeline_page
from tests.factories import FollowFactory, UserFactory
from tests.timelines.conftest import RedisServer
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
