"""Bad input never reaches a 500: each gets the most specific 4xx and a message saying what."""

import base64

import pytest

from microposts.accounts.models import Follow, User
from microposts.core.pagination import Cursor
from microposts.posts.models import Post
from tests.api.helpers import assert_error
from tests.conftest import ApiClient
from tests.factories import PostFactory

LISTS = [
    "/api/users/ann/collection",
    "/api/users/ann/timeline",
    "/api/users/ann/following",
    "/api/users/ann/followers",
    "/api/search?text=abc",
]
WRITES = [
    ("POST", "/api/users/ann/collection"),
    ("PUT", "/api/users/ann/collection/{post}"),
    ("PATCH", "/api/users/ann/collection/{post}"),
    ("POST", "/api/users/ann/following"),
]
TOKEN_REQUEST = {"grant_type": "client_credentials", "client_id": "ann", "client_secret": "x"}


@pytest.fixture
def post(user: User) -> Post:
    return PostFactory(author=user, text="the original")


def _encoded(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _with_query(path: str, query: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{query}"


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("query", "phrases"),
    [
        ("page=0", ("'page'", "at least 1")),
        ("page=-1", ("'page'", "at least 1")),
        ("page=abc", ("'page'", "whole number")),
        ("page=1.5", ("'page'", "whole number")),
        ("page=", ("'page'", "whole number")),
        ("page=100000000000000000000", ("'page'", "at most")),
        ("size=0", ("'size'", "at least 1")),
        ("size=101", ("'size'", "at most 100")),
        ("size=abc", ("'size'", "whole number")),
        ("size=-5", ("'size'", "at least 1")),
        ("cursor=garbage!", ("'cursor'", "not valid")),
        ("cursor=Zm9v", ("'cursor'", "not valid")),  # base64 of "foo"
        ("cursor=", ("'cursor'", "not valid")),
        (f"cursor={_encoded('f9223372036854775808')}", ("'cursor'", "not valid")),  # past 64 bits
        (f"cursor={_encoded('f-5')}", ("'cursor'", "not valid")),
        (f"cursor={_encoded('x5')}", ("'cursor'", "not valid")),
        ("cursor=%F0%9F%91%8B", ("'cursor'", "not valid")),
        (f"cursor={Cursor(5).encode()}&page=2", ("'page'", "'cursor'")),
    ],
)
def test_a_bad_paging_parameter_is_a_bad_request(
    api: ApiClient, user: User, path: str, query: str, phrases: tuple[str, ...]
):
    assert_error(api.get(_with_query(path, query)), 400, *phrases)


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize(
    ("body", "phrases"),
    [
        ("", ("JSON object",)),
        ("{", ("not valid JSON",)),
        ("{'text': 'single quotes'}", ("not valid JSON",)),
        ('{"text": "unterminated}', ("not valid JSON",)),
        ('["text", "username"]', ("JSON object",)),
        ('"text"', ("JSON object",)),
        ("42", ("JSON object",)),
        ("null", ("JSON object",)),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_bad_request(
    api: ApiClient, post: Post, write: tuple[str, str], body: str, phrases: tuple[str, ...]
):
    method, path = write
    response = api.generic(method, path.format(post=post.pk), body, content_type="application/json")

    assert_error(response, 400, *phrases)
    assert list(Post.objects.values_list("text", flat=True)) == ["the original"]
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("body", "phrases"),
    [
        ({"text": 123}, ("'text'", "string")),
        ({"text": True}, ("'text'", "string")),
        ({"text": ["a"]}, ("'text'", "string")),
        ({"text": {"a": 1}}, ("'text'", "string")),
        ({"text": None}, ("'text'", "string")),
        ({"text": "hi", "referenced": 5}, ("'referenced'", "string")),
        ({"text": "hi", "referenced": ["bob"]}, ("'referenced'", "string")),
        ({"referenced": "bob"}, ("'text'", "required")),
    ],
)
def test_a_field_of_the_wrong_type_is_a_bad_request(
    api: ApiClient, user: User, body: dict[str, object], phrases: tuple[str, ...]
):
    assert_error(api.send("POST", "/api/users/ann/collection", body), 400, *phrases)
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "post_id",
    [
        "abc",
        "12abc",
        "-1",
        "1.5",
        "1e3",
        "%C2%B2",  # a superscript two: a digit to str.isdigit(), not to int()
        "%D9%A1",  # an Arabic-Indic one
        "0",
        "9223372036854775807",  # the largest 64-bit id
        "9223372036854775808",  # one past it
        "9" * 19,
        "9" * 40,
        "1" * 5000,  # longer than int() parses by default
    ],
)
@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_a_micropost_id_that_cannot_exist_is_not_found(
    api: ApiClient, post: Post, method: str, post_id: str
):
    body = None if method in {"GET", "DELETE"} else {"text": "changed"}

    response = api.send(method, f"/api/users/ann/collection/{post_id}", body)

    assert_error(response, 404, "micropost not found")
    assert list(Post.objects.values_list("text", flat=True)) == ["the original"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/nope",
        "/api/users",
        "/api/users/",
        "/api/users/ann/",
        "/api/users/ann/likes",
        "/api/users/ann/collection/1/extra",
        "/api/tokens",
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_unknown_api_path_is_a_json_not_found(api: ApiClient, method: str, path: str):
    response = api.generic(method, path)

    assert_error(response, 404, "no such api endpoint")


@pytest.mark.parametrize("username", ["ännä", "a" * 300, "ann%20", "%F0%9F%91%8B"])
def test_a_username_that_cannot_exist_is_not_found(api: ApiClient, user: User, username: str):
    assert_error(api.get(f"/api/users/{username}"), 404, "not found")
    assert_error(api.get(f"/api/users/{username}/collection"), 404, "not found")


# PostgreSQL text cannot hold a NUL character and SQLite's FTS5 parser stops at one, so each of
# these once reached the database and answered 500.
@pytest.mark.parametrize(
    ("call", "status", "phrase"),
    [
        (("GET", "/api/users/ann%00", None), 404, "not found"),
        (("GET", "/api/users/ann%00/timeline", None), 404, "not found"),
        (
            ("POST", "/api/users/ann/collection", {"text": "hi", "referenced": "bob\x00"}),
            400,
            "referenced user",
        ),
        (("POST", "/api/users/ann/following", {"username": "bob\x00"}), 400, "not found"),
        (
            ("POST", "/api/token", {**TOKEN_REQUEST, "client_id": "ann\x00"}),
            400,
            "invalid username or password",
        ),
        (("POST", "/api/users/ann/collection", {"text": "one\x00two"}), 400, "nul characters"),
    ],
)
def test_a_nul_character_in_a_name_or_text_is_refused(
    api: ApiClient,
    user: User,
    other: User,
    call: tuple[str, str, object],
    status: int,
    phrase: str,
):
    assert_error(api.send(*call), status, phrase)
    assert not Post.objects.exists()
    assert not Follow.objects.exists()


@pytest.mark.parametrize("query", ["text=abc&username=a%00", "text=abc%00"])
def test_a_nul_character_in_a_search_matches_nothing(api: ApiClient, user: User, query: str):
    PostFactory(author=user, text="abc def")

    response = api.get(f"/api/search?{query}")

    assert response.status_code == 200, response.content
    assert response.json()["result"] == []


def test_a_method_an_endpoint_lacks_is_refused_with_a_json_message(api: ApiClient, user: User):
    response = api.put("/api/token")

    assert_error(response, 405, "method")
    assert "POST" in response["Allow"]
