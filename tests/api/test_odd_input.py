"""No input, however odd, makes the API answer 500: the property, tried on every endpoint."""

import json
from urllib.parse import quote

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ApiClient
from tests.factories import PostFactory, UserFactory, token_for
from tests.properties import DATABASE_EXAMPLES

pytestmark = pytest.mark.django_db

# Any text, and text made of what tends to break things (as in tests/web/test_odd_input.py).
ODD = st.text(max_size=40) | st.text(alphabet="\x00\ud7ff\u0301#@ab<>&'\"/:=", max_size=20)
# Any JSON value where an object with text fields is expected.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ODD,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ODD, inner, max_size=3),
    max_leaves=6,
)


def _answers(client: ApiClient, method: str, path: str, body: object = None) -> int:
    response = client.send(method, path, body)
    assert response.status_code < 500, (method, path, body, response.status_code)
    return int(response.status_code)


@given(value=ODD, body=JSON)
@DATABASE_EXAMPLES
def test_odd_input_to_any_endpoint_is_never_a_server_error(value: str, body: object) -> None:
    with transaction.atomic():
        ann = UserFactory(username="ann")
        post = PostFactory(author=ann)
        client = ApiClient(token_for(ann))
        text = quote(value, safe="")
        for path in [
            f"/api/users/{text}",
            f"/api/users/ann/collection?cursor={text}",
            f"/api/users/ann/collection?page={text}&size={text}",
            f"/api/users/ann/collection/{text}",
            f"/api/users/{text}/timeline",
            f"/api/users/ann/followers?cursor={text}",
            f"/api/search?text={text}&username={text}",
        ]:
            _answers(client, "GET", path)
        for method, path in [
            ("POST", "/api/users/ann/collection"),
            ("PUT", f"/api/users/ann/collection/{post.pk}"),
            ("PATCH", f"/api/users/ann/collection/{post.pk}"),
            ("POST", "/api/users/ann/following"),
        ]:
            _answers(client, method, path, body)
            _answers(client, method, path, {"text": value, "referenced": value, "username": value})
        _answers(client, "DELETE", f"/api/users/ann/following/{text}")
        form = {"grant_type": value, "client_id": value, "client_secret": value}
        assert ApiClient().post("/api/token", form).status_code < 500
        raw = ApiClient().post("/api/token", json.dumps(body), content_type="application/json")
        assert raw.status_code < 500
        transaction.set_rollback(True)
