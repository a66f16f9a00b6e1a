from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory

from microposts.accounts.errors import InvalidPassword, InvalidUsername, UsernameTaken
from microposts.accounts.models import User
from microposts.accounts.services import user_create
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize("username", ["a", "Z", "7", "_", "ann_99", "A" * 30, "snake_Case_1"])
def test_a_username_of_1_to_30_letters_digits_or_underscores_is_accepted(username: str) -> None:
    user = user_create(username=username, password=PASSWORD)

    assert User.objects.get(pk=user.pk).username == username


@pytest.mark.parametrize(
    "username",
    ["", "a" * 31, "ann-b", "ann b", "ann.b", "@ann", "änn", "ann\n", " ann", "ann\u0000", "アン"],
)
def test_a_username_with_other_characters_or_length_is_refused(username: str) -> None:
    with pytest.raises(InvalidUsername):
        user_create(username=username, password=PASSWORD)

    assert not User.objects.exists()


def test_a_username_taken_in_another_case_is_refused() -> None:
    user_create(username="Ann", password=PASSWORD)

    with pytest.raises(UsernameTaken):
        user_create(username="ann", password=PASSWORD)

    assert list(User.objects.values_list("username", flat=True)) == ["Ann"]


def test_the_database_itself_refuses_a_username_differing_only_in_case() -> None:
    UserFactory(username="ann")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="ANN")

    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("ann", "short1!"),  # too short
        ("ann", "password123"),  # common
        ("ann", "8675309012345"),  # all digits
        ("margaret_hamilton", "margaret_hamilton1"),  # too like the username
    ],
)
def test_a_weak_password_is_refused_and_no_user_is_made(username: str, password: str) -> None:
    with pytest.raises(InvalidPassword):
        user_create(username=username, password=password)

    assert not User.objects.exists()


def test_a_password_is_stored_only_as_a_hash_that_checks_it() -> None:
    user = user_create(username="ann", password=PASSWORD)

    stored = User.objects.get(pk=user.pk)
    assert PASSWORD not in stored.password
    assert stored.check_password(PASSWORD)
    assert not stored.check_password(PASSWORD + "!")


def test_a_password_is_hashed_with_argon2_when_argon2_is_configured(settings: Any) -> None:
    settings.PASSWORD_HASHERS = [ARGON2, "django.contrib.auth.hashers.PBKDF2PasswordHasher"]

    user = user_create(username="ann", password=PASSWORD)

    stored = User.objects.get(pk=user.pk)
    assert stored.password.startswith("argon2$argon2id$")
    assert stored.check_password(PASSWORD)


def test_user_create_keeps_email_display_name_and_staff_flags() -> None:
    user = user_create(
        username="ann",
        password=PASSWORD,
        email="ann@example.org",
        display_name="Ann A.",
        is_staff=True,
    )

    stored = User.objects.get(pk=user.pk)
    assert (stored.email, stored.display_name, stored.is_staff, stored.is_superuser) == (
        "ann@example.org",
        "Ann A.",
        True,
        False,
    )
    assert stored.is_active


@pytest.mark.parametrize("typed", ["ann", "Ann", "ANN", "aNn"])
def test_logging_in_finds_the_user_whatever_the_case_of_the_username(typed: str) -> None:
    ann = UserFactory(username="Ann")

    assert authenticate(RequestFactory().post("/login"), username=typed, password=PASSWORD) == ann


def test_logging_in_with_a_wrong_password_finds_nobody() -> None:
    UserFactory(username="ann")

    assert (
        authenticate(RequestFactory().post("/login"), username="ann", password=PASSWORD + "x")
        is None
    )


def test_logging_in_as_a_deactivated_user_finds_nobody() -> None:
    UserFactory(username="ann", is_active=False)

    assert authenticate(RequestFactory().post("/login"), username="ann", password=PASSWORD) is None


def test_a_user_shows_the_display_name_or_else_the_username() -> None:
    assert UserFactory(username="ann", display_name="Ann A.").name == "Ann A."
    assert UserFactory(username="bob", display_name="").name == "bob"


def test_a_name_taken_between_the_check_and_the_insert_is_reported_as_taken() -> None:
    rival_created = False

    def rival_signs_up_after_the_check(execute, sql, params, many, context):
        nonlocal rival_created
        result = execute(sql, params, many, context)
        if not rival_created and sql.lstrip().upper().startswith("SELECT"):
            rival_created = True  # the existence check has just answered "free"
            User.objects.create(username="ANN", password="!")
        return result

    with connection.execute_wrapper(rival_signs_up_after_the_check), pytest.raises(UsernameTaken):
        user_create(username="ann", password=PASSWORD)

    assert rival_created
    assert list(User.objects.values_list("username", flat=True)) == ["ANN"]
