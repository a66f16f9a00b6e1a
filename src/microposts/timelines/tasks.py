"""Fan-out and upkeep of the Redis home timelines (store.py), as jobs (core/jobs.py).

One job per post or repost writes it into every follower's timeline, BATCH timelines per Redis
call: never a task per follower. Every job is safe to run twice (a set holds a member once).
A Redis outage makes them fail and retry for about twenty minutes; timelines read meanwhile are
answered from SQL. Should one fail for good, some timelines miss a post: the repair (each
minute) then drops every timeline once Redis answers, and each is rebuilt from SQL when read.
"""

import time

from django.conf import settings
from django.db.models import Max

from microposts.accounts.models import User
from microposts.accounts.selectors import follower_ids
from microposts.config.celery import app
from microposts.core.ids import snowflake_seconds
from microposts.core.jobs import BACKGROUND, PRIORITY, job_task
from microposts.core.models import Job
from microposts.ops import metrics
from microposts.posts.selectors import timeline_home_keys
from microposts.timelines import store
from microposts.timelines.store import Entry

ATTEMPTS = 12


@job_task(queue=PRIORITY, attempts=ATTEMPTS)
def timeline_fanout_task(*, key: int, post_id: int, owner_id: int) -> None:
    """Put a post (or a repost) into its owner's timeline and every follower's that exists."""
    entry = Entry(key, post_id, owner_id)
    store.add([owner_id], entry)
    for followers in follower_ids(user_id=owner_id, batch=store.BATCH):
        store.add(followers, entry)
    if settings.METRICS_ENABLED:  # from the post (or repost) being written: its id's time
        metrics.FANOUT_LAG.observe(max(time.time() - snowflake_seconds(key), 0.0))


@job_task(queue=PRIORITY, attempts=ATTEMPTS)
def timeline_remove_task(*, entries: list[list[int]]) -> None:
    """Take deleted posts or reposts out of their owners' and followers' timelines."""
    for key, post_id, owner_id in entries:
        entry = Entry(key, post_id, owner_id)
        store.remove([owner_id], [entry])
        for followers in follower_ids(user_id=owner_id, batch=store.BATCH):
            store.remove(followers, [entry])


@job_task(queue=PRIORITY, attempts=ATTEMPTS)
def timeline_unfollow_task(*, user_id: int, owner_id: int) -> None:
    store.remove_owner(user_id, owner_id)


@job_task(queue=PRIORITY, attempts=ATTEMPTS)
def timeline_drop_task(*, user_id: int) -> None:
    """A new follow: the timeline is rebuilt from SQL, with the new account's posts, when read."""
    store.drop(user_id)


@job_task(queue=BACKGROUND)
def timeline_rebuild_task(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    store.rebuild_begin(user_id)
    keys = timeline_home_keys(user=user, limit=store.CAP)
    store.rebuild_finish(user_id, (Entry(*key) for key in keys))


@app.task(name="microposts.timelines.tasks.timelines_repair_task")
def timelines_repair_task() -> None:
    timelines_repair()


def timelines_repair() -> int:
    """Drop every Redis timeline if a timeline job failed for good since the last repair; how
    many timelines were dropped. Fails (and runs again next minute) while Redis is away."""
    if not store.enabled():
        return 0
    failed = Job.objects.filter(state=Job.State.FAILED, task__startswith=f"{__name__}.timeline_")
    last = failed.aggregate(last=Max("pk"))["last"]
    if last is None or last <= store.repaired_up_to():
        return 0
    return store.drop_all(failed_up_to=last)
