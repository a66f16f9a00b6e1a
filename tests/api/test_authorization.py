"""Nobody changes another user's collection or following list: 403, and nothing is stored."""

from collections.abc import Callable
from typing import NamedTuple

import pytest

from microposts.accounts.models import Follow, User
from microposts.posts.models import Mention, Post
from tests.api.helpers import assert_error
from tests.conftest import ApiClient
from tests.factories import FollowFactory, PostFactory, UserFactory


class Attempt(NamedTuple):
    method: str
    path: str
    body: object
    refusal: str  # what the 403 message says one may change only one's own of
    owner_status: int  # what ann gets for the same call


# Every write bob might try on ann's data, each with a body that is valid.
ATTEMPTS = [
    Attempt("POST", "/api/users/ann/collection", {"text": "bob as ann"}, "collection", 201),
    Attempt("PUT", "/api/users/ann/collection/{post}", {"text": "bob was here"}, "microposts", 200),
    Attempt("PATCH", "/api/users/ann/collection/{post}", {"referenced": "bob"}, "microposts", 200),
    Attempt("DELETE", "/api/users/ann/collection/{post}", None, "microposts", 204),
    Attempt("POST", "/api/users/ann/following", {"username": "bob"}, "following list", 201),
    Attempt("DELETE", "/api/users/ann/following/carl", None, "following list", 204),
]
BY_NAME = [pytest.param(attempt, id=f"{attempt.method} {attempt.path}") for attempt in ATTEMPTS]


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "posts": list(
            Post.objects.order_by("pk").values_list("pk", "author_id", "text", "referenced_id")
        ),
        "mentions": list(Mention.objects.order_by("pk").values_list("post_id", "user_id")),
        "follows": list(Follow.objects.order_by("pk").values_list("follower_id", "followed_id")),
    }


@pytest.mark.parametrize("attempt", BY_NAME)
def test_changing_another_users_data_is_forbidden_and_changes_nothing(
    api_as: Callable[[User], ApiClient], user: User, other: User, attempt: Attempt
):
    carl = UserFactory(username="carl")
    FollowFactory(follower=user, followed=carl)
    post = PostFactory(author=user, text="ann's words about @carl", referenced="carl")
    before = snapshot()

    response = api_as(other).send(attempt.method, attempt.path.format(post=post.pk), attempt.body)

    assert_error(response, 403, f"your own {attempt.refusal}")
    assert snapshot() == before


@pytest.mark.parametrize("attempt", BY_NAME)
def test_the_owner_may_make_the_same_changes(
    api_as: Callable[[User], ApiClient], user: User, other: User, attempt: Attempt
):
    # The other half of the rule: the same calls succeed for ann, so the 403 above is about bob.
    FollowFactory(follower=user, followed=UserFactory(username="carl"))
    post = PostFactory(author=user, text="ann's words")
    before = snapshot()

    response = api_as(user).send(attempt.method, attempt.path.format(post=post.pk), attempt.body)

    assert response.status_code == attempt.owner_status, response.content
    assert snapshot() != before, "the owner's change was answered but not stored"
