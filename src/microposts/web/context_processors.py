"""What every page's navigation shows."""

from django.http import HttpRequest

from microposts.accounts.models import User
from microposts.notifications.selectors import unread_notifications_count


def navigation(request: HttpRequest) -> dict[str, object]:
    """The unread count beside "Notifications": one query for a signed-in user, none otherwise."""
    user = getattr(request, "user", None)  # absent when a middleware's early answer is rendered
    if not isinstance(user, User):
        return {}
    return {"unread_notifications": unread_notifications_count(user=user)}
