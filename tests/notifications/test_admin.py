"""Moderators read notifications in the admin: listed, filtered, never added by hand."""

import pytest
from django.test import Client

from microposts.accounts.models import User
from microposts.accounts.services import follow_create
from microposts.posts.services import post_create
from tests.factories import UserFactory


@pytest.fixture
def moderator(db: None, client: Client) -> Client:
    client.force_login(UserFactory(username="mod", is_staff=True, is_superuser=True))
    return client


def test_a_moderator_filters_notifications_by_kind(
    moderator: Client, user: User, other: User
) -> None:
    follow_create(follower=UserFactory(username="follower_fay"), followed=user)
    post_create(author=UserFactory(username="mentioner_max"), text="hi @ann")

    response = moderator.get("/admin/notifications/notification/", {"kind__exact": "follow"})

    assert response.status_code == 200
    assert b"follower_fay" in response.content
    assert b"mentioner_max" not in response.content


def test_a_moderator_cannot_add_a_notification(moderator: Client) -> None:
    response = moderator.get("/admin/notifications/notification/add/")

    assert response.status_code == 403
