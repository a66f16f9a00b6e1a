"""The lists of posts anyone may read: order, who is left out, paging both ways, query counts."""

from collections.abc import Callable

import pytest
from pytest_django import DjangoAssertNumQueries

from microposts.accounts.models import User
from microposts.core.pagination import Page, PageRequest
from microposts.posts.errors import SearchTooShort
from microposts.posts.selectors import search_page
from microposts.posts.services import post_delete
from microposts.timelines.errors import TagNotFound
from microposts.timelines.selectors import (
    FeedEntry,
    posts_matching_page,
    profile_counts,
    public_timeline_page,
    tag_timeline_page,
    user_posts_page,
)
from tests.factories import FollowFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

FIRST = PageRequest(size=20)

# Each list as a function of (an author whose posts it shows, a page request). Every post
# these tests make contains "#cake" and "cake", so each list shows all of them.
Feed = Callable[[User, PageRequest], Page[FeedEntry]]
FEEDS: dict[str, Feed] = {
    "public": lambda _author, request: public_timeline_page(request=request),
    "user": lambda author, request: user_posts_page(user=author, request=request),
    "tag": lambda _author, request: tag_timeline_page(tag="cake", request=request),
    "search": lambda _author, request: posts_matching_page(
        text="cake", username=None, request=request
    ),
}


def texts(page: Page[FeedEntry]) -> list[str]:
    return [entry.post.text for entry in page.items]


def suspend(account: User) -> None:
    User.objects.filter(pk=account.pk).update(is_active=False)


@pytest.fixture
def author() -> User:
    return UserFactory(username="ann")


@pytest.mark.parametrize("feed", FEEDS.values(), ids=FEEDS.keys())
def test_every_list_shows_posts_newest_first_and_nothing_reposted(feed: Feed, author: User) -> None:
    for number in range(3):
        PostFactory(author=author, text=f"#cake {number}")

    page = feed(author, FIRST)

    assert texts(page) == ["#cake 2", "#cake 1", "#cake 0"]
    assert {entry.reposted_by for entry in page.items} == {None}


@pytest.mark.parametrize("feed", FEEDS.values(), ids=FEEDS.keys())
def test_every_list_leaves_out_the_posts_of_a_suspended_author(feed: Feed, author: User) -> None:
    PostFactory(author=author, text="#cake by ann")
    PostFactory(author=UserFactory(username="spammer"), text="#cake by the spammer")
    suspend(User.objects.get(username="spammer"))

    assert texts(feed(author, FIRST)) == ["#cake by ann"]


def test_a_users_list_of_a_suspended_user_is_empty(author: User) -> None:
    PostFactory(author=author, text="mine")
    suspend(author)

    assert texts(user_posts_page(user=author, request=FIRST)) == []


@pytest.mark.parametrize("feed", FEEDS.values(), ids=FEEDS.keys())
def test_every_list_pages_forwards_and_back(feed: Feed, author: User) -> None:
    for number in range(5):
        PostFactory(author=author, text=f"#cake {number}")

    first = feed(author, PageRequest(size=2))
    assert first.next is not None
    second = feed(author, PageRequest(size=2, cursor=first.next))
    assert second.next is not None
    assert second.previous is not None
    last = feed(author, PageRequest(size=2, cursor=second.next))
    back = feed(author, PageRequest(size=2, cursor=second.previous))

    assert [texts(first), texts(second), texts(last)] == [
        ["#cake 4", "#cake 3"],
        ["#cake 2", "#cake 1"],
        ["#cake 0"],
    ]
    assert last.next is None
    assert texts(back) == ["#cake 4", "#cake 3"]
    assert back.previous is None


def test_a_users_list_holds_only_their_posts(author: User) -> None:
    PostFactory(author=author, text="ann's")
    PostFactory(author=UserFactory(), text="someone else's")

    assert texts(user_posts_page(user=author, request=FIRST)) == ["ann's"]


@pytest.mark.parametrize("typed", ["cake", "CAKE", "Cake"])
def test_a_tag_list_holds_the_posts_with_that_hashtag_whatever_its_case(
    typed: str, author: User
) -> None:
    PostFactory(author=author, text="I like #Cake")
    PostFactory(author=author, text="I like cake, untagged")
    PostFactory(author=author, text="I like #cakes")

    assert texts(tag_timeline_page(tag=typed, request=FIRST)) == ["I like #Cake"]


def test_a_tag_whose_posts_were_all_deleted_lists_nothing(author: User) -> None:
    post_delete(post=PostFactory(author=author, text="#gone"), actor=author)

    assert texts(tag_timeline_page(tag="gone", request=FIRST)) == []


@pytest.mark.parametrize("tag", ["never", "nul\x00", "x" * 101])
def test_a_tag_no_post_ever_had_is_not_found(tag: str, author: User) -> None:
    PostFactory(author=author, text="#cake")

    with pytest.raises(TagNotFound):
        tag_timeline_page(tag=tag, request=FIRST)


def test_search_finds_what_the_apis_search_finds(author: User) -> None:
    for text in ["Apple pie", "apple tart", "banana"]:
        PostFactory(author=author, text=text)
    PostFactory(author=UserFactory(username="bob"), text="apple juice")

    for username in [None, "an"]:
        found = posts_matching_page(text="APPLE", username=username, request=FIRST)
        expected = search_page(text="APPLE", username=username, request=FIRST)
        assert [entry.post.pk for entry in found.items] == [row.id for row in expected.items]
        assert found.items  # the comparison above compared something


@pytest.mark.parametrize("text", ["", "ab", "  ab  "])
def test_search_needs_three_characters(text: str) -> None:
    with pytest.raises(SearchTooShort):
        posts_matching_page(text=text, username=None, request=FIRST)


def shown(entry: FeedEntry) -> tuple[int, str, str, str | None]:
    """What a page shows of a post: it must not cost a query of its own."""
    post = entry.post
    referenced = post.referenced.username if post.referenced else None
    return (post.pk, post.author.display_name, post.html, referenced)


@pytest.mark.parametrize("rows", [2, 12])
@pytest.mark.parametrize(
    ("feed", "queries"),
    [(FEEDS["public"], 1), (FEEDS["user"], 1), (FEEDS["tag"], 2), (FEEDS["search"], 1)],
    ids=["public", "user", "tag", "search"],
)
def test_a_page_costs_the_same_queries_whatever_the_rows(
    feed: Feed,
    queries: int,
    rows: int,
    author: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    UserFactory(username="named")
    for number in range(rows):
        PostFactory(author=author, text=f"#cake {number}", referenced="named")

    with django_assert_num_queries(queries):
        page = feed(author, PageRequest(size=10))
        assert len([shown(entry) for entry in page.items]) == min(rows, 10)


def test_profile_counts_count_active_followers_follows_and_posts(author: User) -> None:
    for _ in range(3):
        FollowFactory(followed=author)
    FollowFactory(follower=author)
    suspended_follower = FollowFactory(followed=author).follower
    suspend(suspended_follower)
    PostFactory(author=author)
    PostFactory(author=author)
    PostFactory()

    assert profile_counts(user=author) == (3, 1, 2)


def test_profile_counts_take_two_queries(
    author: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    FollowFactory(followed=author)
    PostFactory(author=author)

    with django_assert_num_queries(2):
        assert profile_counts(user=author) == (1, 0, 1)
