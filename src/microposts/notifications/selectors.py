"""Every read of notifications that an edge needs, each with a fixed number of queries."""

from microposts.accounts.models import User
from microposts.core.pagination import Page, PageRequest, paginate
from microposts.notifications.models import Notification


def _notification_id(notification: Notification) -> int:
    return notification.pk


def notifications_page(*, user: User, request: PageRequest) -> Page[Notification]:
    """`user`'s notifications, newest first, with actor, post and post author: one query.

    What suspended (deactivated) users did is left out, as their posts are everywhere else.
    """
    notifications = Notification.objects.filter(
        recipient=user, actor__is_active=True
    ).select_related("actor", "post", "post__author")
    return paginate(notifications, request=request, key="id", key_of=_notification_id)


def unread_notifications_count(*, user: User) -> int:
    """One query, read from the partial index of unread rows and the users' primary key."""
    return Notification.objects.filter(recipient=user, read=False, actor__is_active=True).count()
