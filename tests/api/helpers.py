"""Assertions and walks shared by the API tests."""

from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.test import Client

from microposts.accounts.models import User
from microposts.posts.models import Post

BASE = "http://testserver/api"


def collection_url(username: str) -> str:
    return f"{BASE}/users/{username}/collection"


def micropost_path(post: Post) -> str:
    return f"/api/users/{post.author.username}/collection/{post.pk}"


def assert_error(response: HttpResponse, status: int, *phrases: str) -> str:
    """The response is `status` with a JSON `{"message": ...}` naming every phrase given."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["message"]
    message = body["message"]
    assert isinstance(message, str)
    for phrase in phrases:
        assert phrase.lower() in message.lower(), f"{phrase!r} not in {message!r}"
    return message


def assert_unauthenticated(response: HttpResponse) -> None:
    assert_error(response, 401, "Authorization: Bearer")
    assert response["WWW-Authenticate"].startswith("Bearer")


def parse_timestamp(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, f"{value!r} has no time zone"
    return moment


def micropost_json(post: Post, *, referenced: str | None = None) -> dict[str, Any]:
    """The book's micropost resource for `post`, as the API must show it."""
    return {
        "id": str(post.pk),
        "href": f"{collection_url(post.author.username)}/{post.pk}",
        "user": post.author.username,
        "text": post.text,
        "timestamp": post.created,
        "referenced": referenced,
    }


def with_parsed_timestamp(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "timestamp": parse_timestamp(item["timestamp"])}


def user_json(user: User) -> dict[str, str]:
    return {"username": user.username, "collection": collection_url(user.username)}


def walk(client: Client, url: str | None, link: str = "next") -> list[dict[str, Any]]:
    """Every page reached from `url` by following `link` ("next" or "previous") to its end."""
    pages: list[dict[str, Any]] = []
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        assert set(page) == {"next", "previous", "result"}
        pages.append(page)
        url = page[link]
        assert len(pages) <= 200, "the links go round in circles"
    return pages


def ids_of(pages: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for page in pages for item in page["result"]]


def usernames_of(pages: list[dict[str, Any]]) -> list[str]:
    return [item["username"] for page in pages for item in page["result"]]
