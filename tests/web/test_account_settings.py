"""What a signed-in user does with their account, as a browser does it: edit the profile,
change the password, log out."""

from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from microposts.accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.web.helpers import (
    LOGIN,
    PASSWORD_CHANGE,
    PROFILE_EDIT,
    by_id,
    control,
    elements,
    error_of,
    messages_of,
    signed_in_as,
)

pytestmark = pytest.mark.django_db

LOGOUT = reverse("web:logout")
NEW_PASSWORD = "another long password"

# The settings pages


@pytest.mark.parametrize("path", [PROFILE_EDIT, PASSWORD_CHANGE])
def test_the_settings_pages_open_for_the_signed_in_user(
    signed_in: Callable[[User], Client], user: User, path: str
) -> None:
    response = signed_in(user).get(path)

    assert response.status_code == 200
    assert len([e for e in elements(response) if e.tag == "h1"]) == 1


@pytest.mark.parametrize("path", [PROFILE_EDIT, PASSWORD_CHANGE])
def test_the_settings_pages_send_an_anonymous_visitor_to_log_in(browser: Client, path: str) -> None:
    response = browser.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={path}"


# Log out


def test_logging_out_ends_the_session_and_says_so(
    signed_in: Callable[[User], Client], user: User
) -> None:
    client = signed_in(user)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == reverse("web:front")
    assert messages_of(response) == ["You have logged out."]
    assert signed_in_as(client) is None


def test_logging_out_by_get_is_refused(signed_in: Callable[[User], Client], user: User) -> None:
    client = signed_in(user)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert signed_in_as(client) == "ann"


def test_a_log_out_without_the_csrf_token_is_refused(csrf_checked: Client, user: User) -> None:
    csrf_checked.force_login(user)

    response = csrf_checked.post(LOGOUT)

    assert response.status_code == 403
    assert signed_in_as(csrf_checked) == "ann"


# Edit profile


def test_the_profile_form_shows_the_current_values_and_the_limits(
    signed_in: Callable[[User], Client],
) -> None:
    cleo = UserFactory(username="cleo", display_name="Cleo", bio="Queen of the Nile")

    response = signed_in(cleo).get(PROFILE_EDIT)

    assert control(response, "display_name").attrs["value"] == "Cleo"
    assert control(response, "bio").text.strip() == "Queen of the Nile"
    assert "Up to 50 characters" in by_id(response, "id_display_name_helptext").text
    assert "Up to 500 characters" in by_id(response, "id_bio_helptext").text
    bio = control(response, "bio").attrs
    assert bio["data-max-length"] == "500"
    assert by_id(response, bio["data-counter"]).attrs["aria-live"] == "polite"


def test_saving_the_profile_stores_it_and_says_so(
    signed_in: Callable[[User], Client], user: User
) -> None:
    response = signed_in(user).post(PROFILE_EDIT, {"display_name": "  Ann Lee ", "bio": "b" * 500})

    assert response.status_code == 302
    assert response["Location"] == PROFILE_EDIT
    assert messages_of(response) == ["Profile saved."]
    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("Ann Lee", "b" * 500)


def test_mention_emails_are_on_until_turned_off_and_on_again(
    signed_in: Callable[[User], Client], user: User
) -> None:
    browser = signed_in(user)
    box = control(browser.get(PROFILE_EDIT), "mention_emails").attrs
    assert (box["type"], "checked" in box) == ("checkbox", True)
    assert box["aria-describedby"] == "id_mention_emails_helptext"

    browser.post(PROFILE_EDIT, {"display_name": "", "bio": ""})  # the box left unticked
    user.refresh_from_db()
    assert user.mention_emails is False
    assert "checked" not in control(browser.get(PROFILE_EDIT), "mention_emails").attrs

    browser.post(PROFILE_EDIT, {"display_name": "", "bio": "", "mention_emails": "on"})
    user.refresh_from_db()
    assert user.mention_emails is True


def test_the_profile_may_be_emptied(signed_in: Callable[[User], Client], user: User) -> None:
    signed_in(user).post(PROFILE_EDIT, {"display_name": "", "bio": ""})

    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("", "")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("display_name", "n" * 51, "Display name has 51 characters; at most 50 are allowed."),
        ("bio", "b" * 501, "Bio has 501 characters; at most 500 are allowed."),
    ],
)
def test_a_profile_field_over_its_limit_is_refused_with_the_text_kept(
    signed_in: Callable[[User], Client], user: User, name: str, value: str, message: str
) -> None:
    before = (user.display_name, user.bio)
    data = {"display_name": "Ann", "bio": "Hello", name: value}

    response = signed_in(user).post(PROFILE_EDIT, data)

    assert response.status_code == 400
    assert message in error_of(response, name)
    kept = control(response, name)
    assert (kept.attrs.get("value") or kept.text.strip()) == value
    user.refresh_from_db()
    assert (user.display_name, user.bio) == before


def test_a_profile_field_holding_a_nul_character_is_refused(
    signed_in: Callable[[User], Client], user: User
) -> None:
    response = signed_in(user).post(PROFILE_EDIT, {"display_name": "Ann\x00", "bio": ""})

    assert response.status_code == 400
    assert "Null characters are not allowed." in error_of(response, "display_name")


# Change password


def change(client: Client, old: str, new: str, again: str | None = None) -> HttpResponse:
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    response: HttpResponse = client.post(PASSWORD_CHANGE, data)
    return response


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    signed_in: Callable[[User], Client], user: User
) -> None:
    this, elsewhere = signed_in(user), signed_in(user)

    response = change(this, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert messages_of(response) == ["Password changed."]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert this.get(PROFILE_EDIT).status_code == 200
    assert elsewhere.get(PROFILE_EDIT).status_code == 302


@pytest.mark.parametrize(
    ("old", "new", "again", "name", "message"),
    [
        ("not it", NEW_PASSWORD, None, "old_password", "old password was entered incorrectly"),
        (PASSWORD, "password", None, "new_password1", "This password is too common."),
        (PASSWORD, "1234567", None, "new_password1", "This password is too short."),
        (PASSWORD, NEW_PASSWORD, "something else", "new_password2", "The two passwords differ."),
        ("", NEW_PASSWORD, None, "old_password", "This field is required."),
    ],
)
def test_a_refused_password_change_says_why_beside_the_field(
    signed_in: Callable[[User], Client],
    user: User,
    old: str,
    new: str,
    again: str | None,
    name: str,
    message: str,
) -> None:
    response = change(signed_in(user), old, new, again)

    assert response.status_code == 400
    assert message in error_of(response, name)
    passwords = ("old_password", "new_password1", "new_password2")
    assert all("value" not in control(response, field).attrs for field in passwords)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_too_many_wrong_old_passwords_lock_the_password_change(
    signed_in: Callable[[User], Client], user: User, settings: Any
) -> None:
    """The old password is checked as a login is: a stolen session cannot guess it."""
    settings.AXES_FAILURE_LIMIT = 2
    browser = signed_in(user)

    first = change(browser, "wrong 1", NEW_PASSWORD)
    second = change(browser, "wrong 2", NEW_PASSWORD)
    right = change(browser, PASSWORD, NEW_PASSWORD)

    assert first.status_code == 400
    for locked in (second, right):
        assert locked.status_code == 429
        page = locked.content.decode()
        assert "Too many attempts" in page
        assert "Too many failed log-in attempts" in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
