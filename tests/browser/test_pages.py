"""Each main page in a real browser: no console errors (a CSP violation is one), a screenshot for
people to look at (var/screenshots/), a narrow screen without sideways scrolling, the live
character counter, and the keyboard.
"""

import re
from dataclasses import dataclass
from typing import Literal

import pytest
from django.conf import settings
from playwright.sync_api import expect

from microposts.accounts.models import User
from microposts.accounts.services import follow_create
from microposts.posts.models import Post
from microposts.posts.services import like_create
from microposts.web.pagination import PAGE_SIZE
from tests.browser.conftest import NewVisitor, SignedInAs
from tests.factories import PostFactory, UserFactory

LONG_WORD = "https://example.org/" + "a-very-long-address-without-any-space-" * 8


@dataclass
class Scene:
    """Ann follows bob; bob wrote a tagged post that ann liked and answered."""

    ann: User
    bob: User
    post: Post


@pytest.fixture
def scene(user: User, other: User) -> Scene:
    post = PostFactory(author=other, text=f"Hello #intro, see {LONG_WORD}")
    PostFactory(author=user, text=f"@{other.username} hi there", in_reply_to_id=post.pk)
    follow_create(follower=user, followed=other)
    follow_create(follower=other, followed=user)
    like_create(user=user, post=post)
    return Scene(user, other, post)


# (name, path with {post} and {bob} filled from the scene, signed in as ann?)
MAIN_PAGES = [
    ("front", "/", False),
    ("profile", "/@{bob}", False),
    ("post", "/@{bob}/{post}", False),
    ("tag", "/tags/intro", False),
    ("search", "/search?text=hello", False),
    ("followers", "/@{bob}/followers", False),
    ("signup", "/signup", False),
    ("login", "/login", False),
    ("home", "/home", True),
    ("compose", "/compose", True),
    ("reply", "/compose?reply_to={post}", True),
    ("notifications", "/notifications", True),
    ("profile-edit", "/settings/profile", True),
    ("password-change", "/settings/password", True),
]


@pytest.mark.parametrize(("name", "path", "signed_in"), MAIN_PAGES, ids=[p[0] for p in MAIN_PAGES])
def test_main_page_loads_without_console_errors(
    scene: Scene,
    new_visitor: NewVisitor,
    signed_in_as: SignedInAs,
    name: str,
    path: str,
    signed_in: bool,
) -> None:
    visitor = signed_in_as(scene.ann) if signed_in else new_visitor()
    visitor.open(path.format(bob=scene.bob.username, post=scene.post.pk))
    expect(visitor.page.get_by_role("heading", level=1)).to_have_count(1)
    visitor.page.wait_for_load_state("load")  # scripts and style sheets have run or failed
    visitor.screenshot(name)
    assert visitor.console_errors == []


@pytest.mark.parametrize(
    ("name", "path"),
    [("front", "/"), ("profile", "/@{bob}"), ("post", "/@{bob}/{post}"), ("signup", "/signup")],
)
def test_page_fits_a_360px_screen_without_sideways_scrolling(
    scene: Scene, new_visitor: NewVisitor, name: str, path: str
) -> None:
    visitor = new_visitor(width=360)
    visitor.open(path.format(bob=scene.bob.username, post=scene.post.pk))
    visitor.screenshot(f"{name}-360px")
    overflow = visitor.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.parametrize(("scheme", "dark"), [("light", False), ("dark", True)])
def test_the_colours_follow_the_systems_light_or_dark_preference(
    scene: Scene, new_visitor: NewVisitor, scheme: Literal["light", "dark"], dark: bool
) -> None:
    visitor = new_visitor(scheme=scheme)
    visitor.open(f"/@{scene.bob.username}")
    visitor.screenshot(f"profile-{scheme}")
    background = visitor.page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(part) for part in background[4:-1].split(",")[:3])
    assert (red + green + blue < 3 * 128) is dark


def test_character_counter_counts_down_as_you_type(signed_in_as: SignedInAs, user: User) -> None:
    ann = signed_in_as(user)
    ann.open("/home")
    text = ann.page.get_by_label("Your post")
    limit = settings.MAX_POST_LENGTH
    expect(text).to_have_accessible_description(f"{limit} characters left")
    text.press_sequentially("Hello")
    expect(text).to_have_accessible_description(f"{limit - 5} characters left")
    text.fill("x" * (limit + 3))
    expect(text).to_have_accessible_description("3 characters too many")


def test_without_javascript_the_counter_states_the_limit(
    signed_in_as: SignedInAs, user: User
) -> None:
    ann = signed_in_as(user, javascript=False)
    ann.open("/home")
    expect(ann.page.get_by_label("Your post")).to_have_accessible_description(
        re.compile(rf"\b{settings.MAX_POST_LENGTH} characters")
    )


def test_keyboard_user_tabs_to_the_post_button_and_sees_where_focus_is(
    signed_in_as: SignedInAs, user: User
) -> None:
    ann = signed_in_as(user)
    ann.open("/home")
    button = ann.page.get_by_role("button", name="Post", exact=True)
    for _ in range(40):
        ann.page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    expect(button).to_be_focused()
    assert button.evaluate("element => element.matches(':focus-visible')")
    outline = button.evaluate(
        "element => { const style = getComputedStyle(element);"
        " return [style.outlineStyle, style.outlineWidth]; }"
    )
    assert outline[0] != "none"
    assert outline[1] != "0px"


def test_the_first_tab_offers_to_skip_to_the_content(
    visitor: object, new_visitor: NewVisitor
) -> None:
    guest = new_visitor()
    guest.open("/")
    guest.page.keyboard.press("Tab")
    skip = guest.page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()


def test_with_javascript_load_more_appends_the_next_posts_in_place(
    new_visitor: NewVisitor,
) -> None:
    author = UserFactory()
    for number in range(PAGE_SIZE + 5):
        PostFactory(author=author, text=f"Numbered post {number}")
    guest = new_visitor()
    guest.open("/")
    posts = guest.page.get_by_role("main").get_by_role("article")
    shown = posts.count()
    guest.page.get_by_role("link", name="Load more").first.click()
    expect(posts).not_to_have_count(shown)
    assert posts.count() > shown
    assert "?" not in guest.page.url  # the same page, grown; not a navigation to the next
    assert guest.console_errors == []
