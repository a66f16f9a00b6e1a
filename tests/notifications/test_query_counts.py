"""A write that notifies costs the same number of queries however many users it tells."""

import pytest
from pytest_django import DjangoAssertNumQueries

from microposts.accounts.models import User
from microposts.accounts.services import follow_create
from microposts.notifications.models import Notification
from microposts.posts.services import like_create, post_create, post_edit
from microposts.timelines import store
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

# Each service's atomic block is a savepoint inside the test's transaction: 2 statements.
SAVEPOINT = 2
# On the scaled profile a post or a follow also records a job for the Redis home timelines.
TIMELINE_JOB = 1 if store.enabled() else 0
# Names looked up; then the parent's author (locked), the post, mentions, hashtags (insert, read
# back), taggings, all the notifications in one insert, and the mention-email job (core.Job).
POST_CREATE = 1 + SAVEPOINT + 8 + TIMELINE_JOB
# Post saved; mentions and taggings deleted; mentions inserted; the parent's author read; the
# notifications inserted and the mention-email job (names are looked up before the block).
POST_EDIT = 1 + SAVEPOINT + 7
# get_or_create: a select, then the insert in a savepoint of its own; then the notification.
LIKE_CREATE = SAVEPOINT + 1 + SAVEPOINT + 1 + 1
FOLLOW_CREATE = LIKE_CREATE + TIMELINE_JOB


@pytest.mark.parametrize("named", [1, 5])
def test_a_reply_naming_users_is_a_fixed_number_of_queries(
    user: User, other: User, named: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    names = " ".join(f"@{UserFactory().username}" for _ in range(named))
    parent = PostFactory(author=other)

    with django_assert_num_queries(POST_CREATE):
        post_create(author=user, text=f"{names} #tag", in_reply_to_id=parent.pk)

    assert Notification.objects.count() == named + 1


@pytest.mark.parametrize("named", [1, 5])
def test_an_edit_of_a_reply_naming_users_is_a_fixed_number_of_queries(
    user: User, other: User, named: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    names = " ".join(f"@{UserFactory().username}" for _ in range(named))
    reply = post_create(author=user, text="first", in_reply_to_id=PostFactory(author=other).pk)

    with django_assert_num_queries(POST_EDIT):
        post_edit(post=reply, editor=user, text=f"then {names}")

    assert Notification.objects.count() == named + 1


def test_a_new_follow_is_a_fixed_number_of_queries(
    user: User, other: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(FOLLOW_CREATE):
        follow_create(follower=user, followed=other)

    assert Notification.objects.filter(kind="follow").count() == 1


def test_a_new_like_is_a_fixed_number_of_queries(
    user: User, other: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    post = PostFactory(author=other)

    with django_assert_num_queries(LIKE_CREATE):
        like_create(user=user, post=post)

    assert Notification.objects.filter(kind="like").count() == 1
