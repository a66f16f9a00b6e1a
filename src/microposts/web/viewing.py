"""What every view of the site asks of a request: who is reading, and where to go back to."""

from collections.abc import Iterable
from typing import cast

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from microposts.accounts.models import User
from microposts.posts.models import Post
from microposts.posts.selectors import ViewerMarks, viewer_marks


def reader(request: HttpRequest) -> User | None:
    """The signed-in user, or None for someone signed out."""
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def signed_in(request: HttpRequest) -> User:
    """The user of a view behind login_required."""
    return cast("User", request.user)


def marks_for(request: HttpRequest, posts: Iterable[Post]) -> ViewerMarks:
    """Which of these posts the reader liked and reposted: the state of their buttons."""
    return viewer_marks(user=reader(request), post_ids=[post.pk for post in posts])


def safe_next(request: HttpRequest) -> str | None:
    """The `next` a form asked to go back to, if it is a path on this site (no open redirect).

    Only an absolute path: Django's redirect() would take a bare word ("home") for the name of a
    view, and a relative one means nothing the site ever sends.
    """
    target = request.POST.get("next") or request.GET.get("next")
    safe = (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )
    return target if safe else None


def from_htmx(request: HttpRequest) -> bool:
    return bool(request.htmx)  # type: ignore[attr-defined]  # set by django-htmx's middleware
