"""The notifications page: who did what, what is new, marked read once seen."""

import re
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from microposts.accounts.models import User
from microposts.accounts.services import follow_create, users_deactivate
from microposts.notifications.selectors import unread_notifications_count
from microposts.posts.services import like_create, post_create, repost_create
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]
URL = "/notifications"


def text_of(response: object) -> str:
    """The page's text with tags removed and white space collapsed, as a reader meets it."""
    content = response.content.decode()  # type: ignore[attr-defined]
    return " ".join(re.sub(r"<[^>]+>", " ", content).split())


def notifications_in(response: object) -> list[str]:
    content = response.content.decode()  # type: ignore[attr-defined]
    return re.findall(r'<article class="notification[^"]*"', content)


def test_an_anonymous_visitor_is_sent_to_log_in(browser: Client) -> None:
    response = browser.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/login?next=/notifications"


def test_the_page_says_who_did_what_with_links_to_them_and_the_post(
    signed_in: SignedIn, user: User, other: User
) -> None:
    own = PostFactory(author=user, text="my thoughts")
    mention = post_create(author=other, text="hello @ann")
    reply = post_create(author=other, text="a reply", in_reply_to_id=own.pk)
    follow_create(follower=other, followed=user)
    like_create(user=other, post=own)
    repost_create(user=other, post=own)

    response = signed_in(user).get(URL)

    assert response.status_code == 200
    text = text_of(response)
    name = f"{other.display_name} @bob"
    for did in [
        "reposted your post",
        "liked your post",
        "followed you",
        "replied to you in a post",
        "mentioned you in a post",
    ]:
        assert f"{name} {did}" in text
    content = response.content.decode()
    assert 'href="/@bob"' in content
    assert f'href="/@bob/{mention.pk}"' in content
    assert f'href="/@bob/{reply.pk}"' in content
    assert f'href="/@ann/{own.pk}"' in content
    assert "hello @ann" in text
    assert text.index("reposted") < text.index("mentioned")  # newest first


def test_new_notifications_are_marked_for_eyes_and_screen_readers_then_read(
    signed_in: SignedIn, user: User, other: User
) -> None:
    post_create(author=other, text="hello @ann")
    client = signed_in(user)

    first = client.get(URL)
    again = client.get(URL)

    assert notifications_in(first) == ['<article class="notification unread"']
    assert "Unread:" in text_of(first)
    assert notifications_in(again) == ['<article class="notification"']
    assert "Unread:" not in text_of(again)


def test_the_unread_count_shows_in_the_navigation_until_the_page_is_seen(
    signed_in: SignedIn, user: User, other: User
) -> None:
    post_create(author=other, text="hello @ann")
    follow_create(follower=other, followed=user)
    client = signed_in(user)

    elsewhere = client.get("/there/is/no/such/page")  # any page of the site has the navigation
    seen = client.get(URL)
    after = client.get(URL)

    assert "Notifications 2 unread" in text_of(elsewhere)
    assert "Notifications 2 unread" in text_of(seen)  # marked read only once shown
    assert "unread" not in text_of(after)
    assert 'href="/notifications" aria-current="page"' in after.content.decode()


def test_nobody_elses_notifications_show_or_count(
    signed_in: SignedIn, user: User, other: User
) -> None:
    post_create(author=user, text="hello @bob")

    response = signed_in(user).get(URL)

    assert notifications_in(response) == []
    assert "No notifications yet." in text_of(response)
    assert "unread" not in text_of(response)


def test_load_more_leads_to_older_ones_and_only_those_shown_are_marked_read(
    signed_in: SignedIn, user: User, other: User
) -> None:
    for number in range(23):
        post_create(author=other, text=f"number {number} for @ann")
    client = signed_in(user)

    first = client.get(URL)
    assert unread_notifications_count(user=user) == 3
    link = re.search(r'<a href="\?(cursor=[^"]+)" hx-get', first.content.decode())
    assert link is not None
    more = client.get(f"{URL}?{link.group(1)}", headers={"HX-Request": "true"})

    assert len(notifications_in(first)) == 20
    assert "number 22 for @ann" in text_of(first)
    assert "number 2 for @ann" not in text_of(first)
    assert len(notifications_in(more)) == 3
    assert notifications_in(more)[0] == '<article class="notification unread"'
    assert "<h1>" not in more.content.decode()  # htmx gets only the next items
    assert "Load more" not in text_of(more)
    assert unread_notifications_count(user=user) == 0


def test_a_malformed_cursor_is_a_bad_request(signed_in: SignedIn, user: User) -> None:
    response = signed_in(user).get(URL, {"cursor": "not a cursor"})

    assert response.status_code == 400


def test_what_a_suspended_user_did_is_not_shown(
    signed_in: SignedIn, user: User, other: User
) -> None:
    spammer = UserFactory(username="spammer")
    post_create(author=spammer, text="buy now @ann")
    post_create(author=other, text="hello @ann")
    users_deactivate(users=User.objects.filter(pk=spammer.pk), actor=other)

    response = signed_in(user).get(URL)

    assert "@spammer" not in text_of(response)
    assert len(notifications_in(response)) == 1
    assert "Notifications 1 unread" in text_of(response)


def test_names_and_post_text_are_shown_as_text_not_markup(signed_in: SignedIn, user: User) -> None:
    hostile = UserFactory(username="mallory", display_name="<b>Mallory</b>")
    post_create(author=hostile, text="<i>hi</i> @ann")

    content = signed_in(user).get(URL).content.decode()

    assert "&lt;b&gt;Mallory&lt;/b&gt;" in content
    assert "&lt;i&gt;hi&lt;/i&gt; @ann" in content
    assert "<b>Mallory" not in content


# The session, the user, the page, the navigation's count, marking read.
PAGE_VIEW = 5


@pytest.mark.parametrize("rounds", [1, 6])
def test_the_page_is_a_fixed_number_of_queries(
    signed_in: SignedIn,
    user: User,
    rounds: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    own = PostFactory(author=user)
    for _ in range(rounds):
        actor = UserFactory()
        post_create(author=actor, text="hi @ann", in_reply_to_id=own.pk)
        follow_create(follower=actor, followed=user)
        like_create(user=actor, post=own)
    client = signed_in(user)

    with django_assert_num_queries(PAGE_VIEW):
        response = client.get(URL)

    assert len(notifications_in(response)) == 3 * rounds
