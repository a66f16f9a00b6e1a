"""A post and its thread, the posts under a hashtag, and search."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from microposts.accounts.models import User
from microposts.posts.models import Post
from microposts.posts.services import like_create
from tests.factories import PostFactory, UserFactory
from tests.web.helpers import (
    HTMX,
    PAGE_SIZE,
    SignedIn,
    headings,
    links,
    next_link,
    post_url,
    profile_url,
    suspend,
    text_of,
)

pytestmark = pytest.mark.django_db

# A post and its thread


@pytest.fixture
def thread(ann: User, other: User) -> tuple[Post, Post, Post]:
    """A question, an answer to it, and a thank-you to the answer."""
    question = PostFactory(author=ann, text="who bakes?")
    answer = PostFactory(author=other, text="I do", in_reply_to_id=question.pk)
    thanks = PostFactory(author=ann, text="thank you", in_reply_to_id=answer.pk)
    return question, answer, thanks


def test_a_post_shows_what_it_replies_to_and_its_replies(
    browser: Client, thread: tuple[Post, Post, Post]
) -> None:
    question, answer, _ = thread

    response = browser.get(post_url(answer))

    assert response.status_code == 200
    assert headings(response, 1) == ["Post by " + answer.author.name]
    assert headings(response, 2) == ["In reply to", "Replies"]
    page = text_of(response)
    assert page.index("who bakes?") < page.index("I do") < page.index("thank you")
    assert {post_url(question), profile_url(answer.author)} <= links(response)


def test_a_post_without_replies_says_so(browser: Client, ann: User) -> None:
    post = PostFactory(author=ann, text="alone")

    response = browser.get(post_url(post))

    assert headings(response, 2) == ["Replies"]
    assert "No replies yet." in text_of(response)


def test_a_signed_in_reader_gets_a_link_to_reply(
    signed_in: SignedIn, other: User, ann: User
) -> None:
    post = PostFactory(author=ann)
    reply_link = f"{reverse('web:compose')}?reply_to={post.pk}"

    assert reply_link in links(signed_in(other).get(post_url(post)))


def test_an_anonymous_reader_gets_no_link_to_reply(browser: Client, ann: User) -> None:
    post = PostFactory(author=ann)

    assert f"?reply_to={post.pk}" not in text_of(browser.get(post_url(post)))


def test_a_thread_marks_what_the_viewer_liked(
    signed_in: SignedIn, other: User, thread: tuple[Post, Post, Post]
) -> None:
    question, answer, thanks = thread
    like_create(user=other, post=question)
    like_create(user=other, post=thanks)

    response = signed_in(other).get(post_url(answer))

    assert response.context["marks"].liked == {question.pk, thanks.pk}


def test_a_thread_renders_every_post_with_one_renderer(
    signed_in: SignedIn, other: User, thread: tuple[Post, Post, Post]
) -> None:
    """One CSRF mask for all the buttons of the page: one renderer, not one per post."""
    _, answer, _ = thread

    page = text_of(signed_in(other).get(post_url(answer)))

    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"><input type="hidden"', page)
    assert len(tokens) == 6  # like and repost on each of the three posts
    assert len(set(tokens)) == 1


def test_a_reply_by_a_suspended_user_is_hidden(
    browser: Client, ann: User, thread: tuple[Post, Post, Post]
) -> None:
    question, answer, _ = thread
    suspend(answer.author)

    page = text_of(browser.get(post_url(question)))

    assert "who bakes?" in page
    assert "I do" not in page


def test_a_post_of_a_suspended_user_is_not_found(browser: Client, ann: User) -> None:
    post = PostFactory(author=ann)
    suspend(ann)

    assert browser.get(post_url(post)).status_code == 404


@pytest.mark.parametrize("address", ["/@ann/1", "/@bob/{id}", f"/@ann/{10**25}"])
def test_an_unknown_post_or_one_under_another_name_is_not_found(
    browser: Client, ann: User, other: User, address: str
) -> None:
    post = PostFactory(author=ann)

    response = browser.get(address.format(id=post.pk))

    assert response.status_code == 404
    assert headings(response, 1) == ["Not found"]


def test_a_post_is_found_under_its_authors_name_in_any_case(browser: Client, ann: User) -> None:
    post = PostFactory(author=ann, text="case")

    assert browser.get(f"/@ANN/{post.pk}").status_code == 200


# Hashtags


def test_a_tag_page_lists_the_posts_with_that_hashtag(browser: Client, ann: User) -> None:
    PostFactory(author=ann, text="I like #Cake")
    PostFactory(author=ann, text="I like #pie")

    response = browser.get(reverse("web:tag", args=["CAKE"]))

    assert response.status_code == 200
    assert headings(response, 1) == ["Posts tagged #cake"]
    assert "I like" in text_of(response)
    assert "#pie" not in text_of(response)


def test_a_tag_page_hides_the_posts_of_a_suspended_user(browser: Client, ann: User) -> None:
    PostFactory(author=ann, text="ann's #cake")
    spammer = UserFactory(username="spammer")
    PostFactory(author=spammer, text="buy #cake now")
    suspend(spammer)

    page = text_of(browser.get(reverse("web:tag", args=["cake"])))

    assert "ann&#x27;s" in page
    assert "buy" not in page


def test_a_tag_no_post_ever_had_is_not_found(browser: Client, ann: User) -> None:
    PostFactory(author=ann, text="#cake")

    response = browser.get(reverse("web:tag", args=["pie"]))

    assert response.status_code == 404
    assert "#pie" in text_of(response)


def test_a_tag_pages_load_more_by_htmx_answers_only_older_posts(browser: Client, ann: User) -> None:
    for number in range(PAGE_SIZE + 1):
        PostFactory(author=ann, text=f"#cake number {number}")
    url = reverse("web:tag", args=["cake"])

    more = browser.get(f"{url}?{next_link(browser.get(url))}", headers=HTMX)

    assert "number 0<" in text_of(more)
    assert "number 1<" not in text_of(more)
    assert "<h1" not in text_of(more)


# Search


def test_the_search_page_starts_as_a_form(browser: Client) -> None:
    response = browser.get(reverse("web:search"))

    assert response.status_code == 200
    assert headings(response, 1) == ["Search"]
    assert headings(response, 2) == []
    assert '<label for="search-text">' in text_of(response)
    assert '<label for="search-username">' in text_of(response)


def test_search_finds_posts_and_people(browser: Client, ann: User) -> None:
    PostFactory(author=ann, text="Baking bread today")
    PostFactory(author=ann, text="nothing to see")
    breadman = UserFactory(username="breadman", display_name="")

    response = browser.get(reverse("web:search"), {"text": "BREAD"})

    assert response.status_code == 200
    assert headings(response, 2) == ["People", "Posts"]
    page = text_of(response)
    assert "Baking bread today" in page
    assert "nothing to see" not in page
    assert profile_url(breadman) in links(response)
    assert 'value="BREAD"' in page


def test_search_narrows_posts_to_matching_usernames(browser: Client, ann: User) -> None:
    PostFactory(author=ann, text="ann's bread")
    PostFactory(author=UserFactory(username="bob"), text="bob's bread")

    page = text_of(browser.get(reverse("web:search"), {"text": "bread", "username": "bo"}))

    assert "bob&#x27;s bread" in page
    assert "ann&#x27;s bread" not in page


def test_search_hides_posts_and_people_that_are_suspended(browser: Client) -> None:
    spammer = UserFactory(username="breadseller")
    PostFactory(author=spammer, text="cheap bread")
    suspend(spammer)

    response = browser.get(reverse("web:search"), {"text": "bread"})

    assert "cheap bread" not in text_of(response)
    assert profile_url(spammer) not in links(response)
    assert "No posts match." in text_of(response)


@pytest.mark.parametrize("text", ["", "ab", "  ab  "])
def test_a_search_too_short_explains_the_rule_on_the_page(browser: Client, text: str) -> None:
    response = browser.get(reverse("web:search"), {"text": text, "username": "ann"})

    assert response.status_code == 400
    assert headings(response, 1) == ["Search"]
    page = text_of(response)
    assert "needs at least 3 characters" in page
    assert 'aria-invalid="true"' in page
    assert 'value="ann"' in page


def test_a_search_holding_a_nul_finds_nothing(browser: Client, ann: User) -> None:
    PostFactory(author=ann, text="abc")

    response = browser.get(reverse("web:search"), {"text": "abc\x00"})

    assert response.status_code == 200
    assert "No posts match." in text_of(response)


def test_searchs_load_more_keeps_the_search(browser: Client, ann: User) -> None:
    for number in range(PAGE_SIZE + 1):
        PostFactory(author=ann, text=f"bread number {number}")
    PostFactory(author=ann, text="cake number 99")
    first = browser.get(reverse("web:search"), {"text": "bread"})

    more = browser.get(f"{reverse('web:search')}?{next_link(first)}", headers=HTMX)

    assert "text=bread" in next_link(first)
    assert "bread number 0<" in text_of(more)
    assert "bread number 1<" not in text_of(more)
    assert "<h2" not in text_of(more)
