import pytest
from django.db import IntegrityError, transaction

from microposts.accounts.errors import NotFollowing, SelfFollow
from microposts.accounts.models import Follow
from microposts.accounts.services import follow_create, follow_delete
from tests.factories import FollowFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_following_someone_makes_one_link_and_says_it_was_created() -> None:
    ann, bob = UserFactory(), UserFactory()

    follow, created = follow_create(follower=ann, followed=bob)

    assert created
    assert (follow.follower, follow.followed) == (ann, bob)
    assert list(Follow.objects.values_list("follower", "followed")) == [(ann.pk, bob.pk)]


def test_following_someone_again_returns_the_same_link_and_says_it_was_not_created() -> None:
    ann, bob = UserFactory(), UserFactory()
    first, _ = follow_create(follower=ann, followed=bob)

    again, created = follow_create(follower=ann, followed=bob)

    assert not created
    assert again.pk == first.pk
    assert Follow.objects.count() == 1


def test_following_is_one_way() -> None:
    ann, bob = UserFactory(), UserFactory()

    follow_create(follower=ann, followed=bob)

    assert not Follow.objects.filter(follower=bob, followed=ann).exists()


def test_following_oneself_is_refused() -> None:
    ann = UserFactory()

    with pytest.raises(SelfFollow):
        follow_create(follower=ann, followed=ann)

    assert not Follow.objects.exists()


def test_the_database_itself_refuses_a_second_identical_follow() -> None:
    follow = FollowFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=follow.follower, followed=follow.followed)

    assert Follow.objects.count() == 1


def test_the_database_itself_refuses_a_self_follow() -> None:
    ann = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=ann, followed=ann)

    assert not Follow.objects.exists()


def test_unfollowing_removes_only_that_link() -> None:
    ann, bob, cy = UserFactory(), UserFactory(), UserFactory()
    FollowFactory(follower=ann, followed=bob)
    FollowFactory(follower=ann, followed=cy)
    FollowFactory(follower=bob, followed=ann)

    follow_delete(follower=ann, followed=bob)

    assert set(Follow.objects.values_list("follower", "followed")) == {
        (ann.pk, cy.pk),
        (bob.pk, ann.pk),
    }


def test_unfollowing_someone_not_followed_is_not_following() -> None:
    ann, bob = UserFactory(), UserFactory()
    FollowFactory(follower=bob, followed=ann)  # the other way round does not count

    with pytest.raises(NotFollowing):
        follow_delete(follower=ann, followed=bob)

    assert Follow.objects.count() == 1


def test_deleting_a_user_removes_their_follows_both_ways() -> None:
    ann, bob, cy = UserFactory(), UserFactory(), UserFactory()
    FollowFactory(follower=ann, followed=bob)
    FollowFactory(follower=bob, followed=ann)
    FollowFactory(follower=bob, followed=cy)

    ann.delete()

    assert list(Follow.objects.values_list("follower", "followed")) == [(bob.pk, cy.pk)]
