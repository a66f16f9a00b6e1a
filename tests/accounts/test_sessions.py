"""The signed-in user of a web request: the session and its user, each read by plain SQL
(accounts/sessions.py, accounts/backends.py), must answer as Django's own readers would."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from microposts.accounts.backends import AccountBackend
from microposts.accounts.models import User
from microposts.accounts.selectors import session_user
from microposts.accounts.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("web:home")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_signed_in_session_opens_the_home_page() -> None:
    client = signed_in(UserFactory())

    assert client.get(HOME).status_code == 200


def test_an_expired_session_is_signed_out_and_sent_to_log_in() -> None:
    client = signed_in(UserFactory())
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_an_unknown_session_key_is_nobody_and_no_error() -> None:
    client = Client()
    client.cookies["sessionid"] = "no-such-session-key-at-all-0123"

    response = client.get(HOME)

    assert response.status_code == 302
    assert SessionStore("no-such-session-key-at-all-0123").load() == {}


def test_a_deactivated_users_session_is_nobody() -> None:
    user = UserFactory()
    client = signed_in(user)
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert client.get(HOME).status_code == 302
    assert session_user(user_id=user.pk) is None


def test_the_session_user_carries_what_pages_read_without_more_queries(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    stored = UserFactory(display_name="Ann Example", bio="I bake.")

    with django_assert_num_queries(1):
        user = session_user(user_id=stored.pk)
        assert user is not None
        seen = (user.pk, user.username, user.email, user.display_name, user.bio, user.password)
        assert user.is_active is True

    assert seen == (
        stored.pk,
        stored.username,
        stored.email,
        "Ann Example",
        "I bake.",
        stored.password,
    )
    assert user.date_joined == stored.date_joined  # the rest loads on first use, as deferred


def test_a_request_finds_its_user_through_the_session_in_two_queries(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    user = UserFactory()
    client = signed_in(user)
    request = RequestFactory().get(HOME)
    request.session = SessionStore(client.cookies["sessionid"].value)

    with django_assert_num_queries(2):  # the session, then its user
        found = get_user(request)

    assert found == user
    assert found.is_authenticated


def test_a_session_naming_a_user_that_does_not_exist_is_nobody() -> None:
    assert AccountBackend().get_user(987_654_321) is None


def test_a_changed_password_ends_a_session_read_by_plain_sql() -> None:
    user = UserFactory()
    client = signed_in(user)
    key = client.cookies["sessionid"].value
    user.set_password("a whole new password")
    user.save()

    assert client.get(HOME).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()  # Django flushed it
