"""Resources as plain dicts, built straight from selector rows (no per-object validation)."""

from typing import Any

from django.http import HttpRequest

from microposts.posts.selectors import PostRow

USERS_PATH = "/api/users/"


class Representer:
    """Builds resource dicts for one request; the absolute base URL is worked out once."""

    def __init__(self, request: HttpRequest) -> None:
        self.users_url = request.build_absolute_uri(USERS_PATH)

    def user(self, username: str) -> dict[str, Any]:
        return {"username": username, "collection": f"{self.users_url}{username}/collection"}

    def micropost(self, row: PostRow) -> dict[str, Any]:
        return {
            "id": str(row.id),
            "href": f"{self.users_url}{row.username}/collection/{row.id}",
            "user": row.username,
            "text": row.text,
            "timestamp": row.created,
            "referenced": row.referenced,
        }
