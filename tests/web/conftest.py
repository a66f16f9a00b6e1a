from collections.abc import Callable

import pytest
from django.test import Client

from microposts.accounts.models import User
from microposts.posts.models import Post
from tests.factories import PostFactory, UserFactory


@pytest.fixture
def browser() -> Client:
    """A web client that has not signed in. CSRF is checked only by tests that ask for it."""
    return Client()


@pytest.fixture
def signed_in(db: None) -> Callable[[User], Client]:
    def client_for(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return client_for


@pytest.fixture
def csrf_checked() -> Client:
    """A client whose POSTs are refused without a CSRF token, as a real browser's would be."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def ann() -> User:
    """Ann with a display name and a bio to escape, as the public pages show her."""
    return UserFactory(
        username="ann", display_name="Ann Example", bio="I bake.\n<script>alert(1)</script>"
    )


@pytest.fixture
def anns_browser(user: User, signed_in: Callable[[User], Client]) -> Client:
    """Ann's signed-in browser (`user` is Ann)."""
    return signed_in(user)


@pytest.fixture
def bobs_post(other: User) -> Post:
    return PostFactory(author=other, text="Bob writes about tomatoes")
