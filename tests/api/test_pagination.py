"""The list envelope: `next` and `previous` links, `page` and `size`, on every list endpoint."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microposts.accounts.models import User
from tests.api.helpers import ids_of, micropost_path, usernames_of, walk
from tests.conftest import ApiClient
from tests.factories import FollowFactory, PostFactory, UserFactory


@settings(
    max_examples=12,
    deadline=None,
    # Each example makes its own author, so the examples share the test's database safely.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(count=st.integers(min_value=0, max_value=11), size=st.integers(min_value=1, max_value=4))
def test_collection_links_visit_every_micropost_once_and_lead_back(
    api: ApiClient, count: int, size: int
):
    author = UserFactory()
    posts = [PostFactory(author=author) for _ in range(count)]

    forward = walk(api, f"/api/users/{author.username}/collection?size={size}")

    assert ids_of(forward) == [str(post.pk) for post in reversed(posts)]
    assert all(len(page["result"]) == size for page in forward[:-1])
    assert 1 <= len(forward[-1]["result"]) <= size or count == 0
    assert forward[0]["previous"] is None
    backward = walk(api, forward[-1]["previous"], link="previous")
    assert [page["result"] for page in backward] == [
        page["result"] for page in reversed(forward[:-1])
    ]


def test_timeline_links_run_oldest_first_and_lead_back(api: ApiClient, user: User, other: User):
    carl = UserFactory(username="carl")
    FollowFactory(follower=user, followed=other)
    FollowFactory(follower=user, followed=carl)
    posts = [PostFactory(author=(other, carl)[n % 2]) for n in range(7)]
    PostFactory(author=user)  # not in ann's own timeline

    forward = walk(api, "/api/users/ann/timeline?size=3")

    assert [len(page["result"]) for page in forward] == [3, 3, 1]
    assert ids_of(forward) == [str(post.pk) for post in posts]
    backward = walk(api, forward[-1]["previous"], link="previous")
    assert [page["result"] for page in backward] == [forward[1]["result"], forward[0]["result"]]
    assert backward[-1]["previous"] is None


def test_following_links_visit_every_followed_user_once(api: ApiClient, user: User):
    followed = [UserFactory() for _ in range(5)]
    for someone in followed:
        FollowFactory(follower=user, followed=someone)

    forward = walk(api, "/api/users/ann/following?size=2")

    assert [len(page["result"]) for page in forward] == [2, 2, 1]
    assert usernames_of(forward) == [someone.username for someone in reversed(followed)]
    backward = walk(api, forward[-1]["previous"], link="previous")
    assert usernames_of(backward) == usernames_of(forward[1::-1])


def test_followers_links_visit_every_follower_once(api: ApiClient, other: User):
    followers = [UserFactory() for _ in range(5)]
    for someone in followers:
        FollowFactory(follower=someone, followed=other)

    forward = walk(api, "/api/users/bob/followers?size=2")

    assert [len(page["result"]) for page in forward] == [2, 2, 1]
    assert usernames_of(forward) == [someone.username for someone in reversed(followers)]
    backward = walk(api, forward[-1]["previous"], link="previous")
    assert usernames_of(backward) == usernames_of(forward[1::-1])


def test_search_links_keep_the_search_terms(api: ApiClient, user: User, other: User):
    matching = [PostFactory(author=user, text=f"needle number {n}") for n in range(5)]
    PostFactory(author=other, text="needle by bob")
    PostFactory(author=user, text="haystack")

    forward = walk(api, "/api/search?text=needle&username=an&size=2")

    assert [len(page["result"]) for page in forward] == [2, 2, 1]
    assert ids_of(forward) == [str(post.pk) for post in reversed(matching)]
    assert all("text=needle" in page["next"] for page in forward[:-1])
    backward = walk(api, forward[-1]["previous"], link="previous")
    assert ids_of(backward) == ids_of(forward[1::-1])


def test_the_default_page_holds_twenty_items(api: ApiClient, user: User):
    posts = [PostFactory(author=user) for _ in range(21)]

    pages = walk(api, "/api/users/ann/collection")

    assert [len(page["result"]) for page in pages] == [20, 1]
    assert ids_of(pages) == [str(post.pk) for post in reversed(posts)]


def test_the_largest_page_holds_a_hundred_items(api: ApiClient, user: User):
    for _ in range(101):
        PostFactory(author=user, text="x")

    pages = walk(api, "/api/users/ann/collection?size=100")

    assert [len(page["result"]) for page in pages] == [100, 1]


def test_an_explicit_page_number_skips_the_pages_before_it(api: ApiClient, user: User):
    newest_first = [str(PostFactory(author=user).pk) for _ in range(5)][::-1]

    page = api.get("/api/users/ann/collection?size=2&page=2").json()

    assert [item["id"] for item in page["result"]] == newest_first[2:4]
    assert [item["id"] for item in api.get(page["next"]).json()["result"]] == newest_first[4:]
    assert [item["id"] for item in api.get(page["previous"]).json()["result"]] == newest_first[:2]
    assert "page=" not in page["next"]
    assert "size=2" in page["next"]


def test_an_explicit_page_number_works_on_the_timeline(api: ApiClient, user: User, other: User):
    FollowFactory(follower=user, followed=other)
    oldest_first = [str(PostFactory(author=other).pk) for _ in range(5)]

    page = api.get("/api/users/ann/timeline?size=2&page=3").json()

    assert [item["id"] for item in page["result"]] == oldest_first[4:]
    assert page["next"] is None


def test_a_page_past_the_end_is_empty(api: ApiClient, user: User):
    PostFactory(author=user)

    response = api.get("/api/users/ann/collection?page=9")

    assert response.status_code == 200
    assert response.json() == {"next": None, "previous": None, "result": []}


def test_a_deletion_between_pages_neither_repeats_nor_skips_a_micropost(api: ApiClient, user: User):
    posts = [PostFactory(author=user) for _ in range(6)]
    newest_first = [str(post.pk) for post in reversed(posts)]
    first = api.get("/api/users/ann/collection?size=2").json()

    assert api.delete(micropost_path(posts[-1])).status_code == 204  # on the page already read
    rest = walk(api, first["next"])

    assert ids_of([first, *rest]) == newest_first
