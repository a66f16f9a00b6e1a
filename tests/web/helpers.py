"""What more than one web test module needs: addresses, and reading the pages they answer."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from microposts.accounts.models import User
from microposts.posts.models import Post

HTMX = {"HX-Request": "true"}
SignedIn = Callable[[User], Client]
PAGE_SIZE = 20

LOGIN = reverse("web:login")
PROFILE_EDIT = reverse("web:profile_edit")
PASSWORD_CHANGE = reverse("web:password_change")


# Addresses


def url(name: str, *args: object) -> str:
    return reverse(f"web:{name}", args=args)


def post_url(post: Post, action: str = "post") -> str:
    return url(action, post.author.username, post.pk)


def profile_url(user: User) -> str:
    return reverse("web:profile", args=[user.username])


def login_redirect(path: str) -> str:
    return f"{url('login')}?next={quote(path, safe='/')}"


def suspend(account: User) -> None:
    User.objects.filter(pk=account.pk).update(is_active=False)


# What a page says


def text_of(response: HttpResponse) -> str:
    return response.content.decode()


def messages_of(response: HttpResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def signed_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return None if user_id is None else User.objects.get(pk=user_id).username


def headings(response: HttpResponse, level: int) -> list[str]:
    """The text of the page's headings of one level, tags inside them removed."""
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", text_of(response), flags=re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", "", heading).split()) for heading in found]


def links(response: HttpResponse) -> set[str]:
    return set(re.findall(r'<a [^>]*href="([^"]+)"', text_of(response)))


def next_link(response: HttpResponse) -> str:
    """The query string of the page's "Load more" link."""
    match = re.search(r'<a href="\?([^"]+)" hx-get=[^>]*>Load more</a>', text_of(response))
    assert match is not None, "the page has no Load more link"
    return match.group(1).replace("&amp;", "&")


# A page's elements, for the forms of the account pages

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = field(default="")


class _Elements(HTMLParser):
    """Every element of a page with its attributes and the text inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.found.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data


def elements(response: HttpResponse) -> list[Element]:
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser.found


def by_id(response: HttpResponse, element_id: str) -> Element:
    [element] = [e for e in elements(response) if e.attrs.get("id") == element_id]
    return element


def control(response: HttpResponse, name: str) -> Element:
    [element] = [
        e
        for e in elements(response)
        if e.tag in {"input", "textarea"} and e.attrs.get("name") == name
    ]
    return element


def error_of(response: HttpResponse, name: str) -> str:
    """The error shown beside a field, which its control names in aria-describedby."""
    described_by = control(response, name).attrs["aria-describedby"].split()
    assert f"id_{name}_error" in described_by
    assert control(response, name).attrs.get("aria-invalid") == "true"
    return by_id(response, f"id_{name}_error").text
