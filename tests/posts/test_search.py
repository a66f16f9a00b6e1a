import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from microposts.accounts.models import User
from microposts.core.pagination import PageRequest
from microposts.posts.errors import SearchTooShort
from microposts.posts.selectors import search_page
from microposts.posts.services import post_delete, post_edit
from tests.factories import PostFactory, UserFactory
from tests.properties import DATABASE_EXAMPLES

pytestmark = pytest.mark.django_db


def found(text: str, username: str | None = None, size: int = 50) -> list[str]:
    page = search_page(text=text, username=username, request=PageRequest(size=size))
    return [row.text for row in page.items]


@pytest.mark.parametrize("wanted", ["pie", "Apple", "APPLE PIE", "le pi", "ple p", "apple pie"])
def test_finds_posts_containing_the_text_anywhere_whatever_its_case(wanted: str) -> None:
    PostFactory(text="Apple pie")
    PostFactory(text="banana split")

    assert found(wanted) == ["Apple pie"]


@pytest.mark.parametrize("wanted", ["ÉCOLE", "École", "ΕΛΛΆΔΑ"])
def test_ignores_the_case_of_letters_beyond_ascii(wanted: str) -> None:
    PostFactory(text="l'école en Ελλάδα")

    assert found(wanted) == ["l'école en Ελλάδα"]


def test_lists_matches_newest_first() -> None:
    for text in ["one cake", "two cakes", "no", "three cakes"]:
        PostFactory(text=text)

    assert found("cake") == ["three cakes", "two cakes", "one cake"]


def test_pages_through_matches() -> None:
    for number in range(5):
        PostFactory(text=f"match {number}")
    first = search_page(text="match", username=None, request=PageRequest(size=3))
    assert first.next is not None

    second = search_page(
        text="match", username=None, request=PageRequest(size=3, cursor=first.next)
    )

    assert [row.text for row in first.items] == ["match 4", "match 3", "match 2"]
    assert [row.text for row in second.items] == ["match 1", "match 0"]
    assert second.next is None


@pytest.mark.parametrize("wanted", ["", "ab", "  ab  ", "\n\n\n", "   "])
def test_needs_at_least_three_characters_besides_surrounding_space(wanted: str) -> None:
    PostFactory(text="ab ab ab")

    with pytest.raises(SearchTooShort):
        found(wanted)


def test_trims_the_searched_text() -> None:
    PostFactory(text="cherry")

    assert found("  err  ") == ["cherry"]


def test_finds_no_post_that_does_not_contain_the_text() -> None:
    PostFactory(text="Apple pie")

    assert found("apples") == []


@pytest.mark.parametrize(("wanted", "username"), [("abc\x00", None), ("abc", "a\x00")])
def test_a_nul_character_matches_nothing_without_asking_the_database(
    wanted: str, username: str | None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # No post or username holds one (PostgreSQL text cannot, and would raise), so the selector
    # answers before any query, on either database.
    PostFactory(author=UserFactory(username="ann"), text="abc def")

    with django_assert_num_queries(0):
        assert found(wanted, username=username) == []


def test_narrows_to_authors_whose_username_contains_the_given_part() -> None:
    ann, joanna, bob = (UserFactory(username=name) for name in ["ann", "Joanna", "bob"])
    for author in [ann, joanna, bob]:
        PostFactory(author=author, text=f"cake by {author.username}")

    assert found("cake", username="ANN") == ["cake by Joanna", "cake by ann"]
    assert found("cake", username="bo") == ["cake by bob"]
    assert found("cake", username="zed") == []


def test_an_empty_username_does_not_narrow() -> None:
    PostFactory(text="cake one")
    PostFactory(text="cake two")

    assert found("cake", username="") == ["cake two", "cake one"]


def test_finds_the_new_text_of_an_edited_post_and_not_the_old() -> None:
    post = PostFactory(text="apple crumble")

    post_edit(post=post, editor=post.author, text="banana bread")

    assert found("banana") == ["banana bread"]
    assert found("apple") == []


def test_does_not_find_a_deleted_post() -> None:
    post = PostFactory(text="apple crumble")
    PostFactory(text="apple tart")

    post_delete(post=post, actor=post.author)

    assert found("apple") == ["apple tart"]


def test_does_not_find_the_posts_of_a_deleted_user() -> None:
    post = PostFactory(text="apple crumble")

    post.author.delete()

    assert found("apple") == []


def test_takes_percent_literally() -> None:
    PostFactory(text="100% sure")
    PostFactory(text="1000 sure")

    assert found("100%") == ["100% sure"]
    assert found("0% s") == ["100% sure"]


def test_takes_underscore_literally() -> None:
    PostFactory(text="snake_case")
    PostFactory(text="snakeXcase")

    assert found("e_c") == ["snake_case"]


def test_takes_a_username_pattern_literally() -> None:
    PostFactory(author=UserFactory(username="a_b"), text="cake one")
    PostFactory(author=UserFactory(username="axb"), text="cake two")

    assert found("cake", username="a_b") == ["cake one"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ('she said "hello" twice', '"hello"'),
        ("back\\slash here", "k\\s"),
        ("use c++ daily", "c++"),
        ("NEAR(a b) AND c*", "AND c*"),
        ("it's fine", "it's"),
    ],
)
def test_takes_quotes_and_search_operators_literally(text: str, wanted: str) -> None:
    PostFactory(text=text)
    PostFactory(text="something else entirely")

    assert found(wanted) == [text]


@st.composite
def searched_posts(draw: st.DrawFn) -> tuple[list[tuple[int, str]], set[int], str | None]:
    """Posts as (author, text) in order, the suspended authors, and a username filter."""
    texts = st.text(alphabet="abAB ", min_size=1, max_size=12).filter(lambda text: text.strip())
    posts = draw(st.lists(st.tuples(st.integers(0, 3), texts), max_size=30))
    suspended = draw(st.sets(st.integers(0, 3), max_size=2))
    username = draw(st.sampled_from([None, "searcher", "er1", "ER2"]))
    return posts, suspended, username


@given(
    case=searched_posts(),
    wanted=st.sampled_from(["aba", "bab", "a b", "AAB", "b b"]),
    size=st.integers(min_value=1, max_value=6),
)
@DATABASE_EXAMPLES
def test_every_page_of_a_search_is_the_matching_posts_newest_first_both_ways(
    case: tuple[list[tuple[int, str]], set[int], str | None], wanted: str, size: int
) -> None:
    """Against the plain rule: text contains `wanted` (any case), author active and named."""
    posts, suspended, username = case
    with transaction.atomic():
        authors = [UserFactory(username=f"searcher{number}") for number in range(4)]
        made = [(PostFactory(author=authors[n], text=text), n) for n, text in posts]
        User.objects.filter(pk__in=[authors[n].pk for n in suspended]).update(is_active=False)
        expected = [
            post.pk
            for post, n in reversed(made)
            if wanted.lower() in post.text.lower()
            and n not in suspended
            and (username is None or username.lower() in authors[n].username)
        ]

        pages = [search_page(text=wanted, username=username, request=PageRequest(size=size))]
        while pages[-1].next is not None:
            request = PageRequest(size=size, cursor=pages[-1].next)
            pages.append(search_page(text=wanted, username=username, request=request))

        assert [row.id for page in pages for row in page.items] == expected
        assert all(len(page.items) == size for page in pages[:-1])
        if pages[-1].previous is not None:
            back = search_page(
                text=wanted,
                username=username,
                request=PageRequest(size=size, cursor=pages[-1].previous),
            )
            assert [row.id for row in back.items] == [row.id for row in pages[-2].items]
        transaction.set_rollback(True)
