"""Every write to posts, mentions, hashtags, likes and reposts."""

from collections.abc import Sequence
from enum import Enum
from typing import Final

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from microposts.accounts.models import User
from microposts.accounts.selectors import users_by_usernames
from microposts.core.errors import InvalidInput
from microposts.core.text import extract_hashtags, extract_mentions, normalize_text, render_html
from microposts.notifications.models import Notification
from microposts.notifications.services import notification_create, notifications_for_post
from microposts.ops import metrics
from microposts.ops.metrics import count_on_commit
from microposts.posts.errors import (
    EmptyText,
    NotYourPost,
    PostNotFound,
    ReferencedUserNotFound,
    TextTooLong,
)
from microposts.posts.models import Hashtag, Like, Mention, Post, Repost, Tagging
from microposts.timelines.services import timeline_entries_removed, timeline_entry_added


class _Unset(Enum):
    UNSET = "unset"


UNSET: Final = _Unset.UNSET  # "not given", as opposed to None ("given, and empty")


def checked_text(text: str) -> str:
    content = normalize_text(text)
    if not content:
        raise EmptyText
    if "\x00" in content:  # PostgreSQL text cannot hold it; refused on SQLite too, to agree
        raise InvalidInput("Field 'text' must not contain NUL characters")
    limit = settings.MAX_POST_LENGTH
    if len(content) > limit:
        raise TextTooLong(limit)
    return content


def profile_path(username: str) -> str:
    return f"/@{username}"


def tag_path(tag: str) -> str:
    return f"/tags/{tag}"


def _named_users(content: str, referenced: str | None) -> tuple[User | None, list[User]]:
    """The referenced user (which must exist) and every existing user the post names."""
    names = extract_mentions(content)
    wanted = [*names, referenced] if referenced is not None else names
    found = {user.username.lower(): user for user in users_by_usernames(usernames=wanted)}
    referenced_user = None
    if referenced is not None:
        referenced_user = found.get(referenced.lower())
        if referenced_user is None:
            raise ReferencedUserNotFound(referenced)
    return referenced_user, list(found.values())


def _kept_referenced(post: Post, content: str) -> tuple[User | None, list[User]]:
    """The post's referenced user, kept as it is, and every existing user the text names.

    Not looked up again: an edit of the text alone must not fail because the referenced user
    has since been deactivated.
    """
    _, named = _named_users(content, None)
    kept = post.referenced
    if kept is not None and kept.is_active and kept.pk not in {user.pk for user in named}:
        named.append(kept)
    return kept, named


def _link_named_and_tags(post: Post, users: Sequence[User]) -> None:
    Mention.objects.bulk_create([Mention(post=post, user=user) for user in users])
    names = extract_hashtags(post.text)
    if not names:
        return
    Hashtag.objects.bulk_create([Hashtag(name=name) for name in names], ignore_conflicts=True)
    hashtags = Hashtag.objects.filter(name__in=names)
    Tagging.objects.bulk_create([Tagging(post=post, hashtag=hashtag) for hashtag in hashtags])


def _author_id_of(post_id: int | None, *, lock: bool) -> int | None:
    """Who wrote the post replied to, if there is one; with `lock`, locked until commit."""
    if post_id is None:
        return None
    posts = Post.objects.select_for_update() if lock else Post.objects.all()
    return posts.filter(pk=post_id).values_list("author_id", flat=True).first()


def _render(content: str, users: Sequence[User]) -> str:
    return render_html(
        content,
        mentioned=[user.username for user in users],
        profile_url=profile_path,
        tag_url=tag_path,
    )


def post_create(
    *,
    author: User,
    text: str,
    referenced: str | None = None,
    in_reply_to_id: int | None = None,
) -> Post:
    content = checked_text(text)
    referenced_user, named = _named_users(content, referenced)
    with transaction.atomic():
        # Locked until commit, so the parent cannot be deleted between this check and the insert.
        replied_to_id = _author_id_of(in_reply_to_id, lock=True)
        if in_reply_to_id is not None and replied_to_id is None:
            raise PostNotFound
        post = Post.objects.create(
            author=author,
            text=content,
            html=_render(content, named),
            referenced=referenced_user,
            in_reply_to_id=in_reply_to_id,
        )
        _link_named_and_tags(post, named)
        notifications_for_post(post=post, mentioned=named, replied_to_id=replied_to_id)
        timeline_entry_added(key=post.pk, post_id=post.pk, owner_id=author.pk)
        count_on_commit(metrics.POSTS)
    return post


def post_check_change(*, post: Post, actor: User) -> None:
    """NotYourPost unless `actor` may edit or delete `post` (its author). The edit and delete
    services ask it; the website asks it too, before it shows their forms."""
    if post.author_id != actor.pk:
        raise NotYourPost


def post_edit(
    *,
    post: Post,
    editor: User,
    text: str | _Unset = UNSET,
    referenced: str | _Unset | None = UNSET,
) -> Post:
    """Change a post's text and/or referenced user. Its creation time never changes."""
    post_check_change(post=post, actor=editor)
    content = post.text if isinstance(text, _Unset) else checked_text(text)
    if isinstance(referenced, _Unset):
        referenced_user, named = _kept_referenced(post, content)
    else:
        referenced_user, named = _named_users(content, referenced)
    if content == post.text and referenced_user == post.referenced:
        return post  # nothing changed: not marked edited, and no mention is made twice
    with transaction.atomic():
        post.text = content
        post.html = _render(content, named)
        post.referenced = referenced_user
        post.edited = timezone.now()
        post.save(update_fields=["text", "html", "referenced", "edited"])
        Mention.objects.filter(post=post).delete()
        Tagging.objects.filter(post=post).delete()
        _link_named_and_tags(post, named)
        replied_to_id = _author_id_of(post.in_reply_to_id, lock=False)
        notifications_for_post(post=post, mentioned=named, replied_to_id=replied_to_id)
    return post


def post_delete(*, post: Post, actor: User) -> None:
    """Delete a post, its reposts, likes and notifications; out of every home timeline too."""
    post_check_change(post=post, actor=actor)
    with transaction.atomic():
        reposts = Repost.objects.filter(post=post).values_list("id", "user_id")
        entries = [(post.pk, post.pk, post.author_id)]
        entries += [(repost_id, post.pk, user_id) for repost_id, user_id in reposts]
        post.delete()
        timeline_entries_removed(entries=entries)


def like_create(*, user: User, post: Post) -> Like:
    """Like a post. Liking it again changes nothing."""
    with transaction.atomic():
        like, created = Like.objects.get_or_create(user=user, post=post)
        if created:
            notification_create(
                recipient_id=post.author_id, actor=user, kind=Notification.Kind.LIKE, post=post
            )
            count_on_commit(metrics.LIKES)
    return like


def like_delete(*, user: User, post: Post) -> None:
    Like.objects.filter(user=user, post=post).delete()


def repost_create(*, user: User, post: Post) -> Repost:
    """Repost a post to one's followers. Reposting it again changes nothing."""
    with transaction.atomic():
        repost, created = Repost.objects.get_or_create(user=user, post=post)
        if created:
            notification_create(
                recipient_id=post.author_id, actor=user, kind=Notification.Kind.REPOST, post=post
            )
            timeline_entry_added(key=repost.pk, post_id=post.pk, owner_id=user.pk)
    return repost


def repost_delete(*, user: User, post: Post) -> None:
    with transaction.atomic():
        reposts = list(Repost.objects.filter(user=user, post=post).values_list("id", flat=True))
        Repost.objects.filter(pk__in=reposts).delete()
        timeline_entries_removed(entries=[(key, post.pk, user.pk) for key in reposts])
