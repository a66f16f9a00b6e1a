"""Endpoint 7: PUT replaces a micropost's text and referenced user, PATCH only what is given."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from microposts.accounts.models import User
from microposts.posts.models import Mention, Post
from tests.api.helpers import assert_error, micropost_path, parse_timestamp
from tests.conftest import ApiClient
from tests.factories import PostFactory, UserFactory


def mentioned_in(post: Post) -> set[str]:
    return set(Mention.objects.filter(post=post).values_list("user__username", flat=True))


def stored(post: Post) -> tuple[str, str | None]:
    fresh = Post.objects.select_related("referenced").get(pk=post.pk)
    return fresh.text, fresh.referenced.username if fresh.referenced else None


@pytest.fixture
def post(user: User, other: User) -> Post:
    """Ann's micropost, made long ago, referencing bob."""
    made = PostFactory(author=user, text="original words", referenced="bob")
    Post.objects.filter(pk=made.pk).update(created=timezone.now() - timedelta(days=30))
    return Post.objects.get(pk=made.pk)


def test_put_replaces_text_and_referenced_user(api: ApiClient, post: Post):
    UserFactory(username="carl")

    response = api.send("PUT", micropost_path(post), {"text": "new words", "referenced": "carl"})

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(post.pk)
    assert body["text"] == "new words"
    assert body["referenced"] == "carl"
    assert stored(post) == ("new words", "carl")
    assert api.get(micropost_path(post)).json() == body


def test_put_without_a_referenced_user_clears_it(api: ApiClient, post: Post):
    response = api.send("PUT", micropost_path(post), {"text": "new words"})

    assert response.status_code == 200
    assert response.json()["referenced"] is None
    assert stored(post) == ("new words", None)


def test_put_without_text_is_refused(api: ApiClient, post: Post):
    response = api.send("PUT", micropost_path(post), {"referenced": "bob"})

    assert_error(response, 400, "'text'", "required")
    assert stored(post) == ("original words", "bob")


def test_patch_of_the_text_keeps_the_referenced_user(api: ApiClient, post: Post):
    response = api.send("PATCH", micropost_path(post), {"text": "new words"})

    assert response.status_code == 200
    assert (response.json()["text"], response.json()["referenced"]) == ("new words", "bob")
    assert stored(post) == ("new words", "bob")


def test_patch_of_the_referenced_user_keeps_the_text(api: ApiClient, post: Post):
    UserFactory(username="carl")

    response = api.send("PATCH", micropost_path(post), {"referenced": "carl"})

    assert response.status_code == 200
    assert (response.json()["text"], response.json()["referenced"]) == ("original words", "carl")
    assert stored(post) == ("original words", "carl")


def test_patch_with_a_null_referenced_user_clears_it(api: ApiClient, post: Post):
    response = api.send("PATCH", micropost_path(post), {"referenced": None})

    assert response.status_code == 200
    assert response.json()["referenced"] is None
    assert stored(post) == ("original words", None)


def test_patch_with_nothing_changes_nothing(api: ApiClient, post: Post):
    response = api.send("PATCH", micropost_path(post), {})

    assert response.status_code == 200
    assert (response.json()["text"], response.json()["referenced"]) == ("original words", "bob")
    assert stored(post) == ("original words", "bob")


def test_patch_with_null_text_is_refused(api: ApiClient, post: Post):
    response = api.send("PATCH", micropost_path(post), {"text": None})

    assert_error(response, 400, "'text'", "empty")
    assert stored(post) == ("original words", "bob")


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_never_moves_the_timestamp(api: ApiClient, post: Post, method: str):
    response = api.send(method, micropost_path(post), {"text": "new words"})

    assert response.status_code == 200
    assert parse_timestamp(response.json()["timestamp"]) == post.created
    assert Post.objects.get(pk=post.pk).created == post.created


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_derives_the_mentions_again(api: ApiClient, user: User, other: User, method: str):
    UserFactory(username="carl")
    UserFactory(username="dora")
    post = PostFactory(author=user, text="hello @carl")
    assert mentioned_in(post) == {"carl"}

    response = api.send(method, micropost_path(post), {"text": "hello @dora", "referenced": "bob"})

    assert response.status_code == 200
    assert mentioned_in(post) == {"dora", "bob"}


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_keeps_the_edited_micropost_in_its_place(api: ApiClient, user: User, method: str):
    older, middle, newer = (PostFactory(author=user, text=f"post {n}") for n in range(3))

    assert api.send(method, micropost_path(older), {"text": "edited last"}).status_code == 200

    listed = api.get("/api/users/ann/collection").json()["result"]
    assert [item["id"] for item in listed] == [str(newer.pk), str(middle.pk), str(older.pk)]
    assert listed[2]["text"] == "edited last"


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_to_text_over_the_limit_is_refused(
    api: ApiClient, post: Post, settings: Settings, method: str
):
    settings.MAX_POST_LENGTH = 10

    response = api.send(method, micropost_path(post), {"text": "x" * 11})

    assert_error(response, 400, "'text'", "too long", "10")
    assert stored(post) == ("original words", "bob")


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_to_blank_text_is_refused(api: ApiClient, post: Post, method: str):
    response = api.send(method, micropost_path(post), {"text": "   "})

    assert_error(response, 400, "'text'", "empty")
    assert stored(post) == ("original words", "bob")


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_to_an_unknown_referenced_user_is_refused(api: ApiClient, post: Post, method: str):
    response = api.send(method, micropost_path(post), {"text": "x", "referenced": "ghost"})

    assert_error(response, 400, "referenced", "'ghost'")
    assert stored(post) == ("original words", "bob")


@pytest.mark.parametrize(
    ("body", "phrases"),
    [
        ({"text": 123}, ("'text'", "string")),
        ({"text": "x", "referenced": 5}, ("'referenced'", "string")),
        (["x"], ("JSON object",)),
    ],
)
@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_with_a_bad_body_is_refused(
    api: ApiClient, post: Post, method: str, body: object, phrases: tuple[str, ...]
):
    assert_error(api.send(method, micropost_path(post), body), 400, *phrases)
    assert stored(post) == ("original words", "bob")


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_another_users_micropost_is_forbidden(
    api_as: Callable[[User], ApiClient], other: User, post: Post, method: str
):
    response = api_as(other).send(method, micropost_path(post), {"text": "bob was here"})

    assert_error(response, 403, "your own microposts")
    assert stored(post) == ("original words", "bob")


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_a_micropost_that_does_not_exist_is_not_found(
    api: ApiClient, post: Post, method: str
):
    response = api.send(method, f"/api/users/ann/collection/{post.pk + 1}", {"text": "x"})

    assert_error(response, 404, "micropost")


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_in_an_unknown_users_collection_is_not_found(
    api: ApiClient, post: Post, method: str
):
    response = api.send(method, f"/api/users/nobody/collection/{post.pk}", {"text": "x"})

    assert_error(response, 404, "'nobody'")
    assert stored(post) == ("original words", "bob")


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_editing_through_another_users_collection_is_not_found(
    api: ApiClient, post: Post, method: str
):
    response = api.send(method, f"/api/users/bob/collection/{post.pk}", {"text": "x"})

    assert_error(response, 404, "micropost")
    assert stored(post) == ("original words", "bob")
