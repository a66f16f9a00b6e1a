from collections.abc import Callable

import pytest
from pytest_django import DjangoAssertNumQueries

from microposts.accounts.errors import UserNotFound
from microposts.accounts.models import User
from microposts.accounts.selectors import (
    FollowRow,
    followers_page,
    following_page,
    is_following,
    user_by_username,
    username_exists,
    users_by_usernames,
    users_matching,
)
from microposts.core.pagination import Page, PageRequest
from tests.factories import FollowFactory, UserFactory

pytestmark = pytest.mark.django_db

FollowList = Callable[..., Page[FollowRow]]


def every_page(selector: FollowList, user: User, size: int) -> list[list[str]]:
    pages = [selector(user=user, request=PageRequest(size=size))]
    while pages[-1].next is not None:
        pages.append(selector(user=user, request=PageRequest(size=size, cursor=pages[-1].next)))
    return [[row.username for row in page.items] for page in pages]


@pytest.mark.parametrize("typed", ["ann", "ANN", "Ann"])
def test_a_user_is_found_by_username_whatever_its_case(typed: str) -> None:
    ann = UserFactory(username="aNN", display_name="Ann A.", email="ann@example.org", bio="Hi")

    found = user_by_username(username=typed)

    assert found == ann
    assert (found.username, found.display_name, found.email, found.bio) == (
        "aNN",
        "Ann A.",
        "ann@example.org",
        "Hi",
    )
    assert found.is_active
    assert found.created == ann.created


def test_a_deactivated_user_is_not_found_by_username() -> None:
    UserFactory(username="ann", is_active=False)

    with pytest.raises(UserNotFound):
        user_by_username(username="ann")


@pytest.mark.parametrize("username", ["ann\x00", "\x00", "ann%", "an_", "a" * 31, "änn"])
def test_a_username_that_cannot_exist_is_not_found(username: str) -> None:
    UserFactory(username="ann")

    with pytest.raises(UserNotFound):
        user_by_username(username=username)
    assert not username_exists(username=username)
    assert users_by_usernames(usernames=[username]) == []


def test_an_unknown_username_is_not_found() -> None:
    UserFactory(username="ann")

    with pytest.raises(UserNotFound) as refused:
        user_by_username(username="anne")

    assert refused.value.username == "anne"


def test_a_username_exists_in_any_case_even_when_deactivated() -> None:
    UserFactory(username="ann", is_active=False)

    assert username_exists(username="ANN")
    assert not username_exists(username="bob")


def test_users_by_usernames_finds_active_users_in_any_case_and_skips_the_rest() -> None:
    ann, bob = UserFactory(username="ann"), UserFactory(username="Bob")
    UserFactory(username="cy", is_active=False)

    found = users_by_usernames(usernames=["ANN", "bob", "BOB", "cy", "nobody"])

    assert sorted(found, key=lambda user: user.pk) == [ann, bob]


def test_users_by_no_usernames_is_empty_without_a_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(0):
        assert users_by_usernames(usernames=[]) == []


def test_followers_are_listed_most_recent_first() -> None:
    ann = UserFactory(username="ann")
    for name in ["bob", "cy", "dan"]:
        FollowFactory(follower=UserFactory(username=name), followed=ann)
    FollowFactory(follower=ann, followed=UserFactory(username="eve"))  # whom ann follows

    page = followers_page(user=ann, request=PageRequest(size=10))

    assert [row.username for row in page.items] == ["dan", "cy", "bob"]
    assert (page.next, page.previous) == (None, None)


def test_followed_users_are_listed_most_recent_first() -> None:
    ann = UserFactory(username="ann")
    for name in ["bob", "cy", "dan"]:
        FollowFactory(follower=ann, followed=UserFactory(username=name))
    FollowFactory(follower=UserFactory(username="eve"), followed=ann)  # who follows ann

    page = following_page(user=ann, request=PageRequest(size=10))

    assert [row.username for row in page.items] == ["dan", "cy", "bob"]


FOLLOW_LISTS = pytest.mark.parametrize(
    ("selector", "link"),
    [
        pytest.param(
            followers_page,
            lambda ann, other: FollowFactory(follower=other, followed=ann),
            id="followers",
        ),
        pytest.param(
            following_page,
            lambda ann, other: FollowFactory(follower=ann, followed=other),
            id="following",
        ),
    ],
)


@FOLLOW_LISTS
def test_follow_lists_page_through_every_user_once_both_ways(
    selector: FollowList, link: Callable[[User, User], object]
) -> None:
    ann = UserFactory(username="ann")
    names = [f"user_{number}" for number in range(7)]
    for name in names:
        link(ann, UserFactory(username=name))

    forward = every_page(selector, ann, size=3)
    last = selector(user=ann, request=PageRequest(size=3, offset=6))
    assert last.previous is not None
    back = selector(user=ann, request=PageRequest(size=3, cursor=last.previous))

    assert forward == [names[6:3:-1], names[3:0:-1], names[0:1]]
    assert [row.username for row in last.items] == ["user_0"]
    assert [row.username for row in back.items] == names[3:0:-1]


def test_a_follow_list_row_carries_the_follow_links_id_as_its_key() -> None:
    ann = UserFactory()
    follow = FollowFactory(follower=UserFactory(username="bob", display_name="Bob"), followed=ann)

    page = followers_page(user=ann, request=PageRequest(size=5))

    assert page.items == [FollowRow(key=follow.pk, username="bob", display_name="Bob")]


@FOLLOW_LISTS
@pytest.mark.parametrize("follows", [1, 12])
def test_a_follow_list_page_is_one_query_however_many_follows_there_are(
    selector: FollowList,
    link: Callable[[User, User], object],
    follows: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    ann = UserFactory()
    for _ in range(follows):
        link(ann, UserFactory())

    with django_assert_num_queries(1):
        page = selector(user=ann, request=PageRequest(size=10))
        usernames = [row.username for row in page.items]

    assert len(usernames) == min(follows, 10)


def test_is_following_tells_one_direction_of_a_follow() -> None:
    ann, bob = UserFactory(), UserFactory()
    FollowFactory(follower=ann, followed=bob)

    assert is_following(follower=ann, followed=bob)
    assert not is_following(follower=bob, followed=ann)


def test_users_match_by_part_of_username_or_display_name_in_any_case() -> None:
    UserFactory(username="annie", display_name="")
    UserFactory(username="zed", display_name="Joanna Z")
    UserFactory(username="bob", display_name="Bob")
    UserFactory(username="hanna", display_name="", is_active=False)

    assert [user.username for user in users_matching(text=" ANN ")] == ["annie", "zed"]


@pytest.mark.parametrize("text", ["", "   ", "ann\x00"])
def test_users_matching_nothing_sayable_is_empty_without_a_query(
    text: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    UserFactory(username="ann")

    with django_assert_num_queries(0):
        assert users_matching(text=text) == []


def test_users_matching_stops_at_the_limit() -> None:
    for number in range(4):
        UserFactory(username=f"cook{number}")

    assert [user.username for user in users_matching(text="cook", limit=3)] == [
        "cook0",
        "cook1",
        "cook2",
    ]
