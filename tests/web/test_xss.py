"""Hostile text from users is shown as text on every page that shows it, never run as markup.

Each payload goes in where a user can put it: post text, display name, bio, a search. The pages
are parsed as a browser would read their markup (html.parser) and checked for anything a user
could have made executable or visible as markup.
"""

import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.test import Client

from microposts.accounts.models import User
from microposts.accounts.services import follow_create, profile_update
from microposts.posts.models import Post
from microposts.posts.services import like_create, post_create
from tests.factories import PostFactory, UserFactory

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    '<a href="&#106;avascript:alert(1)">click</a>',
    '"><svg onload=alert(1)>',
    '<a href="x',
    "<style>body{display:none}</style>",
    "</textarea><script>alert(1)</script>",
]
MARKER = "hostile"  # in every hostile post, so a search finds them all
FORBIDDEN_TAGS = {"svg", "img", "style", "iframe", "object", "embed", "math", "base", "frame"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
# Browsers drop ASCII whitespace and control characters inside a URL's scheme: "java\tscript:".
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
EXECUTABLE_SCHEMES = ("javascript:", "vbscript:", "data:")


class MarkupAudit(HTMLParser):
    """Collects what in a page could run or show as markup, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # attribute values are unescaped, as a browser does
        self.problems: list[str] = []
        self.text: list[str] = []
        self.field_values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "input" and "value" in values:
            self.field_values.append(values["value"])
        if tag == "script" and not values.get("src", "").startswith("/static/"):
            self.problems.append(f"<script> not from /static/: {attrs}")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> {attrs}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            scheme = IGNORED_IN_SCHEME.sub("", value).lower()
            if name in URL_ATTRIBUTES and scheme.startswith(EXECUTABLE_SCHEMES):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def audited(client: Client, path: str) -> MarkupAudit:
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    audit = MarkupAudit()
    audit.feed(response.content.decode())
    audit.close()
    assert audit.problems == [], f"{path}: {audit.problems}"
    return audit


def shown_as_text(audit: MarkupAudit, payload: str) -> bool:
    # textarea content is text to html.parser too (as it is to a browser), so this covers forms.
    return payload in "".join(audit.text)


class HostileWorld:
    """Ann, and one hostile user per payload, each of whom acts on ann so that she is notified."""

    def __init__(self, ann: User) -> None:
        self.ann = ann
        self.ann_post = PostFactory(author=ann, text="Hello, world")
        self.users: list[User] = []
        self.posts: list[Post] = []
        for number, payload in enumerate(PAYLOADS):
            self._add(number, payload)

    def _add(self, number: int, payload: str) -> None:
        hostile = UserFactory(username=f"hostile{number}")
        profile_update(user=hostile, display_name=payload, bio=payload)
        post = post_create(
            author=hostile,
            text=f"@{self.ann.username} {MARKER} {payload}",
            in_reply_to_id=self.ann_post.pk,
        )
        follow_create(follower=hostile, followed=self.ann)
        follow_create(follower=self.ann, followed=hostile)
        like_create(user=hostile, post=self.ann_post)
        self.users.append(hostile)
        self.posts.append(post)


@pytest.fixture
def world(user: User) -> HostileWorld:
    return HostileWorld(user)


Signed = Callable[[User], Client]


def test_hostile_posts_and_names_are_text_on_the_front_page(world: HostileWorld) -> None:
    audit = audited(Client(), "/")
    for payload in PAYLOADS:
        assert shown_as_text(audit, payload)


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_hostile_profile_shows_name_bio_and_posts_as_text(world: HostileWorld, number: int) -> None:
    audit = audited(Client(), f"/@hostile{number}")
    assert shown_as_text(audit, PAYLOADS[number])


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_hostile_post_page_shows_the_post_as_text(world: HostileWorld, number: int) -> None:
    audit = audited(Client(), f"/@hostile{number}/{world.posts[number].pk}")
    assert shown_as_text(audit, PAYLOADS[number])


def test_thread_with_hostile_replies_shows_them_as_text(world: HostileWorld) -> None:
    audit = audited(Client(), f"/@{world.ann.username}/{world.ann_post.pk}")
    assert any(shown_as_text(audit, payload) for payload in PAYLOADS)


def test_search_results_show_hostile_posts_as_text(world: HostileWorld) -> None:
    audit = audited(Client(), "/search?" + urlencode({"text": MARKER}))
    assert any(shown_as_text(audit, payload) for payload in PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_search_text_is_not_reflected_as_markup(db: None, payload: str) -> None:
    audit = audited(Client(), "/search?" + urlencode({"text": payload}))
    assert payload in audit.field_values  # the search box keeps what was asked, as a value


def test_home_timeline_shows_followed_hostile_posts_as_text(
    world: HostileWorld, signed_in: Signed
) -> None:
    audit = audited(signed_in(world.ann), "/home")
    assert any(shown_as_text(audit, payload) for payload in PAYLOADS)


def test_notifications_from_hostile_users_show_as_text(
    world: HostileWorld, signed_in: Signed
) -> None:
    audit = audited(signed_in(world.ann), "/notifications")
    assert any(shown_as_text(audit, payload) for payload in PAYLOADS)


def test_followers_list_shows_hostile_names_as_text(world: HostileWorld) -> None:
    audit = audited(Client(), f"/@{world.ann.username}/followers")
    assert any(shown_as_text(audit, payload) for payload in PAYLOADS)


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_editing_a_hostile_post_keeps_it_inside_the_textarea(
    world: HostileWorld, signed_in: Signed, number: int
) -> None:
    post = world.posts[number]
    audit = audited(signed_in(world.users[number]), f"/@hostile{number}/{post.pk}/edit")
    assert shown_as_text(audit, PAYLOADS[number])


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_editing_a_hostile_profile_keeps_name_and_bio_inside_their_fields(
    world: HostileWorld, signed_in: Signed, number: int
) -> None:
    audit = audited(signed_in(world.users[number]), "/settings/profile")
    assert PAYLOADS[number] in audit.field_values  # the display name
    assert shown_as_text(audit, PAYLOADS[number])  # the bio, in its textarea


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        "<img src=x onerror=alert(1)>",
        '<a href=" java&#09;script:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        "<svg><circle/></svg>",
        "<style>body{}</style>",
        '<p onclick="x()">',
    ],
)
def test_the_audit_finds_markup_a_user_could_have_made(markup: str) -> None:
    audit = MarkupAudit()
    audit.feed(f'<!doctype html><script src="/static/web/site.js"></script>{markup}')
    assert audit.problems
