"""Every write to notifications.

The services of posts and accounts call these inside their own transaction, so a notification
exists exactly when the mention, reply, follow, like or repost it tells of does.
"""

from collections.abc import Iterable, Sequence

from microposts.accounts.models import User
from microposts.core.jobs import job_record
from microposts.notifications.models import Notification
from microposts.notifications.tasks import mention_emails_task
from microposts.posts.models import Post

Kind = Notification.Kind


def _insert(notifications: list[Notification]) -> None:
    # A notification already made is left as it is (the unique constraints say which): liking
    # again after an unlike, or naming someone again in an edit, tells them nothing new.
    if notifications:
        Notification.objects.bulk_create(notifications, ignore_conflicts=True)


def notification_create(
    *, recipient_id: int, actor: User, kind: Notification.Kind, post: Post | None
) -> None:
    """Tell `recipient_id` that `actor` did `kind` (to `post`); nothing if it is one's own act."""
    if recipient_id != actor.pk:
        _insert([Notification(recipient_id=recipient_id, actor=actor, kind=kind, post=post)])


def notifications_for_post(
    *, post: Post, mentioned: Iterable[User], replied_to_id: int | None
) -> None:
    """A reply for the author of the post answered, a mention for every other user it names,
    and a job to email those named (mention_emails_task, which skips anyone emailed before).

    The author replied to is told once, as a reply, even if also named. Called again after an
    edit, it tells only those not told before about this post.
    """
    author_id = post.author_id
    named = [user for user in mentioned if user.pk != author_id]
    notifications = [
        Notification(recipient=user, actor_id=author_id, kind=Kind.MENTION, post=post)
        for user in named
        if user.pk != replied_to_id
    ]
    if named:
        job_record(mention_emails_task, post_id=post.pk)
    if replied_to_id is not None and replied_to_id != author_id:
        notifications.append(
            Notification(recipient_id=replied_to_id, actor_id=author_id, kind=Kind.REPLY, post=post)
        )
    _insert(notifications)


def notifications_mark_read(*, user: User, up_to_id: int, from_id: int = 0) -> int:
    """Mark `user`'s notifications with ids from `from_id` to `up_to_id` read; returns how many.

    A page passes the range it showed, so older ones not yet seen stay unread until their own
    page is shown.
    """
    return Notification.objects.filter(
        recipient=user, read=False, id__gte=from_id, id__lte=up_to_id
    ).update(read=True)


def notifications_mark_shown(*, user: User, shown: Sequence[Notification]) -> int:
    """Mark read the notifications a page just showed (newest first), and no older ones."""
    if not shown:
        return 0
    return notifications_mark_read(user=user, up_to_id=shown[0].pk, from_id=shown[-1].pk)
