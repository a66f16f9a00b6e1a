"""`{% post_cards entries %}` and `{% post_card post %}`: posts as web/cards.py renders them."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from microposts.posts.models import Post
from microposts.posts.selectors import PostCard, ViewerMarks
from microposts.web.cards import CardRenderer

register = template.Library()
_NO_MARKS = ViewerMarks(frozenset(), frozenset())


def _renderer(context: template.Context) -> CardRenderer:
    # One per rendering of a page, not one per post: a thread shows up to 500 replies, and each
    # renderer reads the CSRF token (a fresh mask every time).
    cache = context.render_context
    if "card_renderer" not in cache:
        marks = context.get("marks") or _NO_MARKS
        token = context.get("csrf_token")  # the page's (Django's csrf context processor)
        cache["card_renderer"] = CardRenderer.for_request(
            context["request"], marks, csrf_token=str(token) if token else None
        )
    renderer: CardRenderer = cache["card_renderer"]
    return renderer


def _card(post: Post | PostCard) -> PostCard:
    return post if isinstance(post, PostCard) else PostCard.of(post)


@register.simple_tag(takes_context=True)
def post_cards(context: template.Context, entries: Iterable[Any]) -> SafeString:
    """The entries of a list (each with `.post` and `.reposted_by`), one card each."""
    return _renderer(context).cards((_card(entry.post), entry.reposted_by) for entry in entries)


@register.simple_tag(takes_context=True)
def post_card(context: template.Context, post: Post | PostCard) -> SafeString:
    return _renderer(context).card(_card(post))
