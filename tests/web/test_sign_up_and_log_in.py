"""Signing up and logging in as a browser does, with the lock after too many wrong passwords."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from microposts.accounts.models import User
from tests.factories import PASSWORD
from tests.web.helpers import (
    LOGIN,
    PASSWORD_CHANGE,
    PROFILE_EDIT,
    by_id,
    control,
    elements,
    error_of,
    signed_in_as,
)

pytestmark = pytest.mark.django_db

SIGNUP = reverse("web:signup")


def alerts(response: HttpResponse) -> list[str]:
    return [e.text.strip() for e in elements(response) if e.attrs.get("role") == "alert"]


# Every page


@pytest.mark.parametrize("path", [SIGNUP, LOGIN])
def test_the_sign_up_and_log_in_pages_open_for_anyone(browser: Client, path: str) -> None:
    response = browser.get(path)

    assert response.status_code == 200
    assert len([e for e in elements(response) if e.tag == "h1"]) == 1


@pytest.mark.parametrize("path", [SIGNUP, LOGIN, PROFILE_EDIT, PASSWORD_CHANGE])
def test_every_control_of_an_account_page_has_a_label(
    signed_in: Callable[[User], Client], user: User, path: str
) -> None:
    response = signed_in(user).get(path) if path.startswith("/settings") else Client().get(path)

    found = elements(response)
    labelled = {e.attrs["for"] for e in found if e.tag == "label"}
    controls = [
        e
        for e in found
        if e.tag in {"input", "textarea"} and e.attrs.get("type") not in {"hidden", "submit"}
    ]
    assert controls
    assert all(e.attrs["id"] in labelled for e in controls)


# Sign up


def test_the_sign_up_page_explains_the_username_rule_and_password_strength(
    browser: Client,
) -> None:
    response = browser.get(SIGNUP)

    username_help = by_id(response, "id_username_helptext").text
    assert "1 to 30 characters: letters, digits or underscores" in username_help
    assert "regardless of case" in username_help
    assert control(response, "username").attrs["aria-describedby"] == "id_username_helptext"
    password_help = by_id(response, "id_password1_helptext").text
    assert all(rule in password_help for rule in password_validators_help_texts())


def test_signing_up_creates_the_account_logs_it_in_and_goes_home(browser: Client) -> None:
    response = browser.post(
        SIGNUP, {"username": "Cleo_2", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert signed_in_as(browser) == "Cleo_2"
    assert User.objects.get(username="Cleo_2").check_password(PASSWORD)
    assert browser.get(reverse("web:home")).status_code == 200  # the session is honoured


@pytest.mark.parametrize("username", ["ann smith", "a" * 31, "ann!", "émile"])
def test_sign_up_refuses_a_username_against_the_rule_beside_the_field(
    browser: Client, username: str
) -> None:
    response = browser.post(
        SIGNUP, {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 400
    assert "1 to 30 characters: letters, digits or underscores" in error_of(response, "username")
    assert not User.objects.exists()


def test_sign_up_refuses_a_username_taken_in_another_case(browser: Client, user: User) -> None:
    response = browser.post(
        SIGNUP, {"username": "ANN", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 400
    assert "The username 'ANN' is taken" in error_of(response, "username")
    assert User.objects.count() == 1


def test_sign_up_requires_a_username(browser: Client) -> None:
    response = browser.post(SIGNUP, {"username": "", "password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 400
    assert "This field is required." in error_of(response, "username")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password", "This password is too common."),
        ("x9!k", "This password is too short. It must contain at least 8 characters."),
        ("8301947265", "This password is entirely numeric."),
        ("cleopatra2", "The password is too similar to the username."),
    ],
)
def test_sign_up_refuses_a_weak_password_with_the_validators_reason(
    browser: Client, password: str, reason: str
) -> None:
    response = browser.post(
        SIGNUP, {"username": "cleopatra", "password1": password, "password2": password}
    )

    assert response.status_code == 400
    assert reason in error_of(response, "password1")
    assert not User.objects.exists()


def test_sign_up_refuses_two_different_passwords(browser: Client) -> None:
    response = browser.post(
        SIGNUP, {"username": "cleo", "password1": PASSWORD, "password2": PASSWORD + "!"}
    )

    assert response.status_code == 400
    assert "The two passwords differ." in error_of(response, "password2")
    assert not User.objects.exists()


def test_a_refused_sign_up_keeps_the_username_but_never_the_password(browser: Client) -> None:
    response = browser.post(
        SIGNUP, {"username": "cleo", "password1": "password", "password2": "password"}
    )

    assert response.status_code == 400
    assert control(response, "username").attrs["value"] == "cleo"
    assert "value" not in control(response, "password1").attrs
    assert "value" not in control(response, "password2").attrs


# Log in


def test_logging_in_goes_home_with_a_session_cookie_that_scripts_cannot_read(
    browser: Client, user: User
) -> None:
    response = browser.post(LOGIN, {"username": "ann", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert signed_in_as(browser) == "ann"
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_logging_in_finds_the_username_in_any_case(browser: Client, user: User) -> None:
    browser.post(LOGIN, {"username": "ANN", "password": PASSWORD})

    assert signed_in_as(browser) == "ann"


def test_a_wrong_password_is_refused_keeping_the_username_but_not_the_password(
    browser: Client, user: User
) -> None:
    response = browser.post(LOGIN, {"username": "ann", "password": "not the password"})

    assert response.status_code == 400
    assert any("Please enter a correct username and password" in text for text in alerts(response))
    assert control(response, "username").attrs["value"] == "ann"
    assert "value" not in control(response, "password").attrs
    assert signed_in_as(browser) is None


def test_logging_in_honours_a_next_page_of_this_site(browser: Client, user: User) -> None:
    page = browser.get(LOGIN, {"next": PROFILE_EDIT})
    response = browser.post(
        LOGIN,
        {"username": "ann", "password": PASSWORD, "next": control(page, "next").attrs["value"]},
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_EDIT


@pytest.mark.parametrize(
    "next_page",
    ["https://evil.example/", "//evil.example/home", "javascript:alert(1)", "0", "web:front"],
)
def test_logging_in_ignores_a_next_page_elsewhere(
    browser: Client, user: User, next_page: str
) -> None:
    page = browser.get(LOGIN, {"next": next_page})
    response = browser.post(LOGIN, {"username": "ann", "password": PASSWORD, "next": next_page})

    assert not [e for e in elements(page) if e.attrs.get("name") == "next"]
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_too_many_wrong_passwords_lock_the_login_even_for_the_right_one(
    browser: Client, user: User, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 2

    first = browser.post(LOGIN, {"username": "ann", "password": "wrong 1"})
    second = browser.post(LOGIN, {"username": "ann", "password": "wrong 2"})
    right = browser.post(LOGIN, {"username": "ann", "password": PASSWORD})

    assert first.status_code == 400
    for locked in (second, right):
        assert locked.status_code == 429
        assert any("Too many failed log-in attempts" in text for text in alerts(locked))
    assert signed_in_as(browser) is None


def test_the_lock_of_one_username_leaves_other_accounts_alone(
    browser: Client, user: User, other: User, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    for attempt in range(2):
        browser.post(LOGIN, {"username": "ann", "password": f"wrong {attempt}"})

    response = browser.post(LOGIN, {"username": "bob", "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in_as(browser) == "bob"


def test_too_many_wrong_passwords_lock_the_api_token_endpoint_too(
    browser: Client, user: User, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 2

    def token_request(password: str) -> HttpResponse:
        body = {"grant_type": "client_credentials", "client_id": "ann", "client_secret": password}
        response: HttpResponse = browser.post("/api/token", body)
        return response

    first = token_request("wrong 1")
    second = token_request("wrong 2")
    right = token_request(PASSWORD)

    assert first.status_code == 400
    for locked in (second, right):
        assert locked.status_code == 429
        assert locked["Content-Type"].startswith("application/json")
        assert "Too many failed log-in attempts" in locked.json()["message"]
    assert "access_token" not in right.json()


def test_a_login_without_the_csrf_token_is_refused(csrf_checked: Client, user: User) -> None:
    refused = csrf_checked.post(LOGIN, {"username": "ann", "password": PASSWORD})
    page = csrf_checked.get(LOGIN)
    token = control(page, "csrfmiddlewaretoken").attrs["value"]
    accepted = csrf_checked.post(
        LOGIN, {"username": "ann", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302


def test_account_pages_carry_the_content_security_policy(browser: Client) -> None:
    policy = browser.get(LOGIN)["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
