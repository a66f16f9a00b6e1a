import base64
from collections.abc import Callable, Iterable

import pytest
from django.db import transaction
from django.db.models import QuerySet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microposts.accounts.models import User
from microposts.core.errors import InvalidInput
from microposts.core.pagination import Cursor, InvalidCursor, Page, PageRequest, paginate
from microposts.posts.models import Post
from tests.factories import UserFactory

Reader = Callable[[PageRequest], Page[int]]


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def posts_with_ids(author: User, ids: Iterable[int]) -> "QuerySet[Post, int]":
    """The author's posts with exactly these ids, as a query of their ids."""
    Post.objects.bulk_create(
        Post(id=post_id, author=author, text=f"post {post_id}", html=f"post {post_id}")
        for post_id in ids
    )
    return Post.objects.filter(author=author).values_list("id", flat=True)


def reader(queryset: "QuerySet[Post, int]", *, descending: bool) -> Reader:
    def read(request: PageRequest) -> Page[int]:
        return paginate(
            queryset, request=request, key="id", key_of=lambda key: key, descending=descending
        )

    return read


def walk_forward(read: Reader, size: int) -> list[Page[int]]:
    pages = [read(PageRequest(size=size))]
    while pages[-1].next is not None:
        assert len(pages) <= 1000, "the next links go round in a circle"
        pages.append(read(PageRequest(size=size, cursor=pages[-1].next)))
    return pages


def walk_backward(read: Reader, size: int, start: Cursor) -> list[Page[int]]:
    pages = [read(PageRequest(size=size, cursor=start))]
    while pages[-1].previous is not None:
        assert len(pages) <= 1000, "the previous links go round in a circle"
        pages.append(read(PageRequest(size=size, cursor=pages[-1].previous)))
    return pages


def keys(pages: Iterable[Page[int]]) -> list[int]:
    return [key for page in pages for key in page.items]


class TestCursor:
    @pytest.mark.parametrize(
        "cursor",
        [Cursor(0), Cursor(1), Cursor(123_456_789, backwards=True), Cursor((1 << 63) - 1)],
    )
    def test_decodes_to_the_cursor_it_was_encoded_from(self, cursor: Cursor) -> None:
        assert Cursor.decode(cursor.encode()) == cursor

    @given(key=st.integers(min_value=0, max_value=(1 << 63) - 1), backwards=st.booleans())
    def test_round_trips_every_key_in_both_directions(self, key: int, backwards: bool) -> None:
        cursor = Cursor(key, backwards=backwards)

        encoded = cursor.encode()

        assert Cursor.decode(encoded) == cursor
        assert set(encoded) <= set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        )

    @pytest.mark.parametrize(
        "raw",
        [
            "",
            "!!!!",
            "=",
            _b64("f"),
            _b64("b"),
            _b64("x123"),
            _b64("f-1"),
            _b64("b12a"),
            _b64(f"f{1 << 63}"),
            _b64("f1.5"),
            "é",
            base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(),
            _b64("f\u0661"),  # an Arabic-Indic digit, which int() would read as 1
        ],
    )
    def test_refuses_garbage_with_invalid_cursor(self, raw: str) -> None:
        with pytest.raises(InvalidCursor):
            Cursor.decode(raw)

    def test_invalid_cursor_is_invalid_input_so_edges_answer_400(self) -> None:
        assert issubclass(InvalidCursor, InvalidInput)

    # Random text rarely decodes at all; cursor-shaped text reaches the direction and range checks.
    CURSOR_SHAPED = st.from_regex(r"[fbx]-?[0-9]{0,22}", fullmatch=True).map(_b64)

    @given(raw=st.text(max_size=40) | CURSOR_SHAPED)
    def test_decoding_anything_gives_a_cursor_or_invalid_cursor_and_nothing_else(
        self, raw: str
    ) -> None:
        try:
            cursor = Cursor.decode(raw)
        except InvalidCursor:
            return
        assert 0 <= cursor.key < 1 << 63
        assert Cursor.decode(cursor.encode()) == cursor


@pytest.mark.django_db
class TestPaginate:
    @pytest.mark.parametrize("descending", [True, False])
    @pytest.mark.parametrize("size", [1, 3, 10, 11])
    def test_following_next_visits_every_row_once_in_order(
        self, descending: bool, size: int
    ) -> None:
        ids = [snowflake * 7 for snowflake in range(1, 11)]
        read = reader(posts_with_ids(UserFactory(), ids), descending=descending)

        pages = walk_forward(read, size)

        assert keys(pages) == sorted(ids, reverse=descending)
        assert all(len(page.items) == size for page in pages[:-1])
        assert pages[0].previous is None
        assert pages[-1].next is None

    @pytest.mark.parametrize("descending", [True, False])
    @pytest.mark.parametrize("size", [1, 3, 10])
    def test_following_previous_from_the_last_page_visits_every_row_once_in_order(
        self, descending: bool, size: int
    ) -> None:
        ids = list(range(100, 110))
        read = reader(posts_with_ids(UserFactory(), ids), descending=descending)
        last = walk_forward(read, size)[-1]
        assert last.previous is not None or size >= len(ids)

        before_last = walk_backward(read, size, last.previous) if last.previous else []

        assert keys([*reversed(before_last), last]) == sorted(ids, reverse=descending)

    def test_the_previous_page_of_the_second_page_is_the_first_page(self) -> None:
        read = reader(posts_with_ids(UserFactory(), range(1, 8)), descending=True)
        first = read(PageRequest(size=3))
        assert first.next is not None
        second = read(PageRequest(size=3, cursor=first.next))
        assert second.previous is not None

        again = read(PageRequest(size=3, cursor=second.previous))

        assert again.items == first.items == [7, 6, 5]
        assert again.previous is None
        assert again.next == first.next

    def test_an_offset_page_starts_after_that_many_rows(self) -> None:
        read = reader(posts_with_ids(UserFactory(), range(1, 11)), descending=True)

        page = read(PageRequest(size=3, offset=6))

        assert page.items == [4, 3, 2]
        assert page.next is not None
        assert read(PageRequest(size=3, cursor=page.next)).items == [1]
        assert page.previous is not None
        assert read(PageRequest(size=3, cursor=page.previous)).items == [7, 6, 5]

    def test_an_offset_past_the_end_gives_an_empty_page_without_links(self) -> None:
        read = reader(posts_with_ids(UserFactory(), range(1, 4)), descending=True)

        page = read(PageRequest(size=3, offset=30))

        assert page == Page(items=[], next=None, previous=None)

    def test_an_empty_list_gives_one_empty_page_without_links(self) -> None:
        read = reader(posts_with_ids(UserFactory(), []), descending=True)

        assert read(PageRequest(size=5)) == Page(items=[], next=None, previous=None)

    def test_a_page_before_the_first_row_is_empty_and_leads_back_to_the_first_row(self) -> None:
        read = reader(posts_with_ids(UserFactory(), [10, 20, 30]), descending=True)

        before = read(PageRequest(size=2, cursor=Cursor(30, backwards=True)))

        assert before.items == []
        assert before.previous is None
        assert before.next is not None
        assert read(PageRequest(size=2, cursor=before.next)).items == [30, 20]

    def test_a_cursor_is_a_position_so_a_page_skips_nothing_when_rows_are_added_before_it(
        self,
    ) -> None:
        author = UserFactory()
        read = reader(posts_with_ids(author, range(10, 20)), descending=True)
        first = read(PageRequest(size=4))
        assert first.next is not None
        posts_with_ids(author, [100, 101])  # newer rows arrive while someone reads

        second = read(PageRequest(size=4, cursor=first.next))

        assert second.items == [15, 14, 13, 12]

    @given(
        ids=st.sets(st.integers(min_value=1, max_value=(1 << 62)), max_size=25),
        size=st.integers(min_value=1, max_value=7),
        descending=st.booleans(),
    )
    @settings(
        max_examples=40,
        deadline=None,
        # One test transaction for all examples; each example rolls its own rows back.
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    def test_walking_any_list_both_ways_visits_every_row_once_in_order(
        self, ids: set[int], size: int, descending: bool
    ) -> None:
        with transaction.atomic():
            read = reader(posts_with_ids(UserFactory(), ids), descending=descending)

            forward = walk_forward(read, size)
            last = forward[-1]
            backward = walk_backward(read, size, last.previous) if last.previous else []

            expected = sorted(ids, reverse=descending)
            assert keys(forward) == expected
            assert keys([*reversed(backward), last]) == expected
            assert all(0 < len(page.items) <= size for page in [*forward, *backward] if ids)
            transaction.set_rollback(True)
