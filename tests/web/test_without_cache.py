"""The website does not need the cache: with Redis gone, signed-in pages still answer."""

from typing import Any

import pytest
from django.test import Client

from microposts.accounts.models import User
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers there
    }
}


def test_signed_in_pages_answer_while_the_cache_is_unreachable(
    settings: Any, user: User, signed_in: Any
) -> None:
    settings.CACHES = UNREACHABLE
    post = PostFactory(author=user, text="still here")
    browser: Client = signed_in(user)

    for path in ["/home", "/notifications", f"/@{user.username}/{post.pk}", "/settings/profile"]:
        assert browser.get(path).status_code == 200, path
    assert browser.post("/compose", {"text": "posted without Redis"}).status_code == 302
