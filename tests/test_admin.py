"""The admin as a moderator uses it: find users and posts, deactivate a user."""

import pytest
from django.test import Client

from microposts.accounts.models import ApiToken, User
from microposts.accounts.selectors import user_for_token
from tests.factories import FollowFactory, PostFactory, UserFactory, token_for


@pytest.fixture
def moderator(db: None, client: Client) -> Client:
    client.force_login(UserFactory(username="mod", is_staff=True, is_superuser=True))
    return client


def test_the_admin_needs_a_staff_login(client: Client, db: None) -> None:
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_moderator_finds_users_by_part_of_their_name(moderator: Client) -> None:
    UserFactory(username="carol_smith")
    UserFactory(username="dave")
    response = moderator.get("/admin/accounts/user/", {"q": "carol"})
    assert response.status_code == 200
    assert b"carol_smith" in response.content
    assert b">dave<" not in response.content


def test_a_moderator_filters_users_by_active(moderator: Client) -> None:
    UserFactory(username="gone", is_active=False)
    UserFactory(username="here")
    response = moderator.get("/admin/accounts/user/", {"is_active__exact": "0"})
    assert b"gone" in response.content
    assert b">here<" not in response.content


def test_deactivating_a_user_also_revokes_their_api_tokens(moderator: Client) -> None:
    spammer = UserFactory(username="spammer")
    token = token_for(spammer)
    response = moderator.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [spammer.pk]},
        follow=True,
    )
    assert response.status_code == 200
    spammer.refresh_from_db()
    assert spammer.is_active is False
    assert not ApiToken.objects.filter(user=spammer).exists()
    assert user_for_token(token=token) is None


def test_a_moderator_cannot_deactivate_themselves(moderator: Client) -> None:
    me = User.objects.get(username="mod")
    response = moderator.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [me.pk]},
        follow=True,
    )
    assert b"You cannot deactivate your own account" in response.content
    me.refresh_from_db()
    assert me.is_active is True


def test_a_moderator_searches_posts_and_deletes_one(moderator: Client) -> None:
    spam = PostFactory(text="buy cheap watches now")
    PostFactory(text="a normal day")
    listing = moderator.get("/admin/posts/post/", {"q": "watches"})
    assert b"buy cheap watches now" in listing.content
    assert b"a normal day" not in listing.content
    response = moderator.post(f"/admin/posts/post/{spam.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not type(spam).objects.filter(pk=spam.pk).exists()


def test_post_pages_show_but_do_not_edit_text(moderator: Client) -> None:
    post = PostFactory(text="original words")
    page = moderator.get(f"/admin/posts/post/{post.pk}/change/")
    assert page.status_code == 200
    assert b"original words" in page.content
    assert b'name="text"' not in page.content
    assert moderator.get("/admin/posts/post/add/").status_code == 403


def test_follows_are_listed_with_both_users(moderator: Client) -> None:
    FollowFactory(follower=UserFactory(username="erin"), followed=UserFactory(username="fred"))
    FollowFactory(follower=UserFactory(username="gina"), followed=UserFactory(username="hal"))
    response = moderator.get("/admin/accounts/follow/", {"q": "fred"})
    # The search box echoes the query, so the listed rows are read, not the page's text.
    rows = [
        (follow.follower.username, follow.followed.username)
        for follow in response.context["cl"].result_list
    ]
    assert rows == [("erin", "fred")]
    assert b'class="field-follower' in response.content
    assert b'class="field-followed' in response.content


def test_failed_background_jobs_are_listed_with_their_error(moderator: Client) -> None:
    from microposts.core.models import Job  # noqa: PLC0415

    done = Job.objects.create(task="some.task", queue="background", state=Job.State.DONE)
    failed = Job.objects.create(
        task="microposts.notifications.tasks.mention_emails_task",
        queue="priority",
        state=Job.State.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: gone",
    )

    listing = moderator.get("/admin/core/job/?state__exact=failed").content.decode()
    page = moderator.get(f"/admin/core/job/{failed.pk}/change/").content.decode()

    assert "mention_emails_task" in listing
    assert f"/admin/core/job/{failed.pk}/change/" in listing
    assert f"/admin/core/job/{done.pk}/change/" not in listing
    assert "SMTPServerDisconnected: gone" in page
    assert moderator.get("/admin/core/heartbeat/").status_code == 200
