"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Playwright's own browser download is never used (no `playwright install`): the tests launch
/usr/bin/chromium. Without it they are skipped on a laptop, and fail in CI, where a skipped
browser suite would otherwise pass unnoticed.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from microposts.accounts.models import User
from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root in a container, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",  # no calls home from a test run
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"  # git-ignored (var/)
# Playwright waits 30 s by default; a page of this site that takes 10 s is already a failure.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium chromium-driver"
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    # Playwright's sync API runs its event loop in a greenlet on the test's own thread, and
    # while it is started asyncio.get_running_loop() succeeds there: Django then refuses ORM
    # calls from the tests (factories, assertions on rows, the database flush after each test)
    # as if they came from async code. Nothing here is async: each ORM call runs to its end
    # before Playwright's loop runs again. So the check is off exactly while Playwright runs,
    # and package scope, not session, gives the rest of the suite its loop-free thread back.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as started:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield started


@pytest.fixture(scope="package")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Visitor:
    """One person at one browser: cookies of their own, one tab, what its console complained of."""

    page: Page
    console_errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        self.open("/login")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("main").get_by_role("button", name="Log in").click()
        self.page.get_by_role("button", name="Log out").wait_for()


def _watched(page: Page) -> Visitor:
    visitor = Visitor(page)
    # A Content-Security-Policy violation (an inline script or style) is reported as a console
    # error, as is a script that throws or a file that fails to load.

    def record(message: ConsoleMessage) -> None:
        # The location names the file that failed to load, if any. (base.html names an icon,
        # so Chromium does not ask for /favicon.ico, which would answer 404.)
        source = message.location.get("url", "")
        if message.type == "error":
            visitor.console_errors.append(f"{page.url}: {message.text} [{source}]")

    page.on("console", record)
    page.on("pageerror", lambda error: visitor.console_errors.append(f"{page.url}: {error}"))
    return visitor


NewVisitor = Callable[..., Visitor]


@pytest.fixture
def new_visitor(
    chromium: Browser, live_server: LiveServer, transactional_db: None
) -> Iterator[NewVisitor]:
    """A fresh browser context (no cookies shared) per call; each test gets pages of its own."""
    contexts: list[BrowserContext] = []

    def open_context(
        *, javascript: bool = True, width: int = 1024, scheme: Literal["light", "dark"] = "light"
    ) -> Visitor:
        context = chromium.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": 800},
            color_scheme=scheme,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return _watched(context.new_page())

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def visitor(new_visitor: NewVisitor) -> Visitor:
    return new_visitor()


SignedInAs = Callable[..., Visitor]


@pytest.fixture
def signed_in_as(new_visitor: NewVisitor, live_server: LiveServer) -> SignedInAs:
    """A visitor already signed in as a user, by a session cookie rather than the log-in form."""

    def visitor_for(user: User, *, javascript: bool = True) -> Visitor:
        client = Client()
        client.force_login(user)
        visitor = new_visitor(javascript=javascript)
        name = settings.SESSION_COOKIE_NAME
        # The live server speaks plain HTTP; Chromium accepts Secure cookies from localhost.
        visitor.page.context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
        )
        return visitor

    return visitor_for
