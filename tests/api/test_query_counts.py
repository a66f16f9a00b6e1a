"""Every list endpoint, and one micropost, costs a fixed number of queries however many rows."""

from collections.abc import Callable

import pytest
from pytest_django import DjangoAssertNumQueries

from microposts.accounts.models import User
from tests.conftest import ApiClient
from tests.factories import FollowFactory, PostFactory, UserFactory

# One query checks the token, one finds the user in the path, one reads the page. The timeline
# finds the user together with whom they follow, which chooses its plan (posts/selectors.py).
FOLLOWING, FOLLOWERS, MICROPOST = 3, 3, 3
COLLECTION = 2  # the user is found inside the page's query (posts/selectors.py)
EMPTY_COLLECTION = 3  # and looked up again only when the page is empty
TIMELINE = 3
SEARCH = 2  # no user in the path

ROWS = [3, 25]


def assert_listed(response: object, rows: int) -> None:
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    assert len(response.json()["result"]) == rows  # type: ignore[attr-defined]


@pytest.mark.parametrize("rows", ROWS)
def test_a_collection_costs_the_same_queries_for_any_number_of_microposts(
    api: ApiClient, user: User, django_assert_num_queries: DjangoAssertNumQueries, rows: int
):
    referenced = UserFactory()
    for _ in range(rows):
        PostFactory(author=user, referenced=referenced.username)

    with django_assert_num_queries(COLLECTION):
        response = api.get("/api/users/ann/collection?size=100")

    assert_listed(response, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_a_timeline_costs_the_same_queries_for_any_number_of_authors(
    api: ApiClient, user: User, django_assert_num_queries: DjangoAssertNumQueries, rows: int
):
    referenced = UserFactory()
    for _ in range(rows):
        author = UserFactory()
        FollowFactory(follower=user, followed=author)
        PostFactory(author=author, referenced=referenced.username)

    with django_assert_num_queries(TIMELINE):
        response = api.get("/api/users/ann/timeline?size=100")

    assert_listed(response, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_following_costs_the_same_queries_for_any_number_of_users(
    api: ApiClient, user: User, django_assert_num_queries: DjangoAssertNumQueries, rows: int
):
    for _ in range(rows):
        FollowFactory(follower=user, followed=UserFactory())

    with django_assert_num_queries(FOLLOWING):
        response = api.get("/api/users/ann/following?size=100")

    assert_listed(response, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_followers_cost_the_same_queries_for_any_number_of_users(
    api: ApiClient, user: User, django_assert_num_queries: DjangoAssertNumQueries, rows: int
):
    for _ in range(rows):
        FollowFactory(follower=UserFactory(), followed=user)

    with django_assert_num_queries(FOLLOWERS):
        response = api.get("/api/users/ann/followers?size=100")

    assert_listed(response, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_search_costs_the_same_queries_for_any_number_of_matches(
    api: ApiClient, user: User, django_assert_num_queries: DjangoAssertNumQueries, rows: int
):
    referenced = UserFactory()
    for n in range(rows):
        PostFactory(author=UserFactory(), text=f"match {n}", referenced=referenced.username)

    with django_assert_num_queries(SEARCH):
        response = api.get("/api/search?text=match&size=100")

    assert_listed(response, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_a_later_page_costs_no_more_than_the_first(
    api: ApiClient, user: User, django_assert_num_queries: DjangoAssertNumQueries, rows: int
):
    for _ in range(rows):
        PostFactory(author=user)
    next_page = api.get("/api/users/ann/collection?size=2").json()["next"]

    with django_assert_num_queries(COLLECTION):
        response = api.get(next_page)

    assert_listed(response, min(2, rows - 2))


def test_one_micropost_costs_a_fixed_number_of_queries(
    api_as: Callable[[User], ApiClient],
    user: User,
    other: User,
    django_assert_num_queries: DjangoAssertNumQueries,
):
    post = PostFactory(author=other, text="with a reference", referenced="ann")
    client = api_as(user)

    with django_assert_num_queries(MICROPOST):
        response = client.get(f"/api/users/bob/collection/{post.pk}")

    assert response.status_code == 200
    assert response.json()["referenced"] == "ann"


def test_an_empty_collection_asks_once_more_whether_the_user_exists(
    api: ApiClient, user: User, django_assert_num_queries: DjangoAssertNumQueries
):
    with django_assert_num_queries(EMPTY_COLLECTION):
        response = api.get("/api/users/ann/collection")

    assert_listed(response, 0)
