"""Every read of notifications that an edge needs, each with a fixed number of queries."""

from microposts.accounts.models import User
from microposts.core.pagination import Page, PageRequest, paginate
from microposts.core.sql import fetch_one
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


# Plain SQL: every page a signed-in user opens runs it (core/sql.py says why).
_UNREAD_SQL = """
SELECT COUNT(*) FROM notifications_notification n
JOIN accounts_user a ON a.id = n.actor_id AND a.is_active
WHERE n.recipient_id = %s AND NOT n.read
"""


def unread_notifications_count(*, user: User) -> int:
    """One query, read from the partial index of unread rows and the users' primary key."""
    row = fetch_one(_UNREAD_SQL, [user.pk])
    return int(row[0]) if row else 0
