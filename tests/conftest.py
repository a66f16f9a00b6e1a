from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from microposts.accounts.models import User
from microposts.ops.recorder import RECORDER
from tests.factories import UserFactory, token_for


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is slow on purpose; tests that are about hashing set it back themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _request_lines_written_with_their_test() -> Iterator[None]:
    # Request lines are written in batches (ops/recorder.py): a test's go out before the next.
    yield
    RECORDER.flush()


class ApiClient(Client):
    """A test client that speaks JSON and sends a bearer token when it has one."""

    def __init__(self, token: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(headers=headers)

    def send(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        call = getattr(self, method.lower())
        if body is None:
            return call(path, **extra)
        return call(path, body, content_type="application/json", **extra)


@pytest.fixture
def user(db: None) -> User:
    return UserFactory(username="ann")


@pytest.fixture
def other(db: None) -> User:
    return UserFactory(username="bob")


@pytest.fixture
def anonymous() -> ApiClient:
    return ApiClient()


@pytest.fixture
def api_as(db: None) -> Callable[[User], ApiClient]:
    def client_for(user: User) -> ApiClient:
        return ApiClient(token_for(user))

    return client_for


@pytest.fixture
def api(user: User, api_as: Callable[[User], ApiClient]) -> ApiClient:
    """An API client logged in as `user` (ann)."""
    return api_as(user)
