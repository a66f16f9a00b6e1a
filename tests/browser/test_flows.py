"""What people do on the site, in a real browser, found the way they find it: by role and label.

The core flow runs twice: with JavaScript (htmx swaps the buttons in place) and without it (every
form posts and the page comes back), since every page and action must work either way.
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import Locator, Page, expect

from microposts.accounts.models import User
from tests.browser.conftest import NewVisitor, SignedInAs, Visitor
from tests.factories import PASSWORD, PostFactory, UserFactory


def sign_up(visitor: Visitor, username: str) -> None:
    visitor.open("/signup")
    form = visitor.page.get_by_role("main")
    form.get_by_label("Username").fill(username)
    form.get_by_label("Password", exact=True).fill(PASSWORD)
    form.get_by_label("Password again").fill(PASSWORD)
    form.get_by_role("button", name="Sign up").click()
    # Signed up is signed in: the navigation offers to log out and links to one's profile.
    expect(visitor.page.get_by_role("button", name="Log out")).to_be_visible()
    expect(nav(visitor.page).get_by_role("link", name=f"@{username}")).to_be_visible()


def nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main")


def post_with(page: Page, text: str) -> Locator:
    return page.get_by_role("main").get_by_role("article").filter(has_text=text)


def write_post(visitor: Visitor, text: str) -> None:
    visitor.open("/home")
    visitor.page.get_by_label("Your post").fill(text)
    visitor.page.get_by_role("button", name="Post", exact=True).click()
    expect(post_with(visitor.page, text)).to_be_visible()


def search_for(visitor: Visitor, text: str) -> None:
    search = visitor.page.get_by_role("search")
    search.get_by_role("searchbox", name="Search posts").fill(text)
    search.get_by_role("button", name="Search").click()
    expect(visitor.page).to_have_url(re.compile(r"/search\?"))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_two_people_meet_follow_like_and_reply_and_the_author_is_notified(
    new_visitor: NewVisitor, javascript: bool
) -> None:
    ann, bob = new_visitor(javascript=javascript), new_visitor(javascript=javascript)
    sign_up(ann, "ann")
    sign_up(bob, "bob")
    write_post(ann, "Hello from ann, my first post")

    bob.open("/")
    search_for(bob, "ann")
    bob.page.get_by_role("main").get_by_role("link", name="@ann", exact=True).first.click()
    bob.page.get_by_role("button", name="Follow @ann").click()
    expect(bob.page.get_by_role("button", name="Unfollow @ann")).to_be_visible()
    expect(bob.page.get_by_role("status")).to_contain_text("You follow @ann.")

    bob.open("/home")
    post = post_with(bob.page, "Hello from ann")
    post.get_by_role("button", name=re.compile(r"^Like")).click()
    expect(post.get_by_role("button", name=re.compile(r"^Unlike"))).to_be_visible()
    expect(bob.page.get_by_role("status")).to_contain_text("You liked the post by @ann.")
    post.get_by_role("link", name="Reply to @ann").click()
    bob.page.get_by_label("Your reply to @ann").fill("@ann welcome aboard")
    bob.page.get_by_role("button", name="Reply", exact=True).click()
    expect(bob.page.get_by_text("welcome aboard")).to_be_visible()

    ann.open("/home")
    unread = nav(ann.page).get_by_role("link", name=re.compile(r"^Notifications"))
    expect(unread).to_have_accessible_name("Notifications 3 unread")  # follow, like, reply
    unread.click()
    notifications = ann.page.get_by_role("main")
    for kind in ("follow", "like", "repl"):
        expect(notifications).to_contain_text(re.compile(kind, re.IGNORECASE))
    expect(notifications).to_contain_text("welcome aboard")
    ann.page.reload()  # seen: the count is gone
    expect(unread).to_have_accessible_name("Notifications")


def test_an_author_edits_and_then_deletes_a_post(new_visitor: NewVisitor, user: User) -> None:
    post = PostFactory(author=user, text="First draft of a thought")
    ann = new_visitor()
    ann.sign_in(user.username)
    ann.open(f"/@{user.username}/{post.pk}")

    post_with(ann.page, "First draft").get_by_role("link", name="Edit your post").click()
    ann.page.get_by_label("Your post").fill("Second draft of a thought")
    ann.page.get_by_role("button", name="Save changes").click()
    edited = post_with(ann.page, "Second draft of a thought")
    expect(edited).to_contain_text("(edited)")

    edited.get_by_role("link", name="Delete your post").click()
    ann.page.get_by_role("button", name="Delete post").click()
    expect(ann.page.get_by_text("Second draft of a thought")).to_have_count(0)
    gone = ann.page.goto(f"/@{user.username}/{post.pk}")
    assert gone is not None
    assert gone.status == 404


def test_someone_elses_post_offers_no_edit_or_delete(
    signed_in_as: SignedInAs, user: User, other: User
) -> None:
    post = PostFactory(author=other, text="Bob's own words")
    ann = signed_in_as(user)
    ann.open(f"/@{other.username}/{post.pk}")
    shown = post_with(ann.page, "Bob's own words")
    expect(shown.get_by_role("button", name=re.compile(r"^Like"))).to_be_visible()
    expect(shown.get_by_role("link", name=re.compile("Edit|Delete"))).to_have_count(0)


def test_search_finds_posts_by_their_words_and_people_by_name(visitor: Visitor) -> None:
    PostFactory(text="Learning to bake sourdough bread")
    PostFactory(text="Nothing about baking here")
    UserFactory(username="sourdough_sam")
    visitor.open("/")
    search_for(visitor, "sourdough")
    results = visitor.page.get_by_role("main")
    expect(post_with(visitor.page, "bake sourdough bread")).to_be_visible()
    expect(results.get_by_text("Nothing about baking here")).to_have_count(0)
    expect(results.get_by_role("link", name=re.compile("@sourdough_sam")).first).to_be_visible()


def test_a_refused_post_keeps_the_typed_text_and_says_why(
    signed_in_as: SignedInAs, user: User
) -> None:
    ann = signed_in_as(user)
    ann.open("/home")
    too_long = "word " * settings.MAX_POST_LENGTH
    ann.page.get_by_label("Your post").fill(too_long)
    ann.page.get_by_role("button", name="Post", exact=True).click()
    text = ann.page.get_by_label("Your post")
    expect(text).to_have_value(too_long)
    expect(text).to_have_attribute("aria-invalid", "true")
    # The error is tied to the field, so a screen reader reads it with the field.
    expect(text).to_have_accessible_description(re.compile("too long", re.IGNORECASE))
