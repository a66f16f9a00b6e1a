"""The site's templates are Jinja2 (web/jinja.py): strict about missing names, escaping and
formatting as Django's own engine did, and one CSRF token a page."""

import re
from datetime import UTC, datetime
from typing import Any

import jinja2
import pytest
from django.template import TemplateDoesNotExist, engines, loader
from django.template.backends.jinja2 import Jinja2
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from microposts.accounts.models import User
from tests.factories import FollowFactory, PostFactory
from tests.web.helpers import text_of, url

TOKEN_IN_FORMS = r'name="csrfmiddlewaretoken" value="([^"]+)"'
TOKEN_IN_HEADERS = r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\''


def jinja(source: str, **context: Any) -> str:
    return engines["jinja2"].from_string(source).render(context)


def django_language(source: str, **context: Any) -> str:
    return engines["django"].from_string(source).render(context)


# --- Where the templates are -----------------------------------------------------------------


def test_the_sites_templates_are_found_by_jinja2_only() -> None:
    assert isinstance(loader.get_template("web/home.html").backend, Jinja2)  # type: ignore[attr-defined]
    with pytest.raises(TemplateDoesNotExist):
        engines["django"].get_template("web/home.html")


def test_django_templates_stay_for_the_admin() -> None:
    assert loader.get_template("admin/base.html").backend is engines["django"]  # type: ignore[attr-defined]


def test_the_500_page_renders_without_a_request_or_context() -> None:
    page = loader.get_template("web/500.html").render()

    assert "Something went wrong" in page
    assert "web/site.css" in page


# --- Strict about names ----------------------------------------------------------------------


@pytest.mark.parametrize("source", ["{{ nope }}", "{% if nope %}x{% endif %}", "{{ user.nmae }}"])
def test_a_name_the_context_lacks_is_an_error_not_an_empty_string(source: str) -> None:
    class Person:
        name = "Ann"

    with pytest.raises(jinja2.UndefinedError):
        jinja(source, user=Person())


# --- Output as Django's engine gave it -------------------------------------------------------


def test_text_is_escaped_as_django_escapes_it() -> None:
    text = """<a href='x' title="y">Tom & Jerry</a>"""

    assert (
        jinja("{{ text }}", text=text) == escape(text) == django_language("{{ text }}", text=text)
    )
    assert jinja("{{ html }}", html=mark_safe("<b>bold</b>")) == "<b>bold</b>"
    assert jinja("{{ words|join(' & ') }}", words=["a'", "<b>"]) == "a&#x27; &amp; &lt;b&gt;"


def test_numbers_are_plain_digits() -> None:
    assert jinja("{{ count }}", count=1234567) == "1234567"


@pytest.mark.parametrize(
    ("jinja_source", "django_source", "value"),
    [
        ("{{ v|date('c') }}", "{{ v|date:'c' }}", datetime(2025, 1, 2, 23, 30, tzinfo=UTC)),
        (
            "{{ v|date('j M Y, H:i') }}",
            "{{ v|date:'j M Y, H:i' }}",
            datetime(2025, 1, 2, 23, 30, tzinfo=UTC),
        ),
        ("{{ v }} post{{ v|pluralize }}", "{{ v }} post{{ v|pluralize }}", 1),
        ("{{ v }} post{{ v|pluralize }}", "{{ v }} post{{ v|pluralize }}", 2),
        ("{{ v|linebreaksbr }}", "{{ v|linebreaksbr }}", "I bake.\n<script>alert(1)</script>"),
        ("{{ v|truncatechars(10) }}", "{{ v|truncatechars:10 }}", "a long text, <cut> here"),
        ("{{ v|urlencode }}", "{{ v|urlencode }}", "/@ann?x=1&y=é"),
    ],
)
def test_filters_give_what_djangos_gave(jinja_source: str, django_source: str, value: Any) -> None:
    with timezone.override("Europe/Paris"):  # times are shown in the current time zone
        assert jinja(jinja_source, v=value) == django_language(django_source, v=value)


def test_a_time_is_shown_in_the_current_time_zone() -> None:
    moment = datetime(2025, 1, 2, 23, 30, tzinfo=UTC)

    with timezone.override("Europe/Paris"):
        assert jinja("{{ v|date('j M Y, H:i') }}", v=moment) == "3 Jan 2025, 00:30"


# --- One CSRF token a page -------------------------------------------------------------------


@pytest.fixture
def home_with_posts(user: User, other: User) -> None:
    FollowFactory(follower=user, followed=other)
    PostFactory(author=other, text="first")
    PostFactory(author=other, text="second")


@pytest.mark.usefixtures("home_with_posts")
def test_a_page_shows_one_masked_token_wherever_it_needs_one(anns_browser: Client) -> None:
    page = text_of(anns_browser.get(url("home")))

    in_forms = re.findall(TOKEN_IN_FORMS, page)
    in_headers = re.findall(TOKEN_IN_HEADERS, page)
    # Log out, compose, and like and repost on each of the two posts; htmx's headers.
    assert len(in_forms) == 6
    assert len(in_headers) == 1
    assert set(in_forms) == set(in_headers)


@pytest.mark.usefixtures("home_with_posts")
def test_each_page_masks_the_token_afresh_and_each_is_accepted(
    csrf_checked: Client, user: User
) -> None:
    csrf_checked.force_login(user)
    first = re.findall(TOKEN_IN_FORMS, text_of(csrf_checked.get(url("home"))))[0]
    second = re.findall(TOKEN_IN_FORMS, text_of(csrf_checked.get(url("home"))))[0]

    response = csrf_checked.post(url("compose"), {"text": "hi", "csrfmiddlewaretoken": first})

    assert first != second
    assert response.status_code == 302
