"""Following and unfollowing another user."""

import pytest
from django.test import Client

from microposts.accounts.models import Follow, User
from tests.factories import FollowFactory
from tests.web.helpers import HTMX, login_redirect, messages_of, text_of, url

# --- Follow -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["follow", "unfollow"])
def test_an_anonymous_follow_is_sent_to_log_in(browser: Client, other: User, name: str) -> None:
    path = url(name, other.username)

    response = browser.post(path)

    assert response["Location"] == login_redirect(path)
    assert not Follow.objects.exists()


@pytest.mark.parametrize("name", ["follow", "unfollow"])
def test_a_get_cannot_follow_or_unfollow(anns_browser: Client, other: User, name: str) -> None:
    response = anns_browser.get(url(name, other.username))

    assert response.status_code == 405
    assert not Follow.objects.exists()


def test_follow_makes_the_link_and_goes_back_to_the_profile(
    anns_browser: Client, user: User, other: User
) -> None:
    response = anns_browser.post(url("follow", "bob"))

    assert Follow.objects.filter(follower=user, followed=other).exists()
    assert response["Location"] == url("profile", "bob")
    assert messages_of(response) == ["You follow @bob."]


def test_unfollow_removes_the_link(anns_browser: Client, user: User, other: User) -> None:
    FollowFactory(follower=user, followed=other)

    response = anns_browser.post(url("unfollow", "bob"), {"next": url("following", "ann")})

    assert not Follow.objects.exists()
    assert response["Location"] == url("following", "ann")
    assert messages_of(response) == ["You no longer follow @bob."]


def test_following_oneself_is_a_400_page_with_the_reason(anns_browser: Client) -> None:
    response = anns_browser.post(url("follow", "ann"))

    assert response.status_code == 400
    assert "You cannot follow yourself" in text_of(response)
    assert not Follow.objects.exists()


def test_following_a_user_who_does_not_exist_is_a_404_page(anns_browser: Client) -> None:
    response = anns_browser.post(url("follow", "nobody"))

    assert response.status_code == 404
    assert "User &#x27;nobody&#x27; not found" in text_of(response)


@pytest.mark.parametrize(
    ("name", "label", "next_action"),
    [("follow", "Unfollow @bob", "unfollow"), ("unfollow", "Follow @bob", "follow")],
)
def test_an_htmx_follow_answers_with_the_new_button(
    anns_browser: Client, user: User, other: User, name: str, label: str, next_action: str
) -> None:
    if name == "unfollow":
        FollowFactory(follower=user, followed=other)

    response = anns_browser.post(url(name, "bob"), headers=HTMX)

    page = text_of(response)
    assert page.strip().startswith('<form class="follow"')
    assert f'hx-post="{url(next_action, "bob")}"' in page
    assert f">{label}</button>" in page
    assert Follow.objects.exists() == (name == "follow")
    assert not messages_of(response)  # a message would show on a later page too
    said = "You follow @bob." if name == "follow" else "You no longer follow @bob."
    assert f'hx-swap-oob="innerHTML"><p class="message message-success">{said}</p>' in page
