"""The notifications page and the unread count, as the website reads them."""

import pytest
from pytest_django import DjangoAssertNumQueries

from microposts.accounts.models import User
from microposts.accounts.services import follow_create, users_deactivate
from microposts.core.pagination import PageRequest
from microposts.notifications.models import Notification
from microposts.notifications.selectors import notifications_page, unread_notifications_count
from microposts.notifications.services import notifications_mark_read
from microposts.posts.services import like_create, post_create, repost_create
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = PageRequest(size=10)


def shown(notification: Notification) -> tuple[str, str, str | None]:
    """What the page shows of a notification: it must not cost a query of its own."""
    post = notification.post
    where = None if post is None else f"/@{post.author.username}/{post.pk} {post.text}"
    return (notification.kind, notification.actor.name, where)


def notify_of_every_kind(user: User, rounds: int) -> None:
    """`rounds` of each kind of notification for `user`, each round by a new actor."""
    own = PostFactory(author=user, text="my post")
    for number in range(rounds):
        actor = UserFactory()
        post_create(author=actor, text=f"hi @{user.username} {number}")
        post_create(author=actor, text=f"answer {number}", in_reply_to_id=own.pk)
        follow_create(follower=actor, followed=user)
        like_create(user=actor, post=own)
        repost_create(user=actor, post=own)


@pytest.mark.parametrize("rounds", [1, 6])
def test_a_notifications_page_is_one_query_with_actors_and_posts(
    user: User, rounds: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    notify_of_every_kind(user, rounds)

    with django_assert_num_queries(1):
        page = notifications_page(user=user, request=PAGE)
        seen = [shown(notification) for notification in page.items]

    assert len(seen) == min(5 * rounds, PAGE.size)
    assert {kind for kind, *_ in seen} == {"mention", "reply", "follow", "like", "repost"}


def test_the_page_is_newest_first_and_its_next_link_leads_on_without_overlap(
    user: User, other: User
) -> None:
    posts = [post_create(author=other, text=f"@ann {number}") for number in range(5)]

    first = notifications_page(user=user, request=PageRequest(size=3))
    assert first.next is not None
    second = notifications_page(user=user, request=PageRequest(size=3, cursor=first.next))

    listed = [n.post_id for n in first.items] + [n.post_id for n in second.items]
    assert listed == [post.pk for post in reversed(posts)]
    assert second.next is None


def test_the_page_holds_only_the_users_own_notifications(user: User, other: User) -> None:
    post_create(author=other, text="hi @ann")
    post_create(author=user, text="hi @bob")

    page = notifications_page(user=user, request=PAGE)

    assert [(n.recipient_id, n.actor_id) for n in page.items] == [(user.pk, other.pk)]


def test_what_a_suspended_user_did_is_hidden_from_the_page_and_the_count(
    user: User, other: User
) -> None:
    spammer = UserFactory(username="spammer")
    post_create(author=spammer, text="buy now @ann")
    follow_create(follower=spammer, followed=user)
    post_create(author=other, text="hello @ann")

    users_deactivate(users=User.objects.filter(pk=spammer.pk), actor=other)

    page = notifications_page(user=user, request=PAGE)
    assert [n.actor.username for n in page.items] == ["bob"]
    assert unread_notifications_count(user=user) == 1


def test_the_unread_count_is_one_query_and_drops_as_notifications_are_read(
    user: User, other: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    notify_of_every_kind(user, 2)
    post_create(author=user, text="hi @bob")  # someone else's unread one
    newest = Notification.objects.filter(recipient=user).latest("id")

    with django_assert_num_queries(1):
        before = unread_notifications_count(user=user)
    notifications_mark_read(user=user, up_to_id=newest.pk, from_id=newest.pk)

    assert (before, unread_notifications_count(user=user)) == (10, 9)
