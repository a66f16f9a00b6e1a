"""A post as every page shows it (a "card"), with its buttons, rendered in Python.

The one place a post's markup is made: lists, threads, the post replied to and htmx's answer to
a button all come here. Measured on the 10,000-user seed, Django's template engine took 7.4 ms
for a page of 20 posts through per-post includes and `{% url %}` tags, which kept the home page
at a twentieth of the API timeline's throughput; this renders the same markup in about a
twentieth of that. Everything a user typed is escaped here, except the post's HTML, which was
made safe when the post was written (escaped first, then linked: core/text.py).
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from html import escape  # Django's escape() is the same, behind a lazy-text wrapper
from urllib.parse import quote

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from microposts.posts.selectors import PostCard, ViewerMarks
from microposts.posts.services import profile_path  # the address mentions link to
from microposts.web.viewing import reader


@functools.cache
def _address(name: str) -> str:
    return reverse(name)


@dataclass(frozen=True, slots=True)
class CardRenderer:
    """Renders the cards of one response: one reader, one CSRF token, one page to go back to.

    The token and the page are held escaped, as they go into every card's forms.
    """

    viewer_id: int | None
    marks: ViewerMarks
    csrf_input: str
    back_input: str
    zone: tzinfo  # the time zone times are shown in; asking Django per card cost 8 us each

    @classmethod
    def for_request(
        cls,
        request: HttpRequest,
        marks: ViewerMarks,
        back: str | None = None,
        csrf_token: str | None = None,
    ) -> "CardRenderer":
        """`csrf_token`: the page's own, when a template renders the cards (each new one is
        masked afresh, 32 random characters)."""
        viewer, zone = reader(request), timezone.get_current_timezone()
        if viewer is None:
            return cls(None, marks, "", "", zone)
        token = csrf_token or get_token(request)
        csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
        back_to = escape(back or request.get_full_path())
        back_input = f'<input type="hidden" name="next" value="{back_to}">'
        return cls(viewer.pk, marks, csrf, back_input, zone)

    def cards(self, entries: Iterable[tuple[PostCard, str | None]]) -> SafeString:
        return mark_safe("".join(self._card(card, by) for card, by in entries))  # noqa: S308

    def card(self, card: PostCard, reposted_by: str | None = None) -> SafeString:
        return mark_safe(self._card(card, reposted_by))  # noqa: S308 - escaped piece by piece

    def actions(self, card: PostCard) -> SafeString:
        return mark_safe(self._actions(card, escape(card.username)))  # noqa: S308 - escaped

    def _card(self, card: PostCard, reposted_by: str | None) -> str:
        pk, username = card.id, escape(card.username)  # escaped once, used in text and links
        if reposted_by:
            by = escape(reposted_by)
            link = f'<a href="{profile_path(by)}">@{by}</a>'
            repost = f'<p class="post-repost">Reposted by {link}</p>'
        else:
            repost = ""
        name = (
            f'<span class="display-name">{escape(card.display_name)}</span> '
            if card.display_name
            else ""
        )
        edited = ' <span class="edited">(edited)</span>' if card.edited else ""
        written = _time(card.created, self.zone)
        return (
            f'<article class="post" id="post-{pk}" aria-labelledby="post-{pk}-author">{repost}'
            f'<header class="post-header"><a class="post-author" id="post-{pk}-author"'
            f' href="{profile_path(username)}">{name}<span class="username">@{username}</span></a>'
            f' <a class="post-time" href="{profile_path(username)}/{pk}">{written}'
            f"{edited}</a></header>"
            f'<div class="post-text">{card.html}</div>{self._actions(card, username)}</article>'
        )

    def _actions(self, card: PostCard, username: str) -> str:
        """The buttons; `username` is the author's, escaped."""
        url = f"{profile_path(username)}/{card.id}"
        if self.viewer_id is None:
            login = f"{_address('web:login')}?next={quote(url)}"
            return f'<footer class="post-actions"><a href="{login}">Log in to reply</a></footer>'
        liked, reposted = card.id in self.marks.liked, card.id in self.marks.reposted
        own = (
            f'<a href="{url}/edit">Edit<span class="visually-hidden"> your post</span></a>'
            f' <a href="{url}/delete">Delete<span class="visually-hidden"> your post</span></a>'
            if card.author_id == self.viewer_id
            else ""
        )
        like = ("unlike", "Unlike") if liked else ("like", "Like")
        repost = ("unrepost", "Undo repost") if reposted else ("repost", "Repost")
        return (
            f'<footer class="post-actions"><a href="{_address("web:compose")}'
            f'?reply_to={card.id}">Reply<span class="visually-hidden"> to @{username}</span></a> '
            f"{self._button(url, *like, f'post-{card.id}-like', f'the post by @{username}')}"
            f"{self._button(url, *repost, f'post-{card.id}-repost', f'of the post by @{username}')}"
            f"{own}</footer>"
        )

    def _button(self, url: str, action: str, label: str, button_id: str, about: str) -> str:
        # A small POST form that works without JavaScript; htmx posts it and swaps the buttons.
        return (
            f'<form method="post" action="{url}/{action}" hx-post="{url}/{action}"'
            f' hx-target="closest .post-actions" hx-swap="outerHTML">{self.csrf_input}'
            f'{self.back_input}<button type="submit" id="{button_id}" class="secondary">{label}'
            f'<span class="visually-hidden"> {about}</span></button></form> '
        )


_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _time(moment: datetime, zone: tzinfo) -> str:
    # As Django's date filter "j M Y, H:i" writes it (the site is in English).
    local = moment.astimezone(zone)
    shown = f"{local.day} {_MONTHS[local.month]} {local.year}, {local.hour:02}:{local.minute:02}"
    return f'<time datetime="{local.isoformat()}">{shown}</time>'
