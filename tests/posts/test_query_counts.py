"""Each list costs a fixed number of queries, whatever the number of rows (STYLE.md, Tests).

Every test builds a small and a larger data set and pins the same count for both, reading every
field an edge shows inside the counted block, so a lazy load would be counted too.
"""

import pytest
from pytest_django import DjangoAssertNumQueries

from microposts.accounts.models import User
from microposts.core.pagination import PageRequest
from microposts.posts.models import Post
from microposts.posts.selectors import (
    collection_page,
    post_thread,
    search_page,
    timeline_book_page,
    timeline_home_page,
)
from microposts.posts.services import repost_create
from tests.factories import FollowFactory, PostFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("rows", [2, 12])]

PAGE = PageRequest(size=10)


def shown(post: Post) -> tuple[int, str, str, str | None]:
    """What an edge shows of a post: it must not cost a query of its own."""
    referenced = post.referenced.username if post.referenced else None
    return (post.pk, post.author.username, post.text, referenced)


@pytest.fixture
def reader() -> User:
    """Someone who follows two users, each of whom posts and reposts."""
    reader = UserFactory()
    for _ in range(2):
        FollowFactory(follower=reader)
    UserFactory(username="named")
    return reader


def fill_timelines(reader: User, rows: int) -> None:
    followed = [follow.followed for follow in reader.following_links.all()]
    for number in range(rows):
        author = followed[number % len(followed)]
        post = PostFactory(author=author, text=f"post {number} for @named", referenced="named")
        repost_create(user=followed[(number + 1) % len(followed)], post=post)
        PostFactory(author=reader, text=f"own {number}")


def test_a_collection_page_is_one_query(
    rows: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    ann = UserFactory()
    UserFactory(username="named")
    for number in range(rows):
        PostFactory(author=ann, text=f"post {number}", referenced="named")

    with django_assert_num_queries(1):
        page = collection_page(username=ann.username, request=PAGE)

    assert len(page.items) == min(rows, PAGE.size)


def test_a_book_timeline_page_is_two_queries_the_follows_and_the_page(
    reader: User, rows: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    fill_timelines(reader, rows)

    with django_assert_num_queries(2):
        page = timeline_book_page(username=reader.username, request=PAGE)

    assert len(page.items) == min(rows, PAGE.size)


def test_a_home_timeline_page_with_reposts_of_its_own_posts_is_three_queries(
    reader: User, rows: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """How many the reader follows (the plan), the posts with their authors, the reposts."""
    fill_timelines(reader, rows)

    with django_assert_num_queries(3):
        page = timeline_home_page(user=reader, request=PAGE)
        seen = [(entry.reposted_by, entry.post.id, entry.post.username) for entry in page.items]

    assert len(seen) == min(3 * rows, PAGE.size)
    assert any(reposted_by is not None for reposted_by, *_ in seen)


def test_a_home_timeline_page_with_a_repost_of_an_older_post_is_four_queries(
    reader: User, rows: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """The fourth reads the reposted posts that are not among the page's own."""
    followed = reader.following_links.first()
    assert followed is not None
    old = PostFactory(author=UserFactory(), text="an old post by a stranger")
    fill_timelines(reader, rows)
    repost_create(user=followed.followed, post=old)

    with django_assert_num_queries(4):
        page = timeline_home_page(user=reader, request=PAGE)
        seen = [(entry.reposted_by, entry.post.text) for entry in page.items]

    assert seen[0] == (followed.followed.username, "an old post by a stranger")


def test_a_later_home_timeline_page_is_three_queries_too(
    reader: User, rows: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    fill_timelines(reader, rows)
    first = timeline_home_page(user=reader, request=PageRequest(size=3))
    assert first.next is not None

    with django_assert_num_queries(3):
        page = timeline_home_page(user=reader, request=PageRequest(size=3, cursor=first.next))
        seen = [(entry.reposted_by, entry.post.id, entry.post.username) for entry in page.items]

    assert len(seen) == 3


def test_a_thread_is_four_queries(
    rows: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    UserFactory(username="named")
    chain = [PostFactory(text="root")]
    for _ in range(rows):
        chain.append(PostFactory(text="reply", referenced="named", in_reply_to_id=chain[-1].pk))
        PostFactory(text="side reply", in_reply_to_id=chain[-2].pk)
    middle = chain[len(chain) // 2]

    with django_assert_num_queries(4):
        thread = post_thread(post_id=middle.pk)
        seen = [shown(post) for post in [*thread.ancestors, thread.post, *thread.replies]]

    assert len(thread.ancestors) == len(chain) // 2
    assert len(seen) > rows


def test_a_search_page_is_one_query(
    rows: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    UserFactory(username="named")
    for number in range(rows):
        PostFactory(text=f"findable {number}", referenced="named")
        PostFactory(text=f"other {number}")

    with django_assert_num_queries(1):
        page = search_page(text="findable", username="user", request=PAGE)

    assert len(page.items) == min(rows, PAGE.size)
