import pytest

from microposts.posts.errors import PostNotFound
from microposts.posts.models import Post
from microposts.posts.selectors import post_thread
from microposts.posts.services import post_delete
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def reply_to(parent: Post, text: str) -> Post:
    return PostFactory(text=text, in_reply_to_id=parent.pk)


def texts(posts: list[Post]) -> list[str]:
    return [post.text for post in posts]


@pytest.fixture
def conversation() -> dict[str, Post]:
    """root ← a ← a1 ← a1x, root ← b, a ← a2; and an unrelated post. Written in this order."""
    root = PostFactory(text="root")
    a = reply_to(root, "a")
    b = reply_to(root, "b")
    a1 = reply_to(a, "a1")
    a2 = reply_to(a, "a2")
    a1x = reply_to(a1, "a1x")
    PostFactory(text="unrelated")
    return {post.text: post for post in [root, a, b, a1, a2, a1x]}


def test_the_thread_of_a_root_post_has_no_ancestors_and_every_reply_in_writing_order(
    conversation: dict[str, Post],
) -> None:
    thread = post_thread(post_id=conversation["root"].pk)

    assert thread.post == conversation["root"]
    assert thread.ancestors == []
    assert texts(thread.replies) == ["a", "b", "a1", "a2", "a1x"]


def test_the_thread_of_a_reply_has_its_ancestors_oldest_first_and_only_its_own_replies(
    conversation: dict[str, Post],
) -> None:
    thread = post_thread(post_id=conversation["a1"].pk)

    assert texts(thread.ancestors) == ["root", "a"]
    assert thread.post == conversation["a1"]
    assert texts(thread.replies) == ["a1x"]


def test_the_thread_of_the_deepest_reply_has_every_ancestor_and_no_replies(
    conversation: dict[str, Post],
) -> None:
    thread = post_thread(post_id=conversation["a1x"].pk)

    assert texts(thread.ancestors) == ["root", "a", "a1"]
    assert thread.replies == []


def test_a_post_outside_any_conversation_is_a_thread_of_one() -> None:
    post = PostFactory()

    thread = post_thread(post_id=post.pk)

    assert (thread.ancestors, thread.post, thread.replies) == ([], post, [])


def test_a_deleted_post_splits_its_thread_in_two(conversation: dict[str, Post]) -> None:
    a = conversation["a"]
    post_delete(post=a, actor=a.author)

    below = post_thread(post_id=conversation["a1"].pk)
    above = post_thread(post_id=conversation["root"].pk)

    assert below.ancestors == []
    assert texts(below.replies) == ["a1x"]
    assert texts(above.replies) == ["b"]


def test_a_long_chain_of_replies_is_followed_all_the_way() -> None:
    chain = [PostFactory(text="0")]
    for depth in range(1, 12):
        chain.append(reply_to(chain[-1], str(depth)))

    from_the_top = post_thread(post_id=chain[0].pk)
    from_the_bottom = post_thread(post_id=chain[-1].pk)

    assert texts(from_the_top.replies) == [str(depth) for depth in range(1, 12)]
    assert texts(from_the_bottom.ancestors) == [str(depth) for depth in range(11)]


def test_the_thread_of_a_post_that_does_not_exist_is_not_found() -> None:
    gone = PostFactory()
    gone_id = gone.pk
    gone.delete()

    with pytest.raises(PostNotFound):
        post_thread(post_id=gone_id)
