import pytest

from microposts.accounts.models import Follow
from microposts.posts.errors import NotYourPost
from microposts.posts.models import Hashtag, Like, Mention, Post, Repost, Tagging
from microposts.posts.services import post_delete
from tests.factories import FollowFactory, LikeFactory, PostFactory, RepostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_the_author_may_delete_a_post() -> None:
    post = PostFactory()

    with pytest.raises(NotYourPost):
        post_delete(post=post, actor=UserFactory())

    assert Post.objects.filter(pk=post.pk).exists()


def test_deleting_a_post_removes_its_mentions_taggings_likes_and_reposts() -> None:
    UserFactory(username="bob")
    post = PostFactory(text="@bob #tag")
    LikeFactory(post=post)
    RepostFactory(post=post)

    post_delete(post=post, actor=post.author)

    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Mention.objects.exists()
    assert not Tagging.objects.exists()
    assert not Like.objects.exists()
    assert not Repost.objects.exists()
    assert Hashtag.objects.filter(name="tag").exists()


def test_deleting_a_post_leaves_other_posts_and_their_links_alone() -> None:
    UserFactory(username="bob")
    post = PostFactory(text="@bob #tag")
    same_author = PostFactory(author=post.author, text="@bob #tag again")
    someone_else = PostFactory(text="@bob #tag too")
    like = LikeFactory(post=someone_else)
    repost = RepostFactory(post=same_author)

    post_delete(post=post, actor=post.author)

    assert set(Post.objects.values_list("pk", flat=True)) == {same_author.pk, someone_else.pk}
    assert set(Mention.objects.values_list("post", flat=True)) == {same_author.pk, someone_else.pk}
    assert set(Tagging.objects.values_list("post", flat=True)) == {same_author.pk, someone_else.pk}
    assert list(Like.objects.all()) == [like]
    assert list(Repost.objects.all()) == [repost]


def test_deleting_a_post_keeps_its_replies_which_then_reply_to_nothing() -> None:
    parent = PostFactory()
    reply = PostFactory(in_reply_to_id=parent.pk)
    reply_to_reply = PostFactory(in_reply_to_id=reply.pk)

    post_delete(post=parent, actor=parent.author)

    assert Post.objects.get(pk=reply.pk).in_reply_to is None
    assert Post.objects.get(pk=reply_to_reply.pk).in_reply_to_id == reply.pk


def test_deleting_a_user_removes_their_posts_follows_likes_and_reposts() -> None:
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    anns_post, bobs_post = PostFactory(author=ann), PostFactory(author=bob)
    FollowFactory(follower=ann, followed=bob)
    FollowFactory(follower=bob, followed=ann)
    LikeFactory(user=ann, post=bobs_post)
    RepostFactory(user=ann, post=bobs_post)
    LikeFactory(user=bob, post=anns_post)
    RepostFactory(user=bob, post=anns_post)

    ann.delete()

    assert list(Post.objects.all()) == [bobs_post]
    assert not Follow.objects.exists()
    assert not Like.objects.exists()
    assert not Repost.objects.exists()


def test_deleting_a_user_keeps_posts_that_named_them_without_the_reference() -> None:
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    post = PostFactory(author=bob, text="hi @ann", referenced="ann")

    ann.delete()

    stored = Post.objects.get(pk=post.pk)
    assert stored.referenced is None
    assert stored.text == "hi @ann"
    assert not Mention.objects.exists()


def test_deleting_a_user_keeps_replies_others_made_to_their_posts() -> None:
    ann = UserFactory()
    parent = PostFactory(author=ann)
    reply = PostFactory(in_reply_to_id=parent.pk)

    ann.delete()

    assert Post.objects.get(pk=reply.pk).in_reply_to is None
