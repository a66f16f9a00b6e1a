"""Likes and reposts follow the same rules: one per user and post, idempotent, undone exactly."""

from collections.abc import Callable
from typing import Any, NamedTuple

import pytest
from django.db import IntegrityError, models, transaction

from microposts.posts.models import Like, Repost
from microposts.posts.services import like_create, like_delete, repost_create, repost_delete
from tests.factories import LikeFactory, PostFactory, RepostFactory, UserFactory


class Reaction(NamedTuple):
    model: type[models.Model]
    create: Callable[..., Any]
    delete: Callable[..., None]
    factory: Any


REACTIONS = [
    pytest.param(Reaction(Like, like_create, like_delete, LikeFactory), id="like"),
    pytest.param(Reaction(Repost, repost_create, repost_delete, RepostFactory), id="repost"),
]
pytestmark = pytest.mark.django_db
each_reaction = pytest.mark.parametrize("reaction", REACTIONS)


@each_reaction
def test_reacting_to_a_post_records_one_row(reaction: Reaction) -> None:
    ann, post = UserFactory(), PostFactory()

    made = reaction.create(user=ann, post=post)

    rows = list(reaction.model.objects.values_list("pk", "user", "post"))
    assert rows == [(made.pk, ann.pk, post.pk)]


@each_reaction
def test_reacting_again_changes_nothing(reaction: Reaction) -> None:
    ann, post = UserFactory(), PostFactory()
    first = reaction.create(user=ann, post=post)

    again = reaction.create(user=ann, post=post)

    assert again.pk == first.pk
    assert reaction.model.objects.count() == 1


@each_reaction
def test_undoing_removes_only_that_users_row_for_that_post(reaction: Reaction) -> None:
    ann, post, other_post = UserFactory(), PostFactory(), PostFactory()
    reaction.create(user=ann, post=post)
    kept = [reaction.factory(post=post), reaction.factory(user=ann, post=other_post)]

    reaction.delete(user=ann, post=post)

    assert set(reaction.model.objects.all()) == set(kept)


@each_reaction
def test_undoing_what_was_never_done_changes_nothing(reaction: Reaction) -> None:
    existing = reaction.factory()

    reaction.delete(user=UserFactory(), post=existing.post)

    assert list(reaction.model.objects.all()) == [existing]


@each_reaction
def test_the_database_itself_refuses_a_second_row_by_the_same_user(reaction: Reaction) -> None:
    existing = reaction.factory()

    with pytest.raises(IntegrityError), transaction.atomic():
        reaction.model.objects.create(user=existing.user, post=existing.post)

    assert reaction.model.objects.count() == 1


def test_a_repost_takes_a_snowflake_id_later_than_the_post() -> None:
    post = PostFactory()

    repost = repost_create(user=UserFactory(), post=post)

    assert repost.pk > post.pk
