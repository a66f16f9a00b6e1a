"""The front page, its Load more with and without JavaScript, and what every public page
keeps to."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from microposts.accounts.models import User
from microposts.posts.models import Post
from microposts.posts.services import like_create
from tests.factories import FollowFactory, PostFactory, UserFactory
from tests.web.helpers import (
    HTMX,
    PAGE_SIZE,
    SignedIn,
    headings,
    links,
    next_link,
    post_url,
    profile_url,
    suspend,
    text_of,
)

pytestmark = pytest.mark.django_db

# The front page


def test_the_front_page_shows_the_latest_posts_to_anyone(browser: Client, user: User) -> None:
    older = PostFactory(author=user, text="older words")
    PostFactory(author=user, text="newer words")

    response = browser.get(reverse("web:front"))

    assert response.status_code == 200
    assert headings(response, 1) == ["Latest posts"]
    page = text_of(response)
    assert page.index("newer words") < page.index("older words")
    assert {profile_url(user), post_url(older), reverse("web:signup")} <= links(response)


def test_the_front_page_invites_a_signed_in_reader_to_write(
    signed_in: SignedIn, user: User
) -> None:
    response = signed_in(user).get(reverse("web:front"))

    assert response.status_code == 200
    assert reverse("web:compose") in links(response)
    assert reverse("web:signup") not in links(response)


def test_the_front_page_hides_the_posts_of_a_suspended_user(browser: Client, user: User) -> None:
    PostFactory(author=user, text="still here")
    spammer = UserFactory(username="spammer")
    PostFactory(author=spammer, text="buy my watches")
    suspend(spammer)

    page = text_of(browser.get(reverse("web:front")))

    assert "still here" in page
    assert "buy my watches" not in page


def test_the_front_page_marks_what_the_viewer_liked(signed_in: SignedIn, user: User) -> None:
    liked = PostFactory(text="liked one")
    PostFactory(text="not liked")
    like_create(user=user, post=liked)

    response = signed_in(user).get(reverse("web:front"))

    assert response.context["marks"].liked == {liked.pk}


@pytest.mark.parametrize(
    ("zone", "shown", "machine"),
    [
        ("UTC", "4 Mar 2026, 23:05", "2026-03-04T23:05:09+00:00"),
        ("Asia/Kolkata", "5 Mar 2026, 04:35", "2026-03-05T04:35:09+05:30"),
    ],
)
def test_a_post_shows_when_it_was_written_in_the_current_time_zone(
    browser: Client, user: User, zone: str, shown: str, machine: str
) -> None:
    post = PostFactory(author=user)
    written = datetime(2026, 3, 4, 23, 5, 9, tzinfo=UTC)
    Post.objects.filter(pk=post.pk).update(created=written)

    with timezone.override(zone):
        page = text_of(browser.get(reverse("web:front")))

    assert f'<time datetime="{machine}">{shown}</time>' in page
    # As Django's own date filter writes it.
    assert shown == dateformat.format(timezone.localtime(written, ZoneInfo(zone)), "j M Y, H:i")


def test_an_empty_front_page_says_so(browser: Client) -> None:
    assert "No one has posted yet." in text_of(browser.get(reverse("web:front")))


# Load more, with and without JavaScript


def test_load_more_without_javascript_is_the_next_whole_page(browser: Client, user: User) -> None:
    for number in range(PAGE_SIZE + 2):
        PostFactory(author=user, text=f"number {number}")
    first = browser.get(reverse("web:front"))

    second = browser.get(f"{reverse('web:front')}?{next_link(first)}")

    assert second.status_code == 200
    assert headings(second, 1) == ["Latest posts"]
    assert "number 1<" in text_of(second)
    assert "number 2<" not in text_of(second)
    assert "number 1<" not in text_of(first)


def test_load_more_by_htmx_answers_only_the_next_posts(browser: Client, user: User) -> None:
    for number in range(PAGE_SIZE + 1):
        PostFactory(author=user, text=f"number {number}")
    first = browser.get(reverse("web:front"))

    more = browser.get(f"{reverse('web:front')}?{next_link(first)}", headers=HTMX)

    assert more.status_code == 200
    assert "number 0<" in text_of(more)
    assert "number 1<" not in text_of(more)
    assert "<html" not in text_of(more)
    assert headings(more, 1) == []
    assert "Load more" not in text_of(more)  # nothing is left after this page


@pytest.mark.parametrize("cursor", ["nonsense", "Zg", "%00"])
def test_a_bad_cursor_is_answered_by_a_400_page(browser: Client, user: User, cursor: str) -> None:
    response = browser.get(f"{reverse('web:front')}?cursor={cursor}")

    assert response.status_code == 400
    assert headings(response, 1) == ["Cannot do that"]
    assert "cursor" in text_of(response)


# Every page


@pytest.fixture
def pages(ann: User, other: User) -> list[str]:
    post = PostFactory(author=ann, text="#cake for @bob")
    FollowFactory(follower=other, followed=ann)
    return [
        reverse("web:front"),
        profile_url(ann),
        reverse("web:followers", args=["ann"]),
        reverse("web:following", args=["bob"]),
        post_url(post),
        reverse("web:tag", args=["cake"]),
        reverse("web:search"),
        reverse("web:search") + "?text=cake",
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "signed in"])
def test_every_page_has_one_h1_and_nothing_inline_the_csp_would_block(
    browser: Client, signed_in: SignedIn, other: User, pages: list[str], viewer: str
) -> None:
    client = browser if viewer == "anonymous" else signed_in(other)
    for url in pages:
        response = client.get(url)
        page = text_of(response)
        assert response.status_code == 200, url
        assert page.count("<h1") == 1, url
        assert not re.search(r"\sstyle=|\son[a-z]+=|<script>|<style", page), url
