"""Endpoint 14: microposts whose text contains `text`, optionally by users whose name contains
`username`, newest first."""

import pytest

from microposts.accounts.models import User
from tests.api.helpers import assert_error, micropost_json, micropost_path, with_parsed_timestamp
from tests.conftest import ApiClient
from tests.factories import PostFactory, UserFactory


def found(api: ApiClient, query: str) -> list[str]:
    response = api.get(f"/api/search?{query}")
    assert response.status_code == 200, response.content
    return [item["text"] for item in response.json()["result"]]


def test_search_finds_partial_text_newest_first(api: ApiClient, user: User, other: User):
    older = PostFactory(author=user, text="I like pineapples")
    newer = PostFactory(author=other, text="Apple pie for dinner", referenced="ann")
    PostFactory(author=other, text="Bananas only")

    response = api.get("/api/search?text=apple")

    assert response.status_code == 200
    body = response.json()
    assert (body["next"], body["previous"]) == (None, None)
    assert [with_parsed_timestamp(item) for item in body["result"]] == [
        micropost_json(newer, referenced="ann"),
        micropost_json(older),
    ]


def test_search_ignores_case(api: ApiClient, user: User):
    PostFactory(author=user, text="Hello World")

    assert found(api, "text=WORLD") == ["Hello World"]
    assert found(api, "text=hello%20wo") == ["Hello World"]


def test_search_matches_unicode_text(api: ApiClient, user: User):
    PostFactory(author=user, text="Grüße aus Köln")
    PostFactory(author=user, text="Grusse aus Koln")

    assert found(api, "text=üße") == ["Grüße aus Köln"]


def test_search_takes_wildcard_characters_literally(api: ApiClient, user: User):
    PostFactory(author=user, text="it is 100% done")
    PostFactory(author=user, text="it is 1000 done")
    PostFactory(author=user, text="snake_case name")
    PostFactory(author=user, text="snakeXcase name")

    assert found(api, "text=00%25") == ["it is 100% done"]
    assert found(api, "text=e_c") == ["snake_case name"]


def test_search_takes_quotes_literally(api: ApiClient, user: User):
    PostFactory(author=user, text='she said "hello" twice')
    PostFactory(author=user, text="she said hello once")

    assert found(api, 'text="hello"') == ['she said "hello" twice']


def test_search_with_exactly_three_characters_works(api: ApiClient, user: User):
    PostFactory(author=user, text="a cat sat")

    assert found(api, "text=cat") == ["a cat sat"]


def test_search_narrows_to_usernames_containing_the_given_part(api: ApiClient, user: User):
    joanna, bobby = UserFactory(username="joanna"), UserFactory(username="bobby")
    PostFactory(author=user, text="ann on search")
    PostFactory(author=joanna, text="joanna on search")
    PostFactory(author=bobby, text="bobby on search")

    assert found(api, "text=search&username=ann") == ["joanna on search", "ann on search"]
    assert found(api, "text=search&username=ANN") == ["joanna on search", "ann on search"]
    assert found(api, "text=search&username=bob") == ["bobby on search"]
    assert found(api, "text=search&username=nobody") == []


def test_search_with_an_empty_username_searches_everyone(api: ApiClient, user: User):
    PostFactory(author=user, text="from ann")
    PostFactory(author=UserFactory(), text="from someone")

    assert found(api, "text=from&username=") == ["from someone", "from ann"]


def test_search_finds_an_edited_micropost_by_its_new_text_only(api: ApiClient, user: User):
    post = PostFactory(author=user, text="old wording")

    assert api.send("PATCH", micropost_path(post), {"text": "new phrasing"}).status_code == 200

    assert found(api, "text=wording") == []
    assert found(api, "text=phrasing") == ["new phrasing"]


def test_search_no_longer_finds_a_deleted_micropost(api: ApiClient, user: User):
    post = PostFactory(author=user, text="soon gone")
    PostFactory(author=user, text="still gone soon")

    assert api.delete(micropost_path(post)).status_code == 204

    assert found(api, "text=gone") == ["still gone soon"]


def test_search_finds_nothing_when_nothing_matches(api: ApiClient, user: User):
    PostFactory(author=user, text="something")

    assert api.get("/api/search?text=zzz").json() == {"next": None, "previous": None, "result": []}


def test_search_without_text_is_a_bad_request(api: ApiClient):
    assert_error(api.get("/api/search"), 400, "'text'", "required")
    assert_error(api.get("/api/search?username=ann"), 400, "'text'", "required")


@pytest.mark.parametrize("text", ["", "ab", "  ab  ", "%20%20%20"])
def test_search_with_fewer_than_three_characters_is_a_bad_request(api: ApiClient, text: str):
    assert_error(api.get(f"/api/search?text={text}"), 400, "'text'", "3")
