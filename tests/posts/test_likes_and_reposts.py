import pytest
from django.db import IntegrityError, transaction

from microposts.posts.models import Like, Repost
from microposts.posts.services import like_create, like_delete, repost_create, repost_delete
from tests.factories import LikeFactory, PostFactory, RepostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_liking_a_post_records_one_like() -> None:
    ann, post = UserFactory(), PostFactory()

    like = like_create(user=ann, post=post)

    assert list(Like.objects.values_list("pk", "user", "post")) == [(like.pk, ann.pk, post.pk)]


def test_liking_a_post_again_changes_nothing() -> None:
    ann, post = UserFactory(), PostFactory()
    first = like_create(user=ann, post=post)

    again = like_create(user=ann, post=post)

    assert again.pk == first.pk
    assert Like.objects.count() == 1


def test_unliking_removes_only_that_users_like_of_that_post() -> None:
    ann, post, other_post = UserFactory(), PostFactory(), PostFactory()
    like_create(user=ann, post=post)
    kept = [LikeFactory(post=post), LikeFactory(user=ann, post=other_post)]

    like_delete(user=ann, post=post)

    assert set(Like.objects.all()) == set(kept)


def test_unliking_a_post_not_liked_changes_nothing() -> None:
    like = LikeFactory()

    like_delete(user=UserFactory(), post=like.post)

    assert list(Like.objects.all()) == [like]


def test_the_database_itself_refuses_a_second_like_of_a_post_by_the_same_user() -> None:
    like = LikeFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Like.objects.create(user=like.user, post=like.post)

    assert Like.objects.count() == 1


def test_reposting_a_post_records_one_repost() -> None:
    ann, post = UserFactory(), PostFactory()

    repost = repost_create(user=ann, post=post)

    assert list(Repost.objects.values_list("pk", "user", "post")) == [(repost.pk, ann.pk, post.pk)]


def test_a_repost_takes_a_snowflake_id_later_than_the_post() -> None:
    post = PostFactory()

    repost = repost_create(user=UserFactory(), post=post)

    assert repost.pk > post.pk


def test_reposting_a_post_again_changes_nothing() -> None:
    ann, post = UserFactory(), PostFactory()
    first = repost_create(user=ann, post=post)

    again = repost_create(user=ann, post=post)

    assert again.pk == first.pk
    assert Repost.objects.count() == 1


def test_undoing_a_repost_removes_only_that_users_repost_of_that_post() -> None:
    ann, post, other_post = UserFactory(), PostFactory(), PostFactory()
    repost_create(user=ann, post=post)
    kept = [RepostFactory(post=post), RepostFactory(user=ann, post=other_post)]

    repost_delete(user=ann, post=post)

    assert set(Repost.objects.all()) == set(kept)


def test_undoing_a_repost_never_made_changes_nothing() -> None:
    repost = RepostFactory()

    repost_delete(user=UserFactory(), post=repost.post)

    assert list(Repost.objects.all()) == [repost]


def test_the_database_itself_refuses_a_second_repost_of_a_post_by_the_same_user() -> None:
    repost = RepostFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Repost.objects.create(user=repost.user, post=repost.post)

    assert Repost.objects.count() == 1
