"""Endpoints 3 and 10-13: a user, whom they follow, who follows them, follow and unfollow."""

from collections.abc import Callable

import pytest

from microposts.accounts.models import Follow, User
from tests.api.helpers import assert_error, user_json
from tests.conftest import ApiClient
from tests.factories import FollowFactory, UserFactory


def follows_of(user: User) -> set[str]:
    return set(Follow.objects.filter(follower=user).values_list("followed__username", flat=True))


# 3. GET /api/users/<username>


def test_a_user_is_shown_with_the_url_of_their_collection(api: ApiClient, other: User):
    response = api.get("/api/users/bob")

    assert response.status_code == 200
    assert response.json() == {
        "username": "bob",
        "collection": "http://testserver/api/users/bob/collection",
    }


def test_a_user_is_found_by_any_case_of_their_name_and_shown_as_stored(api: ApiClient):
    UserFactory(username="CamelCase")

    response = api.get("/api/users/camelcase")

    assert response.status_code == 200
    assert response.json()["username"] == "CamelCase"


def test_showing_an_unknown_user_is_not_found(api: ApiClient):
    assert_error(api.get("/api/users/nobody"), 404, "'nobody'", "not found")


def test_a_deactivated_user_is_not_found(api: ApiClient):
    UserFactory(username="gone", is_active=False)

    assert_error(api.get("/api/users/gone"), 404, "'gone'", "not found")


# 10. GET /api/users/<username>/following


def test_following_lists_whom_a_user_follows_most_recent_first(api: ApiClient, user: User):
    carl, dora, erin = (UserFactory(username=name) for name in ("carl", "dora", "erin"))
    for followed in (carl, dora, erin):
        FollowFactory(follower=user, followed=followed)
    FollowFactory(follower=carl, followed=user)  # the other direction is not listed

    response = api.get("/api/users/ann/following")

    assert response.status_code == 200
    assert response.json() == {
        "next": None,
        "previous": None,
        "result": [user_json(erin), user_json(dora), user_json(carl)],
    }


def test_following_of_a_user_who_follows_nobody_is_empty(api: ApiClient, other: User):
    response = api.get("/api/users/bob/following")

    assert response.status_code == 200
    assert response.json() == {"next": None, "previous": None, "result": []}


def test_following_of_an_unknown_user_is_not_found(api: ApiClient):
    assert_error(api.get("/api/users/nobody/following"), 404, "'nobody'")


# 13. GET /api/users/<username>/followers


def test_followers_lists_who_follows_a_user_most_recent_first(api: ApiClient, other: User):
    carl, dora = UserFactory(username="carl"), UserFactory(username="dora")
    FollowFactory(follower=dora, followed=other)
    FollowFactory(follower=carl, followed=other)
    FollowFactory(follower=other, followed=UserFactory())  # whom bob follows is not listed

    response = api.get("/api/users/bob/followers")

    assert response.status_code == 200
    assert response.json() == {
        "next": None,
        "previous": None,
        "result": [user_json(carl), user_json(dora)],
    }


def test_followers_of_an_unknown_user_is_not_found(api: ApiClient):
    assert_error(api.get("/api/users/nobody/followers"), 404, "'nobody'")


# 11. POST /api/users/<username>/following


def test_following_a_user_adds_them_and_answers_with_the_user(
    api: ApiClient, user: User, other: User
):
    response = api.send("POST", "/api/users/ann/following", {"username": "bob"})

    assert response.status_code == 201
    assert response.json() == user_json(other)
    assert follows_of(user) == {"bob"}
    assert [row["username"] for row in api.get("/api/users/bob/followers").json()["result"]] == [
        "ann"
    ]


def test_following_a_user_again_changes_nothing(api: ApiClient, user: User, other: User):
    FollowFactory(follower=user, followed=other)

    response = api.send("POST", "/api/users/ann/following", {"username": "bob"})

    assert response.status_code == 200
    assert response.json() == user_json(other)
    assert Follow.objects.filter(follower=user).count() == 1


def test_following_names_the_user_in_any_case(api: ApiClient, user: User, other: User):
    response = api.send("POST", "/api/users/ann/following", {"username": "BOB"})

    assert response.status_code == 201
    assert response.json()["username"] == "bob"
    assert follows_of(user) == {"bob"}


def test_following_an_unknown_user_is_a_bad_request(api: ApiClient, user: User):
    response = api.send("POST", "/api/users/ann/following", {"username": "nobody"})

    assert_error(response, 400, "'nobody'", "not found")
    assert follows_of(user) == set()


def test_following_a_deactivated_user_is_a_bad_request(api: ApiClient, user: User):
    UserFactory(username="gone", is_active=False)

    response = api.send("POST", "/api/users/ann/following", {"username": "gone"})

    assert_error(response, 400, "'gone'")
    assert follows_of(user) == set()


def test_following_oneself_is_a_bad_request(api: ApiClient, user: User):
    response = api.send("POST", "/api/users/ann/following", {"username": "ann"})

    assert_error(response, 400, "cannot follow yourself")
    assert follows_of(user) == set()


@pytest.mark.parametrize(
    ("body", "phrases"),
    [
        ({}, ("'username'", "required")),
        ({"username": 5}, ("'username'", "string")),
        ({"username": None}, ("'username'", "string")),
        ({"name": "bob"}, ("'username'", "required")),
        (["bob"], ("JSON object",)),
    ],
)
def test_following_with_a_bad_body_is_a_bad_request(
    api: ApiClient, user: User, other: User, body: object, phrases: tuple[str, ...]
):
    response = api.send("POST", "/api/users/ann/following", body)

    assert_error(response, 400, *phrases)
    assert follows_of(user) == set()


def test_following_for_an_unknown_user_is_not_found(api: ApiClient, other: User):
    response = api.send("POST", "/api/users/nobody/following", {"username": "bob"})

    assert_error(response, 404, "'nobody'")


def test_following_on_behalf_of_another_user_is_forbidden(api: ApiClient, other: User, user: User):
    carl = UserFactory(username="carl")

    response = api.send("POST", "/api/users/bob/following", {"username": "carl"})

    assert_error(response, 403, "your own following list")
    assert follows_of(other) == set()
    assert not Follow.objects.filter(followed=carl).exists()


# 12. DELETE /api/users/<username>/following/<other>


def test_unfollowing_removes_the_user_from_the_following_list(
    api: ApiClient, user: User, other: User
):
    FollowFactory(follower=user, followed=other)
    FollowFactory(follower=user, followed=UserFactory(username="carl"))

    response = api.delete("/api/users/ann/following/bob")

    assert response.status_code == 204
    assert response.content == b""
    assert follows_of(user) == {"carl"}


def test_unfollowing_names_the_user_in_any_case(api: ApiClient, user: User, other: User):
    FollowFactory(follower=user, followed=other)

    assert api.delete("/api/users/ANN/following/BOB").status_code == 204
    assert follows_of(user) == set()


def test_unfollowing_a_user_one_does_not_follow_is_not_found(
    api: ApiClient, user: User, other: User
):
    assert_error(api.delete("/api/users/ann/following/bob"), 404, "'bob'")


def test_unfollowing_an_unknown_user_is_not_found(api: ApiClient, user: User):
    assert_error(api.delete("/api/users/ann/following/nobody"), 404, "'nobody'")


def test_unfollowing_from_an_unknown_users_list_is_not_found(api: ApiClient, other: User):
    assert_error(api.delete("/api/users/nobody/following/bob"), 404, "'nobody'")


def test_unfollow_of_another_users_list_is_forbidden(
    api_as: Callable[[User], ApiClient], user: User, other: User
):
    carl = UserFactory(username="carl")
    FollowFactory(follower=other, followed=carl)

    response = api_as(user).delete("/api/users/bob/following/carl")

    assert_error(response, 403, "your own following list")
    assert follows_of(other) == {"carl"}
