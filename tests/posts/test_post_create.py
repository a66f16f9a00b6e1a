from typing import Any

import pytest
from django.db import IntegrityError, transaction

from microposts.core.errors import InvalidInput
from microposts.posts.errors import EmptyText, PostNotFound, ReferencedUserNotFound, TextTooLong
from microposts.posts.models import Hashtag, Post, Tagging
from microposts.posts.services import post_create
from tests.factories import PostFactory, UserFactory
from tests.posts.helpers import mentioned_usernames, tag_names

pytestmark = pytest.mark.django_db


def test_a_post_is_stored_with_its_author_and_text() -> None:
    ann = UserFactory()

    post = post_create(author=ann, text="Hello, world")

    stored = Post.objects.get(pk=post.pk)
    assert (stored.author, stored.text, stored.referenced, stored.in_reply_to) == (
        ann,
        "Hello, world",
        None,
        None,
    )
    assert stored.edited is None


def test_a_post_text_is_stored_composed_and_trimmed() -> None:
    post = post_create(author=UserFactory(), text="\r\n  Cafe\u0301 au lait\r\nplease  \n")

    assert Post.objects.get(pk=post.pk).text == "Caf\u00e9 au lait\nplease"


@pytest.mark.parametrize("text", ["", " ", "\n\r\n\t", "\u00a0\u2003"])
def test_an_empty_or_white_space_text_is_refused(text: str) -> None:
    with pytest.raises(EmptyText):
        post_create(author=UserFactory(), text=text)

    assert not Post.objects.exists()


@pytest.mark.parametrize("text", ["one\x00two", "\x00"])
def test_a_text_with_a_nul_character_is_refused(text: str) -> None:
    # PostgreSQL text cannot hold NUL: refused on every database, so both behave the same.
    with pytest.raises(InvalidInput):
        post_create(author=UserFactory(), text=text)

    assert not Post.objects.exists()


def test_a_text_of_exactly_the_maximum_length_is_accepted(settings: Any) -> None:
    settings.MAX_POST_LENGTH = 10

    post = post_create(author=UserFactory(), text="0123456789")

    assert Post.objects.get(pk=post.pk).text == "0123456789"


def test_a_text_one_character_over_the_maximum_is_refused_naming_the_limit(settings: Any) -> None:
    settings.MAX_POST_LENGTH = 10

    with pytest.raises(TextTooLong) as refused:
        post_create(author=UserFactory(), text="0123456789A")

    assert refused.value.limit == 10
    assert "10" in refused.value.message
    assert not Post.objects.exists()


def test_the_length_is_counted_after_trimming_and_composing(settings: Any) -> None:
    settings.MAX_POST_LENGTH = 10

    post = post_create(author=UserFactory(), text="   " + "e\u0301" * 10 + "   ")

    assert Post.objects.get(pk=post.pk).text == "\u00e9" * 10


def test_the_referenced_user_is_stored_and_mentioned() -> None:
    bob = UserFactory(username="bob")

    post = post_create(author=UserFactory(), text="no names here", referenced="BOB")

    assert Post.objects.get(pk=post.pk).referenced == bob
    assert mentioned_usernames(post) == ["bob"]


@pytest.mark.parametrize("referenced", ["nobody", "", "bob!", "bob\x00", "bo_"])
def test_a_referenced_user_that_does_not_exist_is_refused(referenced: str) -> None:
    UserFactory(username="bob")

    with pytest.raises(ReferencedUserNotFound):
        post_create(author=UserFactory(), text="hello", referenced=referenced)

    assert not Post.objects.exists()


def test_a_deactivated_user_cannot_be_referenced() -> None:
    UserFactory(username="bob", is_active=False)

    with pytest.raises(ReferencedUserNotFound):
        post_create(author=UserFactory(), text="hello", referenced="bob")


def test_every_existing_user_named_with_an_at_sign_is_mentioned_once() -> None:
    for name in ["bob", "cy", "dan"]:
        UserFactory(username=name)
    UserFactory(username="eve", is_active=False)

    post = post_create(
        author=UserFactory(),
        text="@bob @Bob @BOB and @cy meet @nobody, @eve and dan@example.org",
        referenced="dan",
    )

    assert mentioned_usernames(post) == ["bob", "cy", "dan"]


def test_a_referenced_user_also_named_in_the_text_is_mentioned_once() -> None:
    UserFactory(username="bob")

    post = post_create(author=UserFactory(), text="hi @bob", referenced="Bob")

    assert mentioned_usernames(post) == ["bob"]


def test_an_author_naming_themselves_is_mentioned_like_anyone() -> None:
    ann = UserFactory(username="ann")

    post = post_create(author=ann, text="note to self, @ann")

    assert mentioned_usernames(post) == ["ann"]


def test_hashtags_are_stored_in_lower_case_once_each() -> None:
    post = post_create(author=UserFactory(), text="#Django #django #DJANGO #Python #2024")

    assert tag_names(post) == ["django", "python"]
    assert sorted(Hashtag.objects.values_list("name", flat=True)) == ["django", "python"]


def test_a_hashtag_is_reused_by_later_posts() -> None:
    first = post_create(author=UserFactory(), text="#python #django")

    second = post_create(author=UserFactory(), text="more #Python and #rust")

    assert tag_names(first) == ["django", "python"]
    assert tag_names(second) == ["python", "rust"]
    assert Hashtag.objects.count() == 3
    assert Tagging.objects.filter(hashtag__name="python").count() == 2


def test_a_hashtag_whose_lower_case_is_too_long_for_its_column_is_not_stored() -> None:
    post = post_create(author=UserFactory(), text="#" + "İ" * 51 + " #ok")

    assert tag_names(post) == ["ok"]


def test_the_html_links_mentions_of_users_hashtags_and_web_addresses() -> None:
    UserFactory(username="bob")

    post = post_create(author=UserFactory(), text="@bob @nobody #Tag https://example.org\n<b>")

    assert post.html == Post.objects.get(pk=post.pk).html
    assert post.html == (
        '<a href="/@bob" class="mention">@bob</a> @nobody '
        '<a href="/tags/tag" class="hashtag">#Tag</a> '
        '<a href="https://example.org" rel="nofollow noopener noreferrer">https://example.org</a>'
        "<br>&lt;b&gt;"
    )


def test_the_html_links_the_referenced_user_when_the_text_names_them() -> None:
    UserFactory(username="bob")

    post = post_create(author=UserFactory(), text="thanks @bob", referenced="bob")

    assert '<a href="/@bob" class="mention">@bob</a>' in post.html


def test_a_reply_points_to_the_post_it_answers() -> None:
    parent = PostFactory()

    reply = post_create(author=UserFactory(), text="indeed", in_reply_to_id=parent.pk)

    assert Post.objects.get(pk=reply.pk).in_reply_to == parent


def test_a_reply_to_a_post_that_does_not_exist_is_refused() -> None:
    gone = PostFactory()
    gone_id = gone.pk
    gone.delete()

    with pytest.raises(PostNotFound):
        post_create(author=UserFactory(), text="indeed", in_reply_to_id=gone_id)

    assert not Post.objects.exists()


def test_posts_made_one_after_another_have_increasing_ids() -> None:
    ann = UserFactory()

    posts = [post_create(author=ann, text=f"number {number}") for number in range(5)]

    assert [post.pk for post in posts] == sorted(post.pk for post in posts)
    assert [post.created for post in posts] == sorted(post.created for post in posts)


def test_the_database_itself_refuses_an_empty_text() -> None:
    ann = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(author=ann, text="", html="")

    assert not Post.objects.exists()
