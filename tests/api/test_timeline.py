"""Endpoint 9: the microposts of the users someone follows, oldest first."""

from microposts.accounts.models import User
from tests.api.helpers import assert_error, micropost_json, with_parsed_timestamp
from tests.conftest import ApiClient
from tests.factories import FollowFactory, PostFactory, UserFactory


def test_the_timeline_shows_posts_of_followed_users_oldest_first(
    api: ApiClient, user: User, other: User
):
    carl = UserFactory(username="carl")
    FollowFactory(follower=user, followed=other)
    FollowFactory(follower=user, followed=carl)
    first = PostFactory(author=other, text="first")
    second = PostFactory(author=carl, text="second", referenced="ann")
    third = PostFactory(author=other, text="third")

    response = api.get("/api/users/ann/timeline")

    assert response.status_code == 200
    body = response.json()
    assert (body["next"], body["previous"]) == (None, None)
    assert [with_parsed_timestamp(item) for item in body["result"]] == [
        micropost_json(first),
        micropost_json(second, referenced="ann"),
        micropost_json(third),
    ]


def test_the_timeline_leaves_out_own_and_unfollowed_posts(api: ApiClient, user: User, other: User):
    FollowFactory(follower=user, followed=other)
    followed = PostFactory(author=other)
    PostFactory(author=user, text="my own")
    PostFactory(author=UserFactory(), text="a stranger's")
    FollowFactory(follower=other, followed=UserFactory())  # whom bob follows is bob's business

    ids = [item["id"] for item in api.get("/api/users/ann/timeline").json()["result"]]

    assert ids == [str(followed.pk)]


def test_the_timeline_drops_a_user_once_unfollowed(api: ApiClient, user: User, other: User):
    FollowFactory(follower=user, followed=other)
    PostFactory(author=other)

    assert api.delete("/api/users/ann/following/bob").status_code == 204

    assert api.get("/api/users/ann/timeline").json()["result"] == []


def test_anyone_may_read_another_users_timeline(api: ApiClient, user: User, other: User):
    carl = UserFactory(username="carl")
    FollowFactory(follower=other, followed=carl)
    post = PostFactory(author=carl)

    response = api.get("/api/users/bob/timeline")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["result"]] == [str(post.pk)]


def test_the_timeline_of_someone_who_follows_nobody_is_empty(api: ApiClient, user: User):
    PostFactory(author=user)

    assert api.get("/api/users/ann/timeline").json() == {
        "next": None,
        "previous": None,
        "result": [],
    }


def test_the_timeline_of_an_unknown_user_is_not_found(api: ApiClient):
    assert_error(api.get("/api/users/nobody/timeline"), 404, "'nobody'", "not found")
