"""Writing posts: the home timeline, compose, edit and delete, behind the guards that every
signed-in action shares: signing in first, and a CSRF token with every change."""

from typing import Any

import pytest
from django.test import Client

from microposts.accounts.models import Follow, User
from microposts.posts.models import Like, Post, Repost
from microposts.posts.services import post_create
from tests.factories import FollowFactory, LikeFactory, PostFactory, RepostFactory, UserFactory
from tests.web.helpers import HTMX, SignedIn, login_redirect, messages_of, post_url, text_of, url

# --- Signing in is required; changes need the CSRF token -------------------------------------


@pytest.mark.parametrize(
    ("method", "name", "needs_post"),
    [
        ("get", "home", False),
        ("get", "compose", False),
        ("post", "compose", False),
        ("get", "post_edit", True),
        ("post", "post_edit", True),
        ("get", "post_delete", True),
        ("post", "post_delete", True),
        ("post", "like", True),
        ("post", "unlike", True),
        ("post", "repost", True),
        ("post", "unrepost", True),
    ],
)
def test_an_anonymous_visitor_is_sent_to_log_in_and_back(
    browser: Client, bobs_post: Post, method: str, name: str, needs_post: bool
) -> None:
    path = post_url(bobs_post, name) if needs_post else url(name)

    response = getattr(browser, method)(path, {"text": "hello"} if method == "post" else {})

    assert response.status_code == 302
    assert response["Location"] == login_redirect(path)
    assert Post.objects.count() == 1
    assert not Like.objects.exists()
    assert not Repost.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [("compose", {"text": "forged"}), ("like", {}), ("post_delete", {}), ("follow", {})],
)
def test_a_post_without_csrf_token_is_refused(
    csrf_checked: Client, user: User, other: User, name: str, data: dict[str, str]
) -> None:
    own = PostFactory(author=user)
    paths = {"compose": url("compose"), "follow": url("follow", other.username)}
    csrf_checked.force_login(user)

    response = csrf_checked.post(paths.get(name) or post_url(own, name), data)

    assert response.status_code == 403
    assert list(Post.objects.values_list("pk", flat=True)) == [own.pk]
    assert not Like.objects.exists()
    assert not Follow.objects.exists()


def test_a_post_with_the_pages_csrf_token_is_accepted(csrf_checked: Client, user: User) -> None:
    csrf_checked.force_login(user)
    page = csrf_checked.get(url("compose"))
    token = page.context["csrf_token"]

    response = csrf_checked.post(url("compose"), {"text": "real", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Post.objects.get().text == "real"


# --- Home timeline ----------------------------------------------------------------------------


def test_home_shows_own_and_followed_posts_but_no_others(
    anns_browser: Client, user: User, other: User
) -> None:
    FollowFactory(follower=user, followed=other)
    PostFactory(author=user, text="ann's own words")
    PostFactory(author=other, text="bob's followed words")
    PostFactory(text="a stranger's words")

    response = anns_browser.get(url("home"))

    page = text_of(response)
    assert response.status_code == 200
    assert "ann&#x27;s own words" in page
    assert "bob&#x27;s followed words" in page
    assert "stranger" not in page
    assert '<a href="/home" aria-current="page">Home</a>' in page


def test_home_puts_the_compose_form_with_its_counter_on_top(
    anns_browser: Client, settings: Any
) -> None:
    settings.MAX_POST_LENGTH = 123

    page = text_of(anns_browser.get(url("home")))

    assert f'<form class="compose" method="post" action="{url("compose")}">' in page
    assert 'data-max-length="123" data-counter="compose-counter"' in page
    assert '<p class="counter" id="compose-counter" aria-live="polite">' in page
    assert page.index("compose-text") < page.index("Your timeline")


def test_load_more_on_home_answers_htmx_with_only_the_next_posts(
    anns_browser: Client, user: User, settings: Any
) -> None:
    posts = [PostFactory(author=user, text=f"number {n}") for n in range(25)]
    first = anns_browser.get(url("home"))
    next_query = first.context["next_query"]

    response = anns_browser.get(f"{url('home')}?{next_query}", headers=HTMX)

    page = text_of(response)
    assert "<html" not in page
    assert "compose-text" not in page
    assert [post.pk for post in posts[:5]] == sorted(
        entry.post.pk for entry in response.context["entries"]
    )


def _timeline_with(user: User, authors: int) -> None:
    for _ in range(authors):
        author = UserFactory()
        FollowFactory(follower=user, followed=author)
        post = PostFactory(author=author)
        LikeFactory(user=user, post=post)
        RepostFactory(user=author, post=PostFactory())


@pytest.mark.parametrize("authors", [1, 8])
def test_home_costs_the_same_queries_however_many_posts_it_shows(
    anns_browser: Client, user: User, authors: int, django_assert_num_queries: Any
) -> None:
    _timeline_with(user, authors)
    anns_browser.get(url("home"))  # the session's first read is not what is measured

    # the session, the user; timeline: follow count, post ids, reposts, posts;
    # marks (likes and reposts); the navigation's unread notifications
    with django_assert_num_queries(8):
        response = anns_browser.get(url("home"))

    assert len(response.context["entries"]) == 2 * authors


def test_home_with_a_malformed_cursor_is_a_400_page(anns_browser: Client) -> None:
    response = anns_browser.get(f"{url('home')}?cursor=nonsense")

    assert response.status_code == 400
    assert "cursor" in text_of(response)


# --- Compose ----------------------------------------------------------------------------------


def test_compose_creates_the_post_and_goes_to_it(anns_browser: Client, user: User) -> None:
    response = anns_browser.post(url("compose"), {"text": "  Hello #world  ", "referenced": ""})

    post = Post.objects.get()
    assert (post.author, post.text, post.referenced, post.in_reply_to) == (
        user,
        "Hello #world",
        None,
        None,
    )
    assert response["Location"] == post_url(post)
    assert messages_of(response) == ["Posted."]


def test_compose_can_address_a_post_to_a_user(anns_browser: Client, other: User) -> None:
    anns_browser.post(url("compose"), {"text": "for you", "referenced": "@Bob"})

    assert Post.objects.get().referenced == other


def test_compose_page_shows_the_form_and_the_limit(anns_browser: Client, settings: Any) -> None:
    settings.MAX_POST_LENGTH = 42

    response = anns_browser.get(url("compose"))

    page = text_of(response)
    assert response.status_code == 200
    assert '<label for="compose-text">Your post</label>' in page
    assert 'data-max-length="42"' in page
    assert "At most 42 characters." in page


def test_a_reply_shows_the_parent_and_is_posted_as_its_reply(
    anns_browser: Client, bobs_post: Post
) -> None:
    page = text_of(anns_browser.get(f"{url('compose')}?reply_to={bobs_post.pk}"))
    action = f"{url('compose')}?reply_to={bobs_post.pk}"

    assert "Bob writes about tomatoes" in page
    assert f'action="{action}"' in page
    assert "Your reply to @bob" in page

    response = anns_browser.post(action, {"text": "So do I"})

    reply = Post.objects.get(text="So do I")
    assert reply.in_reply_to == bobs_post
    assert response["Location"] == post_url(reply)


@pytest.mark.parametrize("reply_to", ["999", "abc", "²", str(1 << 63), ""])
def test_a_reply_to_a_post_that_does_not_exist_is_a_404_page(
    anns_browser: Client, reply_to: str
) -> None:
    response = anns_browser.post(f"{url('compose')}?reply_to={reply_to}", {"text": "lost"})

    assert response.status_code == 404
    assert "<h1>Not found</h1>" in text_of(response)
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"text": "   "}, "Field &#x27;text&#x27; must not be empty"),
        ({"text": "x" * 11}, "Field &#x27;text&#x27; is too long: at most 10 characters"),
        ({"text": "to nobody", "referenced": "nobody"}, "Referenced user &#x27;nobody&#x27;"),
    ],
)
def test_a_refused_post_keeps_the_typed_text_and_says_why(
    anns_browser: Client, settings: Any, data: dict[str, str], field_error: str
) -> None:
    settings.MAX_POST_LENGTH = 10

    response = anns_browser.post(url("compose"), data)

    page = text_of(response)
    assert response.status_code == 400
    assert field_error in page
    assert f">\n{data['text']}</textarea>" in page
    assert 'aria-invalid="true"' in page
    assert not Post.objects.exists()


def test_a_refused_referenced_user_is_shown_beside_that_field(anns_browser: Client) -> None:
    response = anns_browser.post(url("compose"), {"text": "hi", "referenced": "nobody"})

    page = text_of(response)
    assert 'id="compose-referenced-error">Referenced user &#x27;nobody&#x27; not found' in page
    assert 'value="nobody"' in page
    assert '<details class="field" open>' in page


def test_a_refused_reply_still_shows_what_it_replies_to(
    anns_browser: Client, bobs_post: Post
) -> None:
    response = anns_browser.post(f"{url('compose')}?reply_to={bobs_post.pk}", {"text": ""})

    assert response.status_code == 400
    assert "Bob writes about tomatoes" in text_of(response)


# --- Edit -------------------------------------------------------------------------------------


@pytest.fixture
def anns_post(user: User, other: User) -> Post:
    return post_create(author=user, text="First draft", referenced=other.username)


def test_the_author_sees_the_edit_form_with_the_posts_text(
    anns_browser: Client, anns_post: Post
) -> None:
    response = anns_browser.get(post_url(anns_post, "post_edit"))

    page = text_of(response)
    assert response.status_code == 200
    assert ">\nFirst draft</textarea>" in page
    assert 'value="bob"' in page
    assert f'action="{post_url(anns_post, "post_edit")}"' in page


def test_the_author_edits_the_text_and_keeps_the_creation_time(
    anns_browser: Client, anns_post: Post
) -> None:
    response = anns_browser.post(
        post_url(anns_post, "post_edit"), {"text": "Second draft", "referenced": "bob"}
    )

    edited = Post.objects.get(pk=anns_post.pk)
    assert (edited.text, edited.created) == ("Second draft", anns_post.created)
    assert edited.edited is not None
    assert response["Location"] == post_url(anns_post)
    assert messages_of(response) == ["Changes saved."]


def test_an_edit_can_clear_the_referenced_user(anns_browser: Client, anns_post: Post) -> None:
    anns_browser.post(post_url(anns_post, "post_edit"), {"text": "First draft", "referenced": ""})

    assert Post.objects.get(pk=anns_post.pk).referenced is None


def test_an_edit_keeps_a_referenced_user_who_was_since_suspended(
    anns_browser: Client, anns_post: Post, other: User
) -> None:
    User.objects.filter(pk=other.pk).update(is_active=False)

    response = anns_browser.post(
        post_url(anns_post, "post_edit"), {"text": "Later", "referenced": "bob"}
    )

    assert response.status_code == 302
    edited = Post.objects.get(pk=anns_post.pk)
    assert (edited.text, edited.referenced_id) == ("Later", other.pk)


def test_a_refused_edit_keeps_the_typed_text_and_the_post(
    anns_browser: Client, anns_post: Post, settings: Any
) -> None:
    settings.MAX_POST_LENGTH = 20

    response = anns_browser.post(
        post_url(anns_post, "post_edit"), {"text": "y" * 21, "referenced": "bob"}
    )

    assert response.status_code == 400
    assert f">\n{'y' * 21}</textarea>" in text_of(response)
    assert "is too long: at most 20 characters" in text_of(response)
    assert Post.objects.get(pk=anns_post.pk).text == "First draft"


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_post_cannot_be_edited(
    signed_in: SignedIn, other: User, anns_post: Post, method: str
) -> None:
    bob = signed_in(other)

    response = getattr(bob, method)(post_url(anns_post, "post_edit"), {"text": "hijacked"})

    assert response.status_code == 403
    assert "You can only change your own microposts" in text_of(response)
    unchanged = Post.objects.get(pk=anns_post.pk)
    assert (unchanged.text, unchanged.edited) == ("First draft", None)


def test_a_post_under_another_authors_address_is_not_found(
    anns_browser: Client, user: User, anns_post: Post
) -> None:
    response = anns_browser.get(url("post_edit", "bob", anns_post.pk))

    assert response.status_code == 404


def test_an_id_beyond_64_bits_is_not_found(anns_browser: Client) -> None:
    response = anns_browser.post(url("like", "ann", 1 << 63))

    assert response.status_code == 404


# --- Delete -----------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_first(anns_browser: Client, anns_post: Post) -> None:
    response = anns_browser.get(post_url(anns_post, "post_delete"))

    page = text_of(response)
    assert response.status_code == 200
    assert "<h1>Delete this post?</h1>" in page
    assert "First draft" in page
    assert f'<form method="post" action="{post_url(anns_post, "post_delete")}">' in page
    assert Post.objects.filter(pk=anns_post.pk).exists()


def test_the_author_deletes_a_post_and_lands_on_their_profile(
    anns_browser: Client, anns_post: Post
) -> None:
    response = anns_browser.post(post_url(anns_post, "post_delete"))

    assert not Post.objects.filter(pk=anns_post.pk).exists()
    assert response["Location"] == url("profile", "ann")
    assert messages_of(response) == ["Post deleted."]


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_post_cannot_be_deleted(
    signed_in: SignedIn, other: User, anns_post: Post, method: str
) -> None:
    bob = signed_in(other)

    response = getattr(bob, method)(post_url(anns_post, "post_delete"))

    assert response.status_code == 403
    assert Post.objects.get(pk=anns_post.pk).text == "First draft"
