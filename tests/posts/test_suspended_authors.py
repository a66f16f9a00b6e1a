"""A deactivated (suspended) account disappears: its posts from every list, itself from follows."""

import pytest

from microposts.accounts.models import User
from microposts.accounts.selectors import followers_page, following_page
from microposts.core.pagination import PageRequest
from microposts.posts.errors import PostNotFound
from microposts.posts.models import Post
from microposts.posts.selectors import (
    post_get,
    post_thread,
    search_page,
    timeline_book_page,
    timeline_home_page,
)
from microposts.posts.services import post_create
from tests.factories import FollowFactory, RepostFactory, UserFactory

FIRST = PageRequest(size=20)


@pytest.fixture
def reader(db: None) -> User:
    return UserFactory(username="reader")


@pytest.fixture
def suspended(reader: User) -> User:
    account = UserFactory(username="spammer")
    FollowFactory(follower=reader, followed=account)
    FollowFactory(follower=account, followed=reader)
    return account


def _suspend(account: User) -> None:
    User.objects.filter(pk=account.pk).update(is_active=False)


def test_a_suspended_authors_posts_leave_both_timelines(reader: User, suspended: User) -> None:
    post_create(author=suspended, text="buy my watches")
    RepostFactory(user=suspended, post=post_create(author=reader, text="my own words"))
    _suspend(suspended)
    assert timeline_book_page(username=reader.username, request=FIRST).items == []
    home = timeline_home_page(user=reader, request=FIRST).items
    assert [(entry.post.text, entry.reposted_by) for entry in home] == [("my own words", None)]


def test_a_repost_of_a_suspended_authors_post_is_hidden(reader: User, suspended: User) -> None:
    friend = UserFactory(username="friend")
    FollowFactory(follower=reader, followed=friend)
    RepostFactory(user=friend, post=post_create(author=suspended, text="buy my watches"))
    _suspend(suspended)
    assert timeline_home_page(user=reader, request=FIRST).items == []


def test_a_suspended_authors_posts_are_not_found_or_searched(suspended: User) -> None:
    post = post_create(author=suspended, text="buy my watches")
    _suspend(suspended)
    with pytest.raises(PostNotFound):
        post_get(post_id=post.pk)
    assert search_page(text="watches", username=None, request=FIRST).items == []


def test_a_thread_leaves_out_a_suspended_authors_replies(reader: User, suspended: User) -> None:
    root = post_create(author=reader, text="a question")
    post_create(author=suspended, text="spam reply", in_reply_to_id=root.pk)
    kept = post_create(author=reader, text="a real answer", in_reply_to_id=root.pk)
    _suspend(suspended)
    assert post_thread(post_id=root.pk).replies == [kept]
    assert Post.objects.filter(author=suspended).count() == 1  # hidden, not deleted


def test_a_suspended_account_leaves_follower_and_following_lists(
    reader: User, suspended: User
) -> None:
    _suspend(suspended)
    assert followers_page(user=reader, request=FIRST).items == []
    assert following_page(user=reader, request=FIRST).items == []


def test_reactivating_an_account_brings_everything_back(reader: User, suspended: User) -> None:
    post_create(author=suspended, text="back again")
    _suspend(suspended)
    User.objects.filter(pk=suspended.pk).update(is_active=True)
    assert [
        row.text for row in timeline_book_page(username=reader.username, request=FIRST).items
    ] == ["back again"]
    assert [row.username for row in followers_page(user=reader, request=FIRST).items] == ["spammer"]


def test_a_thread_leaves_out_a_suspended_authors_ancestor(reader: User, suspended: User) -> None:
    root = post_create(author=reader, text="a question")
    middle = post_create(author=suspended, text="spam in the middle", in_reply_to_id=root.pk)
    answer = post_create(author=reader, text="an answer to it", in_reply_to_id=middle.pk)
    _suspend(suspended)
    thread = post_thread(post_id=answer.pk)
    assert thread.ancestors == [root]
    assert thread.post == answer
