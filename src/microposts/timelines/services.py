"""What the writers of posts and follows tell the Redis timelines (store.py), as jobs recorded
in their own transaction (core/jobs.py). Nothing on the embedded profile, which reads home
timelines from SQL."""

from collections.abc import Iterable

from microposts.core.jobs import job_record
from microposts.timelines import store
from microposts.timelines.tasks import (
    timeline_drop_task,
    timeline_fanout_task,
    timeline_remove_task,
    timeline_unfollow_task,
)


def timeline_entry_added(*, key: int, post_id: int, owner_id: int) -> None:
    """A post (key = its id) or a repost (key = the repost's id) by `owner_id`."""
    if store.enabled():
        job_record(timeline_fanout_task, key=key, post_id=post_id, owner_id=owner_id)


def timeline_entries_removed(*, entries: Iterable[tuple[int, int, int]]) -> None:
    """(key, post id, owner id) of each post or repost deleted."""
    removed = [list(entry) for entry in entries]
    if store.enabled() and removed:
        job_record(timeline_remove_task, entries=removed)


def timeline_follow_added(*, follower_id: int) -> None:
    if store.enabled():
        job_record(timeline_drop_task, user_id=follower_id)


def timeline_follow_removed(*, follower_id: int, followed_id: int) -> None:
    if store.enabled():
        job_record(timeline_unfollow_task, user_id=follower_id, owner_id=followed_id)
