"""The site's error pages: in its own style, with the right status, leaking nothing."""

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from microposts.accounts.models import User

pytestmark = pytest.mark.django_db


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail: database password is hunter2")


# The site's own addresses plus one view that fails, to see the 500 page.
urlpatterns = [
    path("broken", broken_view),
    path("", include("microposts.config.urls")),
]
handler500 = "microposts.web.errors.server_error"


def test_an_unknown_address_answers_the_sites_404_page(browser: Client) -> None:
    response = browser.get("/no/such/page")

    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Not found</h1>" in content
    assert 'class="site-header"' in content  # the site's layout, not Django's bare page


def test_an_unknown_api_address_still_answers_json(browser: Client) -> None:
    response = browser.get("/api/no/such/endpoint")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_a_server_fault_answers_the_sites_500_page_without_details(
    settings: Any,
) -> None:
    client = Client(raise_request_exception=False)
    settings.ROOT_URLCONF = __name__

    response = client.get("/broken")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    assert "hunter2" not in content
    assert "RuntimeError" not in content
    assert "web/site.css" in content


def test_a_form_without_its_csrf_token_answers_the_sites_403_page(
    csrf_checked: Client, user: User
) -> None:
    csrf_checked.force_login(user)

    response = csrf_checked.post("/compose", {"text": "hello"})

    assert response.status_code == 403
    content = response.content.decode()
    assert "This form has expired or did not come from this site." in content
    assert 'class="site-header"' in content
