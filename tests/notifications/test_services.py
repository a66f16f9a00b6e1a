"""Notifications are made by the services of what they tell of: once, never for one's own act."""

import pytest
from django.db import IntegrityError, transaction

from microposts.accounts.models import User
from microposts.accounts.services import follow_create, follow_delete
from microposts.notifications.models import Notification
from microposts.notifications.services import notifications_mark_read, notifications_mark_shown
from microposts.posts.errors import PostNotFound
from microposts.posts.services import (
    like_create,
    like_delete,
    post_create,
    post_delete,
    post_edit,
    repost_create,
    repost_delete,
)
from tests.factories import PostFactory, UserFactory
from tests.notifications.helpers import received

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(db: None) -> User:
    return UserFactory(username="carol")


# Mentions and replies


def test_naming_users_in_a_post_tells_each_of_them_once(
    user: User, other: User, carol: User
) -> None:
    post = post_create(author=user, text="hello @bob and @carol and @bob again")

    assert received(other) == [("mention", "ann", post.pk)]
    assert received(carol) == [("mention", "ann", post.pk)]


def test_the_referenced_user_is_told_as_a_mention(user: User, other: User) -> None:
    post = post_create(author=user, text="no names in the text", referenced="bob")

    assert received(other) == [("mention", "ann", post.pk)]


def test_naming_oneself_or_a_missing_user_tells_no_one(user: User) -> None:
    post_create(author=user, text="me, @ann, and @nobody_here")

    assert Notification.objects.count() == 0


def test_a_reply_tells_the_author_replied_to(user: User, other: User) -> None:
    parent = PostFactory(author=other, text="a question")

    reply = post_create(author=user, text="an answer", in_reply_to_id=parent.pk)

    assert received(other) == [("reply", "ann", reply.pk)]


def test_the_author_replied_to_gets_only_the_reply_even_when_also_named(
    user: User, other: User, carol: User
) -> None:
    parent = PostFactory(author=other, text="a question")

    reply = post_create(author=user, text="@bob see @carol", in_reply_to_id=parent.pk)

    assert received(other) == [("reply", "ann", reply.pk)]
    assert received(carol) == [("mention", "ann", reply.pk)]


def test_replying_to_ones_own_post_tells_no_one(user: User) -> None:
    parent = PostFactory(author=user, text="a thread")

    post_create(author=user, text="continued, @ann", in_reply_to_id=parent.pk)

    assert Notification.objects.count() == 0


def test_a_reply_to_a_missing_post_is_refused_and_tells_no_one(user: User, other: User) -> None:
    with pytest.raises(PostNotFound):
        post_create(author=user, text="hi @bob", in_reply_to_id=12345)

    assert received(other) == []


def test_an_edit_tells_only_the_newly_named_users(user: User, other: User, carol: User) -> None:
    post = post_create(author=user, text="hi @bob")

    post_edit(post=post, editor=user, text="hi @bob and @carol")

    assert received(other) == [("mention", "ann", post.pk)]
    assert received(carol) == [("mention", "ann", post.pk)]


def test_naming_a_user_again_after_an_edit_removed_them_tells_them_nothing_new(
    user: User, other: User
) -> None:
    post = post_create(author=user, text="hi @bob")
    post_edit(post=post, editor=user, text="hi nobody")

    post_edit(post=post, editor=user, text="hi @bob, again")

    assert received(other) == [("mention", "ann", post.pk)]


def test_naming_the_author_replied_to_in_an_edit_of_the_reply_adds_nothing(
    user: User, other: User
) -> None:
    parent = PostFactory(author=other, text="a question")
    reply = post_create(author=user, text="an answer", in_reply_to_id=parent.pk)

    post_edit(post=reply, editor=user, text="an answer, @bob")

    assert received(other) == [("reply", "ann", reply.pk)]


# Follows, likes, reposts


def test_a_follow_tells_the_followed_user_once_even_after_unfollowing_and_following_again(
    user: User, other: User
) -> None:
    follow_create(follower=user, followed=other)
    follow_create(follower=user, followed=other)
    follow_delete(follower=user, followed=other)

    follow_create(follower=user, followed=other)

    assert received(other) == [("follow", "ann", None)]
    assert received(user) == []


def test_a_like_tells_the_author_once_even_after_unliking_and_liking_again(
    user: User, other: User
) -> None:
    post = PostFactory(author=other)
    like_create(user=user, post=post)
    like_create(user=user, post=post)
    like_delete(user=user, post=post)

    like_create(user=user, post=post)

    assert received(other) == [("like", "ann", post.pk)]


def test_a_repost_tells_the_author_once_even_after_undoing_and_reposting_again(
    user: User, other: User
) -> None:
    post = PostFactory(author=other)
    repost_create(user=user, post=post)
    repost_create(user=user, post=post)
    repost_delete(user=user, post=post)

    repost_create(user=user, post=post)

    assert received(other) == [("repost", "ann", post.pk)]


def test_liking_or_reposting_ones_own_post_tells_no_one(user: User) -> None:
    post = PostFactory(author=user)

    like_create(user=user, post=post)
    repost_create(user=user, post=post)

    assert Notification.objects.count() == 0


def test_deleting_a_post_takes_its_notifications_with_it(
    user: User, other: User, carol: User
) -> None:
    post = post_create(author=user, text="hi @bob")
    like_create(user=carol, post=post)
    kept = post_create(author=user, text="hi @bob, this one stays")

    post_delete(post=post, actor=user)

    assert received(other) == [("mention", "ann", kept.pk)]
    assert received(user) == []


# Marking read


def test_marking_read_touches_only_the_users_own_notifications_in_that_range(
    user: User, other: User, carol: User
) -> None:
    oldest, middle, _ = (post_create(author=other, text=f"@ann {n}") for n in range(3))
    to_carol = post_create(author=other, text="hi @carol")
    id_of_post = dict(Notification.objects.values_list("post_id", "id"))

    marked = notifications_mark_read(
        user=user, up_to_id=id_of_post[to_carol.pk], from_id=id_of_post[middle.pk]
    )

    assert marked == 2
    unread = set(Notification.objects.filter(read=False).values_list("post_id", flat=True))
    assert unread == {oldest.pk, to_carol.pk}


def test_marking_shown_notifications_read_leaves_older_unseen_ones_unread(
    user: User, other: User
) -> None:
    oldest, middle, newest = (post_create(author=other, text=f"@ann {n}") for n in range(3))
    shown = list(Notification.objects.filter(post__in=[middle, newest]).order_by("-id"))

    assert notifications_mark_shown(user=user, shown=shown) == 2
    assert notifications_mark_shown(user=user, shown=[]) == 0
    unread = set(Notification.objects.filter(read=False).values_list("post_id", flat=True))
    assert unread == {oldest.pk}


# The constraints hold whatever writes the rows


def test_the_database_refuses_a_second_follow_notification(user: User, other: User) -> None:
    follow_create(follower=user, followed=other)

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=other, actor=user, kind="follow")


def test_the_database_refuses_a_second_like_notification(user: User, other: User) -> None:
    post = PostFactory(author=other)
    like_create(user=user, post=post)

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=other, actor=user, kind="like", post=post)


@pytest.mark.parametrize(("kind", "with_post"), [("follow", True), ("like", False)])
def test_the_database_refuses_a_post_on_a_follow_and_none_on_the_rest(
    user: User, other: User, kind: str, with_post: bool
) -> None:
    post = PostFactory(author=other) if with_post else None

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=other, actor=user, kind=kind, post=post)
