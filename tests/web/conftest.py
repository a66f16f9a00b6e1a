from collections.abc import Callable, Iterator
from typing import Any

import jinja2
import pytest
from django.test import Client
from django.test.signals import template_rendered

from microposts.accounts.models import User
from microposts.posts.models import Post
from tests.factories import PostFactory, UserFactory


@pytest.fixture(autouse=True)
def _jinja_pages_show_their_context() -> Iterator[None]:
    """`response.context` for the site's Jinja2 pages, as for Django-language ones.

    Django's test set-up makes its own engine's templates send `template_rendered`, which the
    test client records; Jinja2's are made to send it here. Django's Jinja2 backend hands the
    template the whole context: the view's, the request, the CSRF token, the context processors'.
    """
    render = jinja2.Template.render

    def recorded(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        template_rendered.send(sender=self, template=self, context=dict(*args, **kwargs))
        return render(self, *args, **kwargs)

    jinja2.Template.render = recorded  # type: ignore[method-assign]
    try:
        yield
    finally:
        jinja2.Template.render = render  # type: ignore[method-assign]


@pytest.fixture
def browser() -> Client:
    """A web client that has not signed in. CSRF is checked only by tests that ask for it."""
    return Client()


@pytest.fixture
def signed_in(db: None) -> Callable[[User], Client]:
    def client_for(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return client_for


@pytest.fixture
def csrf_checked() -> Client:
    """A client whose POSTs are refused without a CSRF token, as a real browser's would be."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def ann() -> User:
    """Ann with a display name and a bio to escape, as the public pages show her."""
    return UserFactory(
        username="ann", display_name="Ann Example", bio="I bake.\n<script>alert(1)</script>"
    )


@pytest.fixture
def anns_browser(user: User, signed_in: Callable[[User], Client]) -> Client:
    """Ann's signed-in browser (`user` is Ann)."""
    return signed_in(user)


@pytest.fixture
def bobs_post(other: User) -> Post:
    return PostFactory(author=other, text="Bob writes about tomatoes")
