from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from microposts.posts.errors import EmptyText, NotYourPost, ReferencedUserNotFound, TextTooLong
from microposts.posts.models import Hashtag, Mention, Post
from microposts.posts.services import post_create, post_edit
from tests.factories import PostFactory, UserFactory
from tests.posts.helpers import mentioned_usernames, tag_names

pytestmark = pytest.mark.django_db


def test_editing_the_text_keeps_the_creation_time_and_records_the_edit_time() -> None:
    post = PostFactory(text="first words")
    created = Post.objects.get(pk=post.pk).created
    before = timezone.now()

    post_edit(post=post, editor=post.author, text="second words")

    stored = Post.objects.get(pk=post.pk)
    assert stored.text == "second words"
    assert stored.created == created
    assert stored.edited is not None
    assert before <= stored.edited <= timezone.now()


def test_editing_again_moves_the_edit_time_to_the_new_edit() -> None:
    post = PostFactory()
    long_ago = timezone.now() - timedelta(days=30)
    Post.objects.filter(pk=post.pk).update(edited=long_ago)
    post.refresh_from_db()
    before = timezone.now()

    post_edit(post=post, editor=post.author, text="edited again")

    edited = Post.objects.get(pk=post.pk).edited
    assert edited is not None
    assert before <= edited <= timezone.now()


def test_editing_derives_mentions_hashtags_and_html_from_the_new_text() -> None:
    UserFactory(username="bob")
    UserFactory(username="cy")
    post = PostFactory(text="@bob #old")

    post_edit(post=post, editor=post.author, text="@cy #New")

    stored = Post.objects.get(pk=post.pk)
    assert mentioned_usernames(stored) == ["cy"]
    assert tag_names(stored) == ["new"]
    assert stored.html == (
        '<a href="/@cy" class="mention">@cy</a> <a href="/tags/new" class="hashtag">#New</a>'
    )
    assert Hashtag.objects.filter(name="old").exists()  # a hashtag outlives its taggings


def test_an_edited_text_is_composed_and_trimmed() -> None:
    post = PostFactory()

    post_edit(post=post, editor=post.author, text="  Cafe\u0301\r\n")

    assert Post.objects.get(pk=post.pk).text == "Caf\u00e9"


def test_only_the_author_may_edit_a_post() -> None:
    post = PostFactory(text="mine")

    with pytest.raises(NotYourPost):
        post_edit(post=post, editor=UserFactory(), text="yours now")

    stored = Post.objects.get(pk=post.pk)
    assert (stored.text, stored.edited) == ("mine", None)


def test_editing_only_the_referenced_user_keeps_the_text() -> None:
    bob = UserFactory(username="bob")
    post = PostFactory(text="unchanged #tag")

    post_edit(post=post, editor=post.author, referenced="bob")

    stored = Post.objects.get(pk=post.pk)
    assert (stored.text, stored.referenced) == ("unchanged #tag", bob)
    assert mentioned_usernames(stored) == ["bob"]
    assert tag_names(stored) == ["tag"]


def test_editing_only_the_text_keeps_the_referenced_user() -> None:
    bob = UserFactory(username="bob")
    post = PostFactory(text="before", referenced="bob")

    post_edit(post=post, editor=post.author, text="after")

    stored = Post.objects.get(pk=post.pk)
    assert (stored.text, stored.referenced) == ("after", bob)
    assert mentioned_usernames(stored) == ["bob"]


def test_editing_the_referenced_user_to_none_removes_them_and_their_mention() -> None:
    UserFactory(username="bob")
    post = PostFactory(text="hello", referenced="bob")

    post_edit(post=post, editor=post.author, referenced=None)

    stored = Post.objects.get(pk=post.pk)
    assert stored.referenced is None
    assert mentioned_usernames(stored) == []


def test_removing_the_referenced_user_keeps_their_mention_when_the_text_names_them() -> None:
    UserFactory(username="bob")
    post = PostFactory(text="hello @bob", referenced="bob")

    post_edit(post=post, editor=post.author, referenced=None)

    assert mentioned_usernames(Post.objects.get(pk=post.pk)) == ["bob"]


def test_editing_the_text_of_a_post_whose_referenced_user_was_deactivated_keeps_them() -> None:
    bob = UserFactory(username="bob")
    post = PostFactory(text="before", referenced="bob")
    bob.is_active = False
    bob.save(update_fields=["is_active"])

    post_edit(post=post, editor=post.author, text="after")

    stored = Post.objects.get(pk=post.pk)
    assert (stored.text, stored.referenced) == ("after", bob)


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"text": "  "}, EmptyText),
        ({"text": "x" * 11}, TextTooLong),
        ({"referenced": "nobody"}, ReferencedUserNotFound),
        ({"text": "fine", "referenced": "nobody"}, ReferencedUserNotFound),
    ],
)
def test_an_edit_that_breaks_a_rule_is_refused_and_changes_nothing(
    settings: Any, change: dict[str, Any], refusal: type[Exception]
) -> None:
    settings.MAX_POST_LENGTH = 10
    UserFactory(username="bob")
    post = PostFactory(text="@bob #tag", referenced="bob")
    html = post.html

    with pytest.raises(refusal):
        post_edit(post=post, editor=post.author, **change)

    stored = Post.objects.get(pk=post.pk)
    assert (stored.text, stored.html, stored.referenced_id, stored.edited) == (
        "@bob #tag",
        html,
        post.referenced_id,
        None,
    )
    assert mentioned_usernames(stored) == ["bob"]
    assert tag_names(stored) == ["tag"]


def test_editing_keeps_the_post_it_replies_to() -> None:
    parent = PostFactory()
    reply = PostFactory(in_reply_to_id=parent.pk)

    post_edit(post=reply, editor=reply.author, text="edited reply")

    assert Post.objects.get(pk=reply.pk).in_reply_to == parent


def test_an_edit_that_changes_nothing_is_not_marked_edited() -> None:
    author = UserFactory(username="ann")
    UserFactory(username="bob")
    post = post_create(author=author, text="hi @bob", referenced="bob")
    mention_ids = set(Mention.objects.filter(post=post).values_list("id", flat=True))
    post_edit(post=post, editor=author, text="  hi @bob  ", referenced="bob")
    post.refresh_from_db()
    assert post.edited is None
    assert set(Mention.objects.filter(post=post).values_list("id", flat=True)) == mention_ids
