"""The pages anyone may read: front page, profiles and their lists, posts, hashtags, search."""

import re
from collections.abc import Callable

import pytest
from django.http import HttpResponse as Response
from django.test import Client
from django.urls import reverse

from microposts.accounts.models import User
from microposts.posts.models import Post
from microposts.posts.services import like_create
from tests.factories import FollowFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]
HTMX = {"HX-Request": "true"}
PAGE_SIZE = 20


def text_of(response: Response) -> str:
    return response.content.decode()


def headings(response: Response, level: int) -> list[str]:
    """The text of the page's headings of one level, tags inside them removed."""
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", text_of(response), flags=re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", "", heading).split()) for heading in found]


def links(response: Response) -> set[str]:
    return set(re.findall(r'<a [^>]*href="([^"]+)"', text_of(response)))


def next_link(response: Response) -> str:
    """The query string of the page's "Load more" link."""
    match = re.search(r'<a href="\?([^"]+)" hx-get=[^>]*>Load more</a>', text_of(response))
    assert match is not None, "the page has no Load more link"
    return match.group(1).replace("&amp;", "&")


def suspend(account: User) -> None:
    User.objects.filter(pk=account.pk).update(is_active=False)


def profile_url(user: User) -> str:
    return reverse("web:profile", args=[user.username])


def post_url(post: Post) -> str:
    return reverse("web:post", args=[post.author.username, post.pk])


# The front page


def test_the_front_page_shows_the_latest_posts_to_anyone(browser: Client, user: User) -> None:
    older = PostFactory(author=user, text="older words")
    PostFactory(author=user, text="newer words")

    response = browser.get(reverse("web:front"))

    assert response.status_code == 200
    assert headings(response, 1) == ["Latest posts"]
    page = text_of(response)
    assert page.index("newer words") < page.index("older words")
    assert {profile_url(user), post_url(older), reverse("web:signup")} <= links(response)


def test_the_front_page_invites_a_signed_in_reader_to_write(
    signed_in: SignedIn, user: User
) -> None:
    response = signed_in(user).get(reverse("web:front"))

    assert response.status_code == 200
    assert reverse("web:compose") in links(response)
    assert reverse("web:signup") not in links(response)


def test_the_front_page_hides_the_posts_of_a_suspended_user(browser: Client, user: User) -> None:
    PostFactory(author=user, text="still here")
    spammer = UserFactory(username="spammer")
    PostFactory(author=spammer, text="buy my watches")
    suspend(spammer)

    page = text_of(browser.get(reverse("web:front")))

    assert "still here" in page
    assert "buy my watches" not in page


def test_the_front_page_marks_what_the_viewer_liked(signed_in: SignedIn, user: User) -> None:
    liked = PostFactory(text="liked one")
    PostFactory(text="not liked")
    like_create(user=user, post=liked)

    response = signed_in(user).get(reverse("web:front"))

    assert response.context["marks"].liked == {liked.pk}


def test_an_empty_front_page_says_so(browser: Client) -> None:
    assert "No one has posted yet." in text_of(browser.get(reverse("web:front")))


# Load more, with and without JavaScript


def test_load_more_without_javascript_is_the_next_whole_page(browser: Client, user: User) -> None:
    for number in range(PAGE_SIZE + 2):
        PostFactory(author=user, text=f"number {number}")
    first = browser.get(reverse("web:front"))

    second = browser.get(f"{reverse('web:front')}?{next_link(first)}")

    assert second.status_code == 200
    assert headings(second, 1) == ["Latest posts"]
    assert "number 1<" in text_of(second)
    assert "number 2<" not in text_of(second)
    assert "number 1<" not in text_of(first)


def test_load_more_by_htmx_answers_only_the_next_posts(browser: Client, user: User) -> None:
    for number in range(PAGE_SIZE + 1):
        PostFactory(author=user, text=f"number {number}")
    first = browser.get(reverse("web:front"))

    more = browser.get(f"{reverse('web:front')}?{next_link(first)}", headers=HTMX)

    assert more.status_code == 200
    assert "number 0<" in text_of(more)
    assert "number 1<" not in text_of(more)
    assert "<html" not in text_of(more)
    assert headings(more, 1) == []
    assert "Load more" not in text_of(more)  # nothing is left after this page


@pytest.mark.parametrize("cursor", ["nonsense", "Zg", "%00"])
def test_a_bad_cursor_is_answered_by_a_400_page(browser: Client, user: User, cursor: str) -> None:
    response = browser.get(f"{reverse('web:front')}?cursor={cursor}")

    assert response.status_code == 400
    assert headings(response, 1) == ["Cannot do that"]
    assert "cursor" in text_of(response)


# Profiles


@pytest.fixture
def ann() -> User:
    return UserFactory(
        username="ann", display_name="Ann Example", bio="I bake.\n<script>alert(1)</script>"
    )


def test_a_profile_shows_who_it_is_their_counts_and_their_posts(browser: Client, ann: User) -> None:
    FollowFactory(followed=ann)
    FollowFactory(followed=ann)
    FollowFactory(follower=ann)
    PostFactory(author=ann, text="ann wrote this")
    PostFactory(text="someone else wrote this")

    response = browser.get(reverse("web:profile", args=["ANN"]))

    assert response.status_code == 200
    assert headings(response, 1) == ["Ann Example @ann"]
    assert headings(response, 2) == ["Posts"]
    page = text_of(response)
    assert "ann wrote this" in page
    assert "someone else wrote this" not in page
    assert "2 followers" in page
    assert "1 following" in page
    assert "1 post<" in page
    assert {reverse("web:followers", args=["ann"]), reverse("web:following", args=["ann"])} <= (
        links(response)
    )


def test_a_profile_escapes_the_bio(browser: Client, ann: User) -> None:
    page = text_of(browser.get(profile_url(ann)))

    assert "I bake.<br>&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_a_signed_in_visitor_gets_a_follow_button(
    signed_in: SignedIn, ann: User, other: User
) -> None:
    response = signed_in(other).get(profile_url(ann))

    assert f'action="{reverse("web:follow", args=["ann"])}"' in text_of(response)
    assert response.context["viewer_follows"] is False


def test_a_follower_gets_an_unfollow_button(signed_in: SignedIn, ann: User, other: User) -> None:
    FollowFactory(follower=other, followed=ann)

    response = signed_in(other).get(profile_url(ann))

    assert f'action="{reverse("web:unfollow", args=["ann"])}"' in text_of(response)
    assert response.context["viewer_follows"] is True


def test_the_owner_gets_no_follow_button_but_a_link_to_edit(signed_in: SignedIn, ann: User) -> None:
    response = signed_in(ann).get(profile_url(ann))

    assert f'action="{reverse("web:follow", args=["ann"])}"' not in text_of(response)
    assert reverse("web:profile_edit") in links(response)


def test_an_anonymous_visitor_gets_no_follow_form(browser: Client, ann: User) -> None:
    response = browser.get(profile_url(ann))

    assert f'action="{reverse("web:follow", args=["ann"])}"' not in text_of(response)
    assert reverse("web:profile_edit") not in links(response)


@pytest.mark.parametrize("name", ["nobody", "bad%00name", "spammer"])
def test_a_profile_of_no_active_user_is_not_found(browser: Client, name: str) -> None:
    suspend(UserFactory(username="spammer"))

    response = browser.get(f"/@{name}")

    assert response.status_code == 404
    assert headings(response, 1) == ["Not found"]


def test_a_profiles_load_more_by_htmx_answers_only_older_posts(browser: Client, ann: User) -> None:
    for number in range(PAGE_SIZE + 1):
        PostFactory(author=ann, text=f"number {number}")
    first = browser.get(profile_url(ann))

    more = browser.get(f"{profile_url(ann)}?{next_link(first)}", headers=HTMX)

    assert "number 0<" in text_of(more)
    assert "number 1<" not in text_of(more)
    assert "<h1" not in text_of(more)
    assert "profile-header" not in text_of(more)


# Followers and following


@pytest.mark.parametrize(
    ("route", "heading"),
    [("web:followers", "People following @ann"), ("web:following", "People @ann follows")],
)
def test_a_follow_list_links_to_each_persons_profile(
    browser: Client, ann: User, route: str, heading: str
) -> None:
    friend = UserFactory(username="friend", display_name="Fred Friend")
    FollowFactory(follower=friend, followed=ann)
    FollowFactory(follower=ann, followed=friend)

    response = browser.get(reverse(route, args=["ann"]))

    assert response.status_code == 200
    assert headings(response, 1) == [heading]
    assert {profile_url(friend), profile_url(ann)} <= links(response)
    assert "Fred Friend" in text_of(response)


def test_a_follow_list_leaves_out_suspended_users(browser: Client, ann: User) -> None:
    FollowFactory(follower=UserFactory(username="friend"), followed=ann)
    spammer = UserFactory(username="spammer")
    FollowFactory(follower=spammer, followed=ann)
    suspend(spammer)

    page = text_of(browser.get(reverse("web:followers", args=["ann"])))

    assert "@friend" in page
    assert "@spammer" not in page


def test_an_empty_follow_list_says_so(browser: Client, ann: User) -> None:
    assert "No one yet." in text_of(browser.get(reverse("web:following", args=["ann"])))


def test_a_follow_lists_load_more_by_htmx_answers_only_the_next_people(
    browser: Client, ann: User
) -> None:
    first_follower = UserFactory(username="first")
    FollowFactory(follower=first_follower, followed=ann)
    for _ in range(PAGE_SIZE):
        FollowFactory(followed=ann)
    url = reverse("web:followers", args=["ann"])
    first = browser.get(url)
    assert "@first<" not in text_of(first)

    more = browser.get(f"{url}?{next_link(first)}", headers=HTMX)

    assert more.status_code == 200
    assert text_of(more).count("<li") == 1
    assert "@first<" in text_of(more)
    assert "<h1" not in text_of(more)


@pytest.mark.parametrize("route", ["web:followers", "web:following"])
def test_a_follow_list_of_an_unknown_user_is_not_found(browser: Client, route: str) -> None:
    assert browser.get(reverse(route, args=["nobody"])).status_code == 404


def test_a_follow_list_with_a_bad_cursor_is_a_400_page(browser: Client, ann: User) -> None:
    response = browser.get(reverse("web:followers", args=["ann"]) + "?cursor=bad")

    assert response.status_code == 400


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


# Every page


@pytest.fixture
def pages(ann: User, other: User) -> list[str]:
    post = PostFactory(author=ann, text="#cake for @bob")
    FollowFactory(follower=other, followed=ann)
    return [
        reverse("web:front"),
        profile_url(ann),
        reverse("web:followers", args=["ann"]),
        reverse("web:following", args=["bob"]),
        post_url(post),
        reverse("web:tag", args=["cake"]),
        reverse("web:search"),
        reverse("web:search") + "?text=cake",
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "signed in"])
def test_every_page_has_one_h1_and_nothing_inline_the_csp_would_block(
    browser: Client, signed_in: SignedIn, other: User, pages: list[str], viewer: str
) -> None:
    client = browser if viewer == "anonymous" else signed_in(other)
    for url in pages:
        response = client.get(url)
        page = text_of(response)
        assert response.status_code == 200, url
        assert page.count("<h1") == 1, url
        assert not re.search(r"\sstyle=|\son[a-z]+=|<script>|<style", page), url
