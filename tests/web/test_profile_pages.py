"""Profiles, and the lists of who follows a user and whom they follow."""

import pytest
from django.test import Client
from django.urls import reverse

from microposts.accounts.models import User
from tests.factories import FollowFactory, PostFactory, UserFactory
from tests.web.helpers import (
    HTMX,
    PAGE_SIZE,
    SignedIn,
    headings,
    links,
    next_link,
    profile_url,
    suspend,
    text_of,
)

pytestmark = pytest.mark.django_db

# Profiles


def test_a_profile_shows_who_it_is_their_counts_and_their_posts(browser: Client, ann: User) -> None:
    FollowFactory(followed=ann)
    FollowFactory(followed=ann)
    FollowFactory(follower=ann)
    PostFactory(author=ann, text="ann wrote this")
    PostFactory(text="someone else wrote this")

    response = browser.get(reverse("web:profile", args=["ANN"]))

    assert response.status_code == 200
    assert headings(response, 1) == ["Ann Example @ann"]
    assert headings(response, 2) == ["Posts"]
    page = text_of(response)
    assert "ann wrote this" in page
    assert "someone else wrote this" not in page
    assert "2 followers" in page
    assert "1 following" in page
    assert "1 post<" in page
    assert {reverse("web:followers", args=["ann"]), reverse("web:following", args=["ann"])} <= (
        links(response)
    )


def test_a_profile_escapes_the_bio(browser: Client, ann: User) -> None:
    page = text_of(browser.get(profile_url(ann)))

    assert "I bake.<br>&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_a_signed_in_visitor_gets_a_follow_button(
    signed_in: SignedIn, ann: User, other: User
) -> None:
    response = signed_in(other).get(profile_url(ann))

    assert f'action="{reverse("web:follow", args=["ann"])}"' in text_of(response)
    assert response.context["viewer_follows"] is False


def test_a_follower_gets_an_unfollow_button(signed_in: SignedIn, ann: User, other: User) -> None:
    FollowFactory(follower=other, followed=ann)

    response = signed_in(other).get(profile_url(ann))

    assert f'action="{reverse("web:unfollow", args=["ann"])}"' in text_of(response)
    assert response.context["viewer_follows"] is True


def test_the_owner_gets_no_follow_button_but_a_link_to_edit(signed_in: SignedIn, ann: User) -> None:
    response = signed_in(ann).get(profile_url(ann))

    assert f'action="{reverse("web:follow", args=["ann"])}"' not in text_of(response)
    assert reverse("web:profile_edit") in links(response)


def test_an_anonymous_visitor_gets_no_follow_form(browser: Client, ann: User) -> None:
    response = browser.get(profile_url(ann))

    assert f'action="{reverse("web:follow", args=["ann"])}"' not in text_of(response)
    assert reverse("web:profile_edit") not in links(response)


@pytest.mark.parametrize("name", ["nobody", "bad%00name", "spammer"])
def test_a_profile_of_no_active_user_is_not_found(browser: Client, name: str) -> None:
    suspend(UserFactory(username="spammer"))

    response = browser.get(f"/@{name}")

    assert response.status_code == 404
    assert headings(response, 1) == ["Not found"]


def test_a_profiles_load_more_by_htmx_answers_only_older_posts(browser: Client, ann: User) -> None:
    for number in range(PAGE_SIZE + 1):
        PostFactory(author=ann, text=f"number {number}")
    first = browser.get(profile_url(ann))

    more = browser.get(f"{profile_url(ann)}?{next_link(first)}", headers=HTMX)

    assert "number 0<" in text_of(more)
    assert "number 1<" not in text_of(more)
    assert "<h1" not in text_of(more)
    assert "profile-header" not in text_of(more)


# Followers and following


@pytest.mark.parametrize(
    ("route", "heading"),
    [("web:followers", "People following @ann"), ("web:following", "People @ann follows")],
)
def test_a_follow_list_links_to_each_persons_profile(
    browser: Client, ann: User, route: str, heading: str
) -> None:
    friend = UserFactory(username="friend", display_name="Fred Friend")
    FollowFactory(follower=friend, followed=ann)
    FollowFactory(follower=ann, followed=friend)

    response = browser.get(reverse(route, args=["ann"]))

    assert response.status_code == 200
    assert headings(response, 1) == [heading]
    assert {profile_url(friend), profile_url(ann)} <= links(response)
    assert "Fred Friend" in text_of(response)


def test_a_follow_list_leaves_out_suspended_users(browser: Client, ann: User) -> None:
    FollowFactory(follower=UserFactory(username="friend"), followed=ann)
    spammer = UserFactory(username="spammer")
    FollowFactory(follower=spammer, followed=ann)
    suspend(spammer)

    page = text_of(browser.get(reverse("web:followers", args=["ann"])))

    assert "@friend" in page
    assert "@spammer" not in page


def test_an_empty_follow_list_says_so(browser: Client, ann: User) -> None:
    assert "No one yet." in text_of(browser.get(reverse("web:following", args=["ann"])))


def test_a_follow_lists_load_more_by_htmx_answers_only_the_next_people(
    browser: Client, ann: User
) -> None:
    first_follower = UserFactory(username="first")
    FollowFactory(follower=first_follower, followed=ann)
    for _ in range(PAGE_SIZE):
        FollowFactory(followed=ann)
    url = reverse("web:followers", args=["ann"])
    first = browser.get(url)
    assert "@first<" not in text_of(first)

    more = browser.get(f"{url}?{next_link(first)}", headers=HTMX)

    assert more.status_code == 200
    assert text_of(more).count("<li") == 1
    assert "@first<" in text_of(more)
    assert "<h1" not in text_of(more)


@pytest.mark.parametrize("route", ["web:followers", "web:following"])
def test_a_follow_list_of_an_unknown_user_is_not_found(browser: Client, route: str) -> None:
    assert browser.get(reverse(route, args=["nobody"])).status_code == 404


def test_a_follow_list_with_a_bad_cursor_is_a_400_page(browser: Client, ann: User) -> None:
    response = browser.get(reverse("web:followers", args=["ann"]) + "?cursor=bad")

    assert response.status_code == 400
