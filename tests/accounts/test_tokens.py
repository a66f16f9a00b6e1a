from datetime import timedelta
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone

from microposts.accounts.errors import InvalidCredentials
from microposts.accounts.models import ApiToken, User
from microposts.accounts.selectors import user_for_token
from microposts.accounts.services import token_issue, token_revoke
from tests.factories import PASSWORD, UserFactory, token_for

pytestmark = pytest.mark.django_db


def login_request() -> HttpRequest:
    return RequestFactory().post("/api/token")


def expired_token_of(user: User, *, ago: timedelta = timedelta(seconds=1)) -> ApiToken:
    now = timezone.now()
    return ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash_of(f"expired {user.pk} {ago}"),
        created=now - timedelta(days=2),
        expires=now - ago,
    )


def test_a_token_issued_for_the_right_password_identifies_its_user(settings: Any) -> None:
    ann = UserFactory(username="ann", display_name="Ann A.", email="ann@example.org")

    issued = token_issue(username="ann", password=PASSWORD, request=login_request())

    assert issued.expires_in == settings.API_TOKEN_LIFETIME_SECONDS == 86_400
    found = user_for_token(token=issued.access_token)
    assert found == ann
    assert found is not None
    assert (found.username, found.display_name, found.email) == (
        "ann",
        "Ann A.",
        "ann@example.org",
    )
    assert found.is_active
    assert not found.is_staff


def test_a_token_lives_as_long_as_the_configured_lifetime(settings: Any) -> None:
    settings.API_TOKEN_LIFETIME_SECONDS = 600
    UserFactory(username="ann")
    before = timezone.now()

    issued = token_issue(username="ann", password=PASSWORD, request=login_request())

    stored = ApiToken.objects.get(key_hash=ApiToken.hash_of(issued.access_token))
    assert issued.expires_in == 600
    assert (
        before + timedelta(seconds=600) <= stored.expires <= timezone.now() + timedelta(seconds=600)
    )


def test_a_token_is_stored_only_as_its_hash() -> None:
    UserFactory(username="ann")

    issued = token_issue(username="ann", password=PASSWORD, request=login_request())

    assert len(issued.access_token) >= 43  # 32 random bytes
    assert not ApiToken.objects.filter(key_hash=issued.access_token).exists()
    assert ApiToken.objects.filter(key_hash=ApiToken.hash_of(issued.access_token)).exists()


def test_each_login_issues_a_different_token() -> None:
    UserFactory(username="ann")

    first = token_issue(username="ann", password=PASSWORD, request=login_request())
    second = token_issue(username="ann", password=PASSWORD, request=login_request())

    assert first.access_token != second.access_token
    assert user_for_token(token=first.access_token) is not None


def test_a_token_is_issued_whatever_the_case_of_the_username() -> None:
    ann = UserFactory(username="ann")

    issued = token_issue(username="ANN", password=PASSWORD, request=login_request())

    assert user_for_token(token=issued.access_token) == ann


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("ann", PASSWORD + "x"),
        ("ann", ""),
        ("nobody", PASSWORD),
        ("", ""),
        ("ann\x00", PASSWORD),  # PostgreSQL text cannot hold NUL
        ("ann%", PASSWORD),
    ],
)
def test_no_token_is_issued_for_wrong_credentials(username: str, password: str) -> None:
    UserFactory(username="ann")

    with pytest.raises(InvalidCredentials):
        token_issue(username=username, password=password, request=login_request())

    assert not ApiToken.objects.exists()


def test_no_token_is_issued_to_a_deactivated_user() -> None:
    UserFactory(username="ann", is_active=False)

    with pytest.raises(InvalidCredentials):
        token_issue(username="ann", password=PASSWORD, request=login_request())

    assert not ApiToken.objects.exists()


def test_issuing_a_token_purges_the_users_expired_tokens_and_only_those() -> None:
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    expired_token_of(ann)
    expired_token_of(ann, ago=timedelta(days=30))
    still_valid = token_for(ann)
    bobs_expired = expired_token_of(bob)

    issued = token_issue(username="ann", password=PASSWORD, request=login_request())

    assert set(ApiToken.objects.values_list("key_hash", flat=True)) == {
        ApiToken.hash_of(still_valid),
        ApiToken.hash_of(issued.access_token),
        bobs_expired.key_hash,
    }


def test_a_revoked_token_identifies_nobody_and_the_users_other_tokens_still_work() -> None:
    ann = UserFactory()
    revoked, kept = token_for(ann), token_for(ann)

    token_revoke(token=revoked)

    assert user_for_token(token=revoked) is None
    assert user_for_token(token=kept) == ann


def test_revoking_an_unknown_token_changes_nothing() -> None:
    ann = UserFactory()
    kept = token_for(ann)

    token_revoke(token="not a token")

    assert user_for_token(token=kept) == ann


def test_an_expired_token_identifies_nobody() -> None:
    ann = UserFactory()
    token = "an expired token"
    ApiToken.objects.create(
        user=ann, key_hash=ApiToken.hash_of(token), expires=timezone.now() - timedelta(seconds=1)
    )

    assert user_for_token(token=token) is None


def test_a_token_of_a_deactivated_user_identifies_nobody() -> None:
    ann = UserFactory()
    token = token_for(ann)
    ann.is_active = False
    ann.save(update_fields=["is_active"])

    assert user_for_token(token=token) is None


@pytest.mark.parametrize("token", ["", "x", "a" * 500])
def test_an_unknown_token_identifies_nobody(token: str) -> None:
    token_for(UserFactory())

    assert user_for_token(token=token) is None


def test_a_token_of_a_deleted_user_is_deleted_with_them() -> None:
    ann = UserFactory()
    token = token_for(ann)

    ann.delete()

    assert not ApiToken.objects.exists()
    assert user_for_token(token=token) is None
