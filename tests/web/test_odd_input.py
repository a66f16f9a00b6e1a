"""No input, however odd, makes the website answer 500: the property, tried on every form.

It found that a `next` of "0" made Django's redirect() look for a view of that name.
"""

from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import PostFactory, UserFactory
from tests.properties import DATABASE_EXAMPLES

pytestmark = pytest.mark.django_db

# Any text, and text made of what tends to break things: NUL, a lone surrogate's neighbour, a
# combining mark, markup and the characters mentions and hashtags start with.
ODD = st.text(max_size=40) | st.text(alphabet="\x00\ud7ff\u0301#@ab<>&'\"/:", max_size=20)


def _no_server_error(client: Client, method: str, path: str, data: dict[str, str]) -> None:
    response = client.get(path) if method == "GET" else client.post(path, data)
    assert response.status_code < 500, (method, path, response.status_code)


@given(value=ODD)
@DATABASE_EXAMPLES
def test_odd_input_to_the_public_pages_and_login_is_never_a_server_error(value: str) -> None:
    client, text = Client(raise_request_exception=False), quote(value, safe="")
    for path in [
        f"/search?text={text}",
        f"/search?text=abc&username={text}",
        f"/?cursor={text}",
        f"/@{text}",
        f"/tags/{text}",
        f"/@bob/{text}",
    ]:
        _no_server_error(client, "GET", path, {})
    _no_server_error(
        client, "POST", "/login", {"username": value, "password": value, "next": value}
    )
    _no_server_error(
        client, "POST", "/signup", {"username": value, "password1": value, "password2": value}
    )


@given(value=ODD)
@DATABASE_EXAMPLES
def test_odd_input_to_the_signed_in_forms_is_never_a_server_error(value: str) -> None:
    with transaction.atomic():
        bob = UserFactory(username="bob")
        post = PostFactory(author=bob)
        client, text = Client(raise_request_exception=False), quote(value, safe="")
        client.force_login(UserFactory())
        for path in [f"/home?cursor={text}", f"/notifications?cursor={text}"]:
            _no_server_error(client, "GET", path, {})
        for path, data in [
            ("/compose", {"text": value, "referenced": value}),
            (f"/compose?reply_to={text}", {"text": value}),
            (f"/@bob/{post.pk}/edit", {"text": value, "referenced": value}),
            ("/settings/profile", {"display_name": value, "bio": value}),
            ("/settings/password", {"old_password": value, "new_password1": value}),
            (f"/@{text}/follow", {}),
            (f"/@bob/{post.pk}/like", {"next": value}),
            (f"/@bob/{post.pk}/repost", {"next": value}),
        ]:
            _no_server_error(client, "POST", path, data)
        transaction.set_rollback(True)
