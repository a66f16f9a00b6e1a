"""What every page's navigation shows."""

import functools

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString
from django_htmx.jinja import htmx_script

from microposts.accounts.models import User
from microposts.notifications.selectors import unread_notifications_count
from microposts.posts.services import profile_path

_NAVIGATION = ("front", "search", "home", "compose", "notifications", "logout", "login", "signup")


@functools.cache
def _addresses() -> dict[str, str]:
    # Reversed once per process: every page shows them, and each url() costs a reverse().
    return {name: reverse(f"web:{name}") for name in _NAVIGATION}


@functools.cache
def _assets() -> dict[str, str | SafeString]:
    # Found once per process: each static() looks its file up in the static files manifest, and
    # htmx_script() builds its tag anew (together 40 us of every page, measured).
    names = {"icon": "web/icon.svg", "style": "web/site.css", "script": "web/site.js"}
    return {**{key: static(path) for key, path in names.items()}, "htmx": htmx_script()}


def navigation(request: HttpRequest) -> dict[str, object]:
    """What base.html shows on every page: the addresses of the navigation (`nav`) and of the
    static files (`assets`), and the unread count beside "Notifications": one query for a
    signed-in user, none otherwise."""
    # Not `search_text`, the search box's: Django's Jinja2 backend lets a context processor's
    # values override the view's, and the search page fills it (base.html defaults it to "").
    context: dict[str, object] = {"nav": _addresses(), "assets": _assets()}
    user = getattr(request, "user", None)  # absent when a middleware's early answer is rendered
    if isinstance(user, User):
        context["unread_notifications"] = unread_notifications_count(user=user)
        context["own_profile"] = profile_path(user.username)
    return context
