"""Every endpoint but login answers 401, with a WWW-Authenticate header, without a valid token."""

from collections.abc import Callable

import pytest
from django.test import Client

from microposts.accounts.models import Follow, User
from microposts.posts.models import Post
from tests.api.helpers import assert_unauthenticated
from tests.conftest import ApiClient
from tests.factories import FollowFactory, PostFactory, UserFactory, token_for

# Each of the thirteen endpoints that need a token, with a body it would accept.
PROTECTED = [
    ("DELETE", "/api/token", None),
    ("GET", "/api/users/ann", None),
    ("GET", "/api/users/ann/collection", None),
    ("POST", "/api/users/ann/collection", {"text": "hello"}),
    ("GET", "/api/users/ann/collection/{post}", None),
    ("PUT", "/api/users/ann/collection/{post}", {"text": "changed"}),
    ("PATCH", "/api/users/ann/collection/{post}", {"text": "changed"}),
    ("DELETE", "/api/users/ann/collection/{post}", None),
    ("GET", "/api/users/ann/timeline", None),
    ("GET", "/api/users/ann/following", None),
    ("POST", "/api/users/ann/following", {"username": "carl"}),
    ("DELETE", "/api/users/ann/following/bob", None),
    ("GET", "/api/users/ann/followers", None),
    ("GET", "/api/search?text=hello", None),
]


@pytest.fixture
def existing(user: User, other: User) -> Post:
    """Data every protected call would act on, had it been authenticated."""
    UserFactory(username="carl")
    FollowFactory(follower=user, followed=other)
    FollowFactory(follower=other, followed=user)
    PostFactory(author=other, text="hello from bob")
    return PostFactory(author=user, text="hello from ann")


def _call(client: ApiClient, method: str, path: str, body: object, post: Post) -> object:
    return client.send(method, path.format(post=post.pk), body)


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_a_call_without_a_token_is_unauthenticated_and_changes_nothing(
    anonymous: ApiClient, existing: Post, method: str, path: str, body: object
):
    posts_before = list(Post.objects.values_list("pk", "text").order_by("pk"))
    follows_before = list(Follow.objects.values_list("pk", flat=True).order_by("pk"))

    assert_unauthenticated(_call(anonymous, method, path, body, existing))

    assert list(Post.objects.values_list("pk", "text").order_by("pk")) == posts_before
    assert list(Follow.objects.values_list("pk", flat=True).order_by("pk")) == follows_before


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_a_call_with_an_unknown_token_is_unauthenticated(
    existing: Post, method: str, path: str, body: object
):
    client = ApiClient("not-a-token-we-ever-issued")

    assert_unauthenticated(_call(client, method, path, body, existing))


@pytest.mark.parametrize(
    "header",
    [
        "Basic YW5uOmEgbG9uZyB0ZXN0IHBhc3N3b3Jk",  # ann's real password, in the wrong scheme
        "Bearer",
        "Bearer ",
        "Token abc",
        "garbage",
        "Bearer \u00fc\u00f1\u00ef",
    ],
)
def test_a_malformed_authorization_header_is_unauthenticated(user: User, header: str):
    client = Client(headers={"Authorization": header})

    assert_unauthenticated(client.get("/api/users/ann"))


def test_the_bearer_scheme_is_matched_regardless_of_case(user: User):
    client = Client(headers={"Authorization": f"bearer {token_for(user)}"})

    assert client.get("/api/users/ann").status_code == 200


def test_a_browser_session_is_not_an_api_credential(user: User):
    client = Client()
    client.force_login(user)

    assert_unauthenticated(client.get("/api/users/ann"))


def test_a_token_acts_as_its_owner_only(
    user: User, other: User, api_as: Callable[[User], ApiClient]
):
    bob = api_as(other)

    assert bob.send("POST", "/api/users/ann/collection", {"text": "hi"}).status_code == 403
    assert bob.send("POST", "/api/users/bob/collection", {"text": "hi"}).status_code == 201


def test_an_unauthenticated_call_is_refused_before_its_body_is_read(anonymous: ApiClient):
    response = anonymous.generic(
        "POST", "/api/users/ann/collection", "{not json", content_type="application/json"
    )

    assert_unauthenticated(response)
