"""What every page's navigation shows."""

import functools

from django.http import HttpRequest
from django.urls import reverse

from microposts.accounts.models import User
from microposts.notifications.selectors import unread_notifications_count
from microposts.posts.services import profile_path

_NAVIGATION = ("front", "search", "home", "notifications", "logout", "login", "signup")


@functools.cache
def _addresses() -> dict[str, str]:
    # Reversed once per process: every page shows them, and each {% url %} costs a reverse().
    return {name: reverse(f"web:{name}") for name in _NAVIGATION}


def navigation(request: HttpRequest) -> dict[str, object]:
    """The navigation's addresses (`nav`), and the unread count beside "Notifications": one
    query for a signed-in user, none otherwise."""
    context: dict[str, object] = {"nav": _addresses()}
    user = getattr(request, "user", None)  # absent when a middleware's early answer is rendered
    if isinstance(user, User):
        context["unread_notifications"] = unread_notifications_count(user=user)
        context["own_profile"] = profile_path(user.username)
    return context
