"""Endpoints 1 and 2: POST /api/token logs in, DELETE /api/token logs out."""

import hashlib
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from microposts.accounts.models import ApiToken, User
from tests.api.helpers import assert_error, assert_unauthenticated
from tests.conftest import ApiClient
from tests.factories import PASSWORD, UserFactory

CREDENTIALS = {"grant_type": "client_credentials", "client_id": "ann", "client_secret": PASSWORD}


def post_form(client: Client, data: dict[str, object]) -> object:
    return client.post(
        "/api/token", urlencode(data), content_type="application/x-www-form-urlencoded"
    )


def post_json(client: Client, data: object) -> object:
    return client.post("/api/token", data, content_type="application/json")


def log_in(client: Client) -> str:
    response = post_form(client, CREDENTIALS)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def test_login_with_a_form_returns_a_bearer_token_for_a_day(anonymous: ApiClient, user: User):
    response = post_form(anonymous, CREDENTIALS)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 86_400
    assert len(body["access_token"]) >= 32
    assert response["Cache-Control"] == "no-store"


def test_login_with_a_json_body_returns_a_bearer_token(anonymous: ApiClient, user: User):
    response = post_json(anonymous, CREDENTIALS)

    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    assert response["Cache-Control"] == "no-store"


def test_login_with_a_multipart_form_returns_a_bearer_token(anonymous: ApiClient, user: User):
    response = anonymous.post("/api/token", CREDENTIALS)  # the test client's default encoding

    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"


def test_the_issued_token_works_on_the_api(anonymous: ApiClient, user: User):
    token = log_in(anonymous)

    response = ApiClient(token).get("/api/users/ann")

    assert response.status_code == 200
    assert response.json()["username"] == "ann"


def test_the_token_expires_a_day_after_login(anonymous: ApiClient, user: User):
    before = timezone.now()
    log_in(anonymous)

    stored = ApiToken.objects.get(user=user)
    assert before + timedelta(seconds=86_400) <= stored.expires
    assert stored.expires <= timezone.now() + timedelta(seconds=86_400)


def test_login_matches_the_username_regardless_of_case(anonymous: ApiClient, user: User):
    response = post_form(anonymous, {**CREDENTIALS, "client_id": "ANN"})

    assert response.status_code == 200
    assert ApiClient(response.json()["access_token"]).get("/api/users/ann").status_code == 200


def test_login_needs_no_csrf_token(user: User):
    # API clients (scripts, mobile apps) have no CSRF cookie; the token endpoint must not ask.
    client = Client(enforce_csrf_checks=True)

    response = post_form(client, CREDENTIALS)

    assert response.status_code == 200


def test_each_login_issues_a_different_token(anonymous: ApiClient, user: User):
    assert log_in(anonymous) != log_in(anonymous)


def test_tokens_are_stored_only_as_their_hash(anonymous: ApiClient, user: User):
    token = log_in(anonymous)

    stored = ApiToken.objects.get(user=user)
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    for row in ApiToken.objects.values():
        assert all(token not in str(value) for value in row.values())


def test_login_with_a_wrong_password_is_refused(anonymous: ApiClient, user: User):
    response = post_form(anonymous, {**CREDENTIALS, "client_secret": "not the password"})

    assert_error(response, 400, "invalid username or password")
    assert not ApiToken.objects.exists()


def test_login_of_an_unknown_user_is_refused(anonymous: ApiClient, user: User):
    response = post_form(anonymous, {**CREDENTIALS, "client_id": "nobody"})

    assert_error(response, 400, "invalid username or password")


def test_login_of_a_deactivated_user_is_refused(anonymous: ApiClient, user: User):
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = post_form(anonymous, CREDENTIALS)

    assert_error(response, 400, "invalid username or password")
    assert not ApiToken.objects.exists()


def test_wrong_password_unknown_and_deactivated_users_get_the_same_answer(
    anonymous: ApiClient, user: User
):
    UserFactory(username="gone", is_active=False)
    answers = {
        post_form(anonymous, data).content
        for data in (
            {**CREDENTIALS, "client_secret": "wrong password"},
            {**CREDENTIALS, "client_id": "nobody"},
            {**CREDENTIALS, "client_id": "gone"},
        )
    }

    assert len(answers) == 1  # nothing tells an attacker which usernames exist


@pytest.mark.parametrize("grant_type", ["password", "authorization_code", ""])
def test_login_with_another_grant_type_is_refused(
    anonymous: ApiClient, user: User, grant_type: str
):
    response = post_form(anonymous, {**CREDENTIALS, "grant_type": grant_type})

    assert_error(response, 400, "grant_type", "client_credentials")


@pytest.mark.parametrize("missing", ["grant_type", "client_id", "client_secret"])
def test_login_without_a_field_names_the_missing_field(
    anonymous: ApiClient, user: User, missing: str
):
    data = {key: value for key, value in CREDENTIALS.items() if key != missing}

    assert_error(post_form(anonymous, data), 400, f"'{missing}'", "required")
    assert_error(post_json(anonymous, data), 400, f"'{missing}'", "required")


def test_login_with_an_empty_body_is_refused(anonymous: ApiClient, user: User):
    response = anonymous.post("/api/token")

    assert_error(response, 400, "'grant_type'", "required")


def test_login_with_a_number_for_the_username_is_refused(anonymous: ApiClient, user: User):
    response = post_json(anonymous, {**CREDENTIALS, "client_id": 5})

    assert_error(response, 400, "'client_id'", "string")


def test_login_with_malformed_json_is_refused(anonymous: ApiClient, user: User):
    response = post_json(anonymous, '{"grant_type": "client_credentials",')

    assert_error(response, 400, "not valid JSON")


@pytest.mark.parametrize("body", ['["client_credentials"]', '"client_credentials"', "42"])
def test_login_with_json_that_is_not_an_object_is_refused(
    anonymous: ApiClient, user: User, body: str
):
    response = post_json(anonymous, body)

    assert_error(response, 400, "JSON object")


def test_logout_revokes_the_token(anonymous: ApiClient, user: User):
    client = ApiClient(log_in(anonymous))

    response = client.delete("/api/token")

    assert response.status_code == 204
    assert response.content == b""
    assert_unauthenticated(client.get("/api/users/ann"))
    assert_unauthenticated(client.delete("/api/token"))


def test_logout_leaves_the_users_other_tokens_working(anonymous: ApiClient, user: User):
    phone, laptop = ApiClient(log_in(anonymous)), ApiClient(log_in(anonymous))

    assert phone.delete("/api/token").status_code == 204

    assert laptop.get("/api/users/ann").status_code == 200


def test_logout_without_a_token_is_unauthenticated(anonymous: ApiClient, user: User):
    assert_unauthenticated(anonymous.delete("/api/token"))


def test_an_expired_token_is_unauthenticated(anonymous: ApiClient, user: User):
    client = ApiClient(log_in(anonymous))
    ApiToken.objects.filter(user=user).update(expires=timezone.now() - timedelta(seconds=1))

    assert_unauthenticated(client.get("/api/users/ann"))


def test_a_token_stops_working_when_its_user_is_deactivated(anonymous: ApiClient, user: User):
    client = ApiClient(log_in(anonymous))
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert_unauthenticated(client.get("/api/users/ann"))
