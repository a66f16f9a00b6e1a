"""Endpoints 4-6 and 8: list a collection, post to it, show and delete one micropost."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from microposts.accounts.models import User
from microposts.posts.models import Mention, Post
from tests.api.helpers import (
    assert_error,
    micropost_json,
    micropost_path,
    parse_timestamp,
    with_parsed_timestamp,
)
from tests.conftest import ApiClient
from tests.factories import PostFactory, UserFactory

# 4. GET /api/users/<username>/collection


def test_a_collection_lists_the_users_microposts_newest_first(
    api: ApiClient, user: User, other: User
):
    first = PostFactory(author=other, text="first")
    second = PostFactory(author=other, text="second", referenced="ann")
    PostFactory(author=user, text="not bob's")

    response = api.get("/api/users/bob/collection")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["next"] is None
    assert body["previous"] is None
    assert [with_parsed_timestamp(item) for item in body["result"]] == [
        micropost_json(second, referenced="ann"),
        micropost_json(first),
    ]


def test_a_micropost_id_is_a_string_and_its_href_shows_it(api: ApiClient, user: User):
    post = PostFactory(author=user)

    item = api.get("/api/users/ann/collection").json()["result"][0]

    assert isinstance(item["id"], str)
    assert int(item["id"]) == post.pk
    assert api.get(item["href"]).json() == item


def test_an_empty_collection_is_an_empty_list(api: ApiClient, other: User):
    response = api.get("/api/users/bob/collection")

    assert response.status_code == 200
    assert response.json() == {"next": None, "previous": None, "result": []}


def test_the_collection_of_an_unknown_user_is_not_found(api: ApiClient):
    assert_error(api.get("/api/users/nobody/collection"), 404, "'nobody'", "not found")


# 5. POST /api/users/<username>/collection


def test_posting_creates_a_micropost_in_ones_collection(api: ApiClient, user: User):
    before = timezone.now()

    response = api.send("POST", "/api/users/ann/collection", {"text": "Hello, world"})

    assert response.status_code == 201
    body = response.json()
    post = Post.objects.get(author=user)
    assert body == {
        "id": str(post.pk),
        "href": f"http://testserver/api/users/ann/collection/{post.pk}",
        "user": "ann",
        "text": "Hello, world",
        "timestamp": body["timestamp"],
        "referenced": None,
    }
    assert before <= parse_timestamp(body["timestamp"]) <= timezone.now()
    assert post.text == "Hello, world"
    assert api.get("/api/users/ann/collection").json()["result"] == [body]


def test_posting_with_a_referenced_user_names_them(api: ApiClient, user: User, other: User):
    response = api.send(
        "POST", "/api/users/ann/collection", {"text": "Look at this", "referenced": "BOB"}
    )

    assert response.status_code == 201
    assert response.json()["referenced"] == "bob"
    post = Post.objects.get(pk=int(response.json()["id"]))
    assert post.referenced == other
    assert list(Mention.objects.filter(post=post).values_list("user__username", flat=True)) == [
        "bob"
    ]


def test_posting_with_a_null_referenced_user_references_nobody(api: ApiClient, user: User):
    response = api.send("POST", "/api/users/ann/collection", {"text": "Hi", "referenced": None})

    assert response.status_code == 201
    assert response.json()["referenced"] is None


def test_posting_trims_surrounding_white_space(api: ApiClient, user: User):
    response = api.send("POST", "/api/users/ann/collection", {"text": "  padded \n"})

    assert response.status_code == 201
    assert response.json()["text"] == "padded"


def test_posting_keeps_unicode_text_intact(api: ApiClient, user: User):
    text = "Grüße aus Köln 👋 — 你好, 世界 — مرحبا"

    response = api.send("POST", "/api/users/ann/collection", {"text": text})

    assert response.status_code == 201
    assert response.json()["text"] == text
    assert api.get(response.json()["href"]).json()["text"] == text


def test_text_at_the_length_limit_is_accepted(api: ApiClient, user: User, settings: Settings):
    settings.MAX_POST_LENGTH = 10

    response = api.send("POST", "/api/users/ann/collection", {"text": "x" * 10})

    assert response.status_code == 201


def test_the_length_limit_counts_characters_not_bytes(
    api: ApiClient, user: User, settings: Settings
):
    settings.MAX_POST_LENGTH = 10
    # Ten emoji are forty bytes of UTF-8; "e" and a combining accent compose to one character.
    for text in ("👍" * 10, "e\u0301" * 10):
        assert api.send("POST", "/api/users/ann/collection", {"text": text}).status_code == 201


def test_text_over_the_length_limit_is_refused_with_the_limit(
    api: ApiClient, user: User, settings: Settings
):
    settings.MAX_POST_LENGTH = 10

    response = api.send("POST", "/api/users/ann/collection", {"text": "x" * 11})

    assert_error(response, 400, "'text'", "too long", "10")
    assert not Post.objects.exists()


def test_the_default_length_limit_is_reported_in_the_error(api: ApiClient, user: User):
    response = api.send("POST", "/api/users/ann/collection", {"text": "x" * 501})

    assert_error(response, 400, "'text'", "too long", "500")


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n"])
def test_blank_text_is_refused(api: ApiClient, user: User, text: str):
    response = api.send("POST", "/api/users/ann/collection", {"text": text})

    assert_error(response, 400, "'text'", "empty")
    assert not Post.objects.exists()


def test_posting_with_an_unknown_referenced_user_is_refused(api: ApiClient, user: User):
    response = api.send("POST", "/api/users/ann/collection", {"text": "Hi", "referenced": "ghost"})

    assert_error(response, 400, "referenced", "'ghost'", "not found")
    assert not Post.objects.exists()


def test_posting_with_a_deactivated_referenced_user_is_refused(api: ApiClient, user: User):
    UserFactory(username="gone", is_active=False)

    response = api.send("POST", "/api/users/ann/collection", {"text": "Hi", "referenced": "gone"})

    assert_error(response, 400, "referenced", "'gone'")
    assert not Post.objects.exists()


def test_posting_to_another_users_collection_is_forbidden(api: ApiClient, other: User):
    response = api.send("POST", "/api/users/bob/collection", {"text": "Not mine"})

    assert_error(response, 403, "your own collection")
    assert not Post.objects.exists()


def test_posting_to_the_collection_of_an_unknown_user_is_not_found(api: ApiClient, user: User):
    response = api.send("POST", "/api/users/nobody/collection", {"text": "Hi"})

    assert_error(response, 404, "'nobody'")
    assert not Post.objects.exists()


def test_posting_to_ones_collection_by_another_case_of_ones_name_works(api: ApiClient, user: User):
    response = api.send("POST", "/api/users/ANN/collection", {"text": "Hi"})

    assert response.status_code == 201
    assert response.json()["user"] == "ann"


# 6. GET /api/users/<username>/collection/<id>


def test_one_micropost_is_shown_as_the_books_resource(api: ApiClient, other: User, user: User):
    post = PostFactory(author=other, text="One post", referenced="ann")

    response = api.get(micropost_path(post))

    assert response.status_code == 200
    assert with_parsed_timestamp(response.json()) == micropost_json(post, referenced="ann")


def test_a_micropost_of_an_unknown_user_is_not_found(api: ApiClient, user: User):
    post = PostFactory(author=user)

    assert_error(api.get(f"/api/users/nobody/collection/{post.pk}"), 404, "'nobody'")


def test_a_micropost_that_does_not_exist_is_not_found(api: ApiClient, user: User):
    post = PostFactory(author=user)

    assert_error(api.get(f"/api/users/ann/collection/{post.pk + 1}"), 404, "micropost")


def test_a_micropost_is_not_found_in_another_users_collection(
    api: ApiClient, user: User, other: User
):
    post = PostFactory(author=user)

    assert_error(api.get(f"/api/users/bob/collection/{post.pk}"), 404, "micropost")


# 8. DELETE /api/users/<username>/collection/<id>


def test_deleting_ones_micropost_removes_it(api: ApiClient, user: User):
    post = PostFactory(author=user)
    kept = PostFactory(author=user)

    response = api.delete(micropost_path(post))

    assert response.status_code == 204
    assert response.content == b""
    assert not Post.objects.filter(pk=post.pk).exists()
    assert_error(api.get(micropost_path(post)), 404, "micropost")
    assert [item["id"] for item in api.get("/api/users/ann/collection").json()["result"]] == [
        str(kept.pk)
    ]


def test_deleting_a_micropost_twice_is_not_found_the_second_time(api: ApiClient, user: User):
    post = PostFactory(author=user)
    path = micropost_path(post)

    assert api.delete(path).status_code == 204
    assert_error(api.delete(path), 404, "micropost")


def test_deleting_another_users_micropost_is_forbidden(
    api_as: Callable[[User], ApiClient], user: User, other: User
):
    post = PostFactory(author=other, text="bob's words")

    response = api_as(user).delete(micropost_path(post))

    assert_error(response, 403, "your own microposts")
    assert Post.objects.get(pk=post.pk).text == "bob's words"


def test_deleting_in_an_unknown_users_collection_is_not_found(api: ApiClient, user: User):
    post = PostFactory(author=user)

    assert_error(api.delete(f"/api/users/nobody/collection/{post.pk}"), 404, "'nobody'")
    assert Post.objects.filter(pk=post.pk).exists()


def test_deleting_a_micropost_that_does_not_exist_is_not_found(api: ApiClient, user: User):
    assert_error(api.delete("/api/users/ann/collection/12345"), 404, "micropost")


def test_the_timestamp_is_the_creation_time(api: ApiClient, user: User):
    post = PostFactory(author=user)
    created = timezone.now() - timedelta(days=400)
    Post.objects.filter(pk=post.pk).update(created=created)

    item = api.get(micropost_path(post)).json()

    assert parse_timestamp(item["timestamp"]) == created
