"""The Jinja2 environment of the website's templates (web/jinja2/web/), and what every page's
context gets besides the view's (`page_rendering`, a context processor of the Jinja2 backend).

The site's templates left Django's template language for speed (docs/decisions/0007-website.md);
their markup did not change. What they used from it is here as Jinja2 globals and filters, with
the same output: `url` and `static`, Django's own `date`, `pluralize`, `linebreaksbr` and
`truncatechars` filters, and the post cards of web/cards.py.
"""

from collections.abc import Iterable
from datetime import date, datetime
from html import escape as escape_html
from typing import Any

import jinja2
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from markupsafe import Markup, escape

from microposts.posts.models import Post
from microposts.posts.selectors import PostCard, ViewerMarks
from microposts.web.cards import CardRenderer

_NO_MARKS = ViewerMarks(frozenset(), frozenset())


def environment(**options: Any) -> jinja2.Environment:
    """The environment Django's Jinja2 backend renders the site with (its "environment" option).

    The backend already turns autoescaping on and reloads changed files only under DEBUG (so
    compiled templates are kept otherwise). Here: a variable a template names but the context
    lacks is an error, never an empty string (the templates test `is defined` for optional ones).
    """
    options["undefined"] = jinja2.StrictUndefined
    options["finalize"] = escape_as_django
    # As Django's engine did: a template's last newline is kept (includes keep their spacing).
    options.setdefault("keep_trailing_newline", True)
    env = jinja2.Environment(**options)  # noqa: S701 - the backend sets autoescape=True
    env.globals.update(url=url, static=static, post_cards=post_cards, post_card=post_card)
    env.filters.update(
        date=date_filter,
        pluralize=defaultfilters.pluralize,
        linebreaksbr=linebreaksbr,
        truncatechars=defaultfilters.truncatechars,
    )
    return env


def escape_as_django(value: object) -> object:
    """Every value a template writes, before autoescaping: quotes escaped as Django escapes them
    (`&#x27;` and `&quot;`, where MarkupSafe writes `&#39;` and `&#34;`), so pages read as they
    did and as the cards do. Text without quotes is left to MarkupSafe, which escapes the rest
    alike (and faster). An undefined value raises here (StrictUndefined refuses str())."""
    if hasattr(value, "__html__"):
        return value
    text = str(value)
    if "'" in text or '"' in text:
        return Markup(escape_html(text))  # noqa: S704 - escaped here
    return text


def url(name: str, *args: object, **kwargs: object) -> str:
    """The address of a named view, as `{% url %}` gave it."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date_filter(value: date | datetime | None, format_string: str) -> str:
    # Django's engine gives its `date` filter the time in the current time zone; so does this.
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return defaultfilters.date(value, format_string)


def linebreaksbr(value: str) -> SafeString:
    return defaultfilters.linebreaksbr(value, autoescape=True)


# One rendering of a page


class PageRendering:
    """What the templates of one rendering of a page share: its CSRF token and its cards' renderer.

    Django's Jinja2 backend gives `csrf_token` and `csrf_input` as lazy strings that call
    get_token() at every use, and get_token() masks the token afresh each time (32 random
    characters). A page shows the token in its htmx headers, the log-out form, the compose form
    and two forms a card: masked once here, the same value everywhere on the page.
    """

    __slots__ = ("_cards", "_token", "request")

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self._token: str | None = None
        self._cards: CardRenderer | None = None

    def token(self) -> str:
        if self._token is None:
            self._token = get_token(self.request)
        return self._token

    def cards(self, marks: ViewerMarks | None) -> CardRenderer:
        # One renderer a page, not one a post: a thread shows up to 500 replies.
        if self._cards is None:
            self._cards = CardRenderer.for_request(
                self.request, marks or _NO_MARKS, csrf_token=self.token()
            )
        return self._cards


class CsrfToken:
    """`{{ csrf_token }}`: the page's token, masked when first shown."""

    __slots__ = ("_page",)

    def __init__(self, page: PageRendering) -> None:
        self._page = page

    def __str__(self) -> str:
        return self._page.token()

    def __html__(self) -> Markup:
        return escape(self._page.token())


class CsrfInput:
    """`{{ csrf_input }}`: the hidden field of a form, with the page's token."""

    __slots__ = ("_page",)

    def __init__(self, page: PageRendering) -> None:
        self._page = page

    def __html__(self) -> Markup:
        token = escape_html(self._page.token())
        return Markup(f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">')  # noqa: S704

    def __str__(self) -> str:
        return str(self.__html__())


def page_rendering(request: HttpRequest) -> dict[str, object]:
    """A context processor: replaces the backend's `csrf_token` and `csrf_input` (processors run
    after the backend sets them) with ones masked once for the whole page."""
    page = PageRendering(request)
    return {"page_rendering": page, "csrf_token": CsrfToken(page), "csrf_input": CsrfInput(page)}


# Post cards (web/cards.py)


def _renderer(context: jinja2.runtime.Context) -> CardRenderer:
    page: PageRendering = context["page_rendering"]
    marks: ViewerMarks | None = context.get("marks")
    return page.cards(marks)


def _card(post: Post | PostCard) -> PostCard:
    return post if isinstance(post, PostCard) else PostCard.of(post)


@jinja2.pass_context
def post_cards(context: jinja2.runtime.Context, entries: Iterable[Any]) -> SafeString:
    """The entries of a list (each with `.post` and `.reposted_by`), one card each."""
    return _renderer(context).cards((_card(entry.post), entry.reposted_by) for entry in entries)


@jinja2.pass_context
def post_card(context: jinja2.runtime.Context, post: Post | PostCard) -> SafeString:
    return _renderer(context).card(_card(post))
