"""`microposts seed` end to end: a real database and generator process; rows checked by text."""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.test import RequestFactory

from microposts.accounts.models import Follow, User
from microposts.core.ids import SEQUENCE_BITS
from microposts.core.pagination import PageRequest
from microposts.core.text import extract_hashtags, extract_mentions, normalize_text, render_html
from microposts.posts.models import Hashtag, Like, Mention, Post, Repost, Tagging
from microposts.posts.selectors import search_page
from microposts.posts.services import profile_path, tag_path
from microposts.seed.load import SEED_PASSWORD
from microposts.seed.management.commands.seed import Command
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

END = datetime(2025, 6, 1, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def seed(*arguments: str, users: int = 50, posts: int = 500) -> None:
    options = [f"--users={users}", f"--posts={posts}", f"--end={END.isoformat()}", *arguments]
    call_command("seed", *options, verbosity=0)


def millisecond_of(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(milliseconds=1)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every seeded row but the password hash, whose salt is random by design."""
    user_fields = ("id", "username", "display_name", "bio", "email", "is_active", "date_joined")
    post_fields = ("id", "author", "text", "html", "referenced", "in_reply_to", "created")
    return {
        "users": list(User.objects.order_by("id").values_list(*user_fields)),
        "follows": sorted(Follow.objects.values_list("follower", "followed", "created")),
        "posts": list(Post.objects.order_by("id").values_list(*post_fields)),
        "mentions": sorted(Mention.objects.values_list("post", "user")),
        "hashtags": list(Hashtag.objects.order_by("id").values_list("id", "name", "created")),
        "taggings": sorted(Tagging.objects.values_list("post", "hashtag")),
        "likes": sorted(Like.objects.values_list("user", "post", "created")),
        "reposts": sorted(Repost.objects.values_list("id", "user", "post", "created")),
    }


def delete_everything() -> None:
    Post.objects.all().delete()
    User.objects.all().delete()
    Hashtag.objects.all().delete()


def test_seeding_twice_with_the_same_arguments_writes_the_same_rows() -> None:
    seed("--seed=5")
    first = snapshot()
    delete_everything()
    seed("--seed=5")

    assert snapshot() == first
    assert all(first.values()), "every table has rows"


def test_another_seed_writes_other_rows() -> None:
    seed("--seed=5")
    first = snapshot()
    delete_everything()
    seed("--seed=6")

    assert snapshot()["posts"] != first["posts"]


def test_mentions_and_hashtags_are_those_the_text_names_and_html_is_its_rendering() -> None:
    seed()
    usernames = dict(User.objects.values_list("id", "username"))
    id_by_name = {name.lower(): user_id for user_id, name in usernames.items()}
    mentioned: dict[int, set[int]] = defaultdict(set)
    for post_id, user_id in Mention.objects.values_list("post", "user"):
        mentioned[post_id].add(user_id)
    tagged: dict[int, set[str]] = defaultdict(set)
    for post_id, name in Tagging.objects.values_list("post", "hashtag__name"):
        tagged[post_id].add(name)

    posts = Post.objects.values_list("id", "text", "html", "referenced")
    for post_id, text, html, referenced in posts:
        named = {id_by_name[n.lower()] for n in extract_mentions(text) if n.lower() in id_by_name}
        named |= {referenced} if referenced else set()
        assert mentioned[post_id] == named
        assert tagged[post_id] == set(extract_hashtags(text))
        names = [usernames[user_id] for user_id in named]
        assert html == render_html(
            text, mentioned=names, profile_url=profile_path, tag_url=tag_path
        )
    assert Post.objects.filter(referenced__isnull=False).exists()
    assert len(mentioned) > 20
    assert len(tagged) > 20


def test_texts_are_what_the_post_service_would_accept(settings: Any) -> None:
    settings.MAX_POST_LENGTH = 120
    seed()

    for text in Post.objects.values_list("text", flat=True):
        assert text == normalize_text(text)
        assert 0 < len(text) <= 120


def test_ids_are_unique_snowflakes_of_their_creation_time() -> None:
    seed()
    posts = list(Post.objects.order_by("id").values_list("id", "created", "in_reply_to"))
    created_of = {post_id: created for post_id, created, _ in posts}

    for post_id, created, parent in posts:
        assert post_id >> SEQUENCE_BITS == millisecond_of(created)
        assert created < END
        assert parent is None or parent < post_id
    assert [created for _, created, _ in posts] == sorted(created_of.values())
    assert any(parent for _, _, parent in posts), "some posts are replies"
    for repost_id, post_id, created in Repost.objects.values_list("id", "post", "created"):
        assert repost_id >> SEQUENCE_BITS == millisecond_of(created)
        assert created_of[post_id] <= created < END
        assert repost_id not in created_of
    for post_id, created in Like.objects.values_list("post", "created"):
        assert created_of[post_id] <= created < END


def test_search_finds_seeded_posts_and_posts_written_afterwards() -> None:
    seed()
    longest = max(Post.objects.values_list("text", flat=True), key=len)
    wanted = longest[100:130].strip()

    found = search_page(text=wanted, username=None, request=PageRequest(size=100))
    assert longest in [row.text for row in found.items]
    PostFactory(text="a post written after seeding: zyxwvut")
    found = search_page(text="zyxwvut", username=None, request=PageRequest(size=10))
    assert [row.text for row in found.items] == ["a post written after seeding: zyxwvut"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_the_sqlite_search_index_matches_the_posts_table() -> None:
    seed()
    with connection.cursor() as cursor:
        # Raises if the index holds a row the table lacks, or misses one it has.
        cursor.execute(
            "INSERT INTO posts_post_fts(posts_post_fts, rank) VALUES ('integrity-check', 1)"
        )
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        triggers = [row[0] for row in cursor.fetchall()]
    assert triggers == ["posts_post_fts_delete", "posts_post_fts_insert", "posts_post_fts_update"]


def test_a_few_accounts_have_far_more_followers_than_the_median() -> None:
    seed(users=400, posts=0)
    followers = User.objects.annotate(followers=Count("follower_links"))
    counts = sorted(followers.values_list("followers", flat=True))

    assert counts[-1] > 10 * counts[len(counts) // 2]


def test_seeded_users_log_in_with_the_password_the_help_gives() -> None:
    seed(users=5, posts=0)
    username = User.objects.order_by("id").values_list("username", flat=True).first()

    assert (
        authenticate(RequestFactory().post("/login"), username=username, password=SEED_PASSWORD)
        is not None
    )
    assert f"'{SEED_PASSWORD}'" in Command.help


def test_users_and_hashtags_made_after_seeding_get_fresh_ids() -> None:
    seed(users=20, posts=200)
    hashtags = Hashtag.objects.count()

    user = UserFactory(username="newcomer")
    PostFactory(author=user, text="first post #seedingisover")
    assert user.pk == 21
    assert Hashtag.objects.get(name="seedingisover").pk == hashtags + 1


def test_refuses_a_database_that_already_has_users() -> None:
    UserFactory()

    with pytest.raises(CommandError, match="empty database only"):
        seed(users=5, posts=5)
    assert Post.objects.count() == 0
