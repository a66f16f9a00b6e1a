"""Mention emails (book ch. 1): a post that names a user emails them, once per post."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from microposts.accounts.models import User
from microposts.notifications.models import MentionEmail
from microposts.ops import metrics
from microposts.posts.errors import PostNotFound
from microposts.posts.models import Post
from microposts.posts.selectors import post_get, post_mentioned
from microposts.posts.services import profile_path

logger = logging.getLogger("microposts.notifications")


def mention_emails_send(*, post_id: int) -> int:
    """Email every user `post_id` names who has not had its email yet, wants mention emails and
    has an address; how many were sent.

    Safe to run again (the task manager may deliver its job twice): a recipient already recorded
    is skipped. The record is made after the email is handed to the mail server, so a worker
    killed between the two sends that one email again when the job is retried, rather than
    never; no lock is held while the mail server answers.
    """
    try:
        post = post_get(post_id=post_id)
    except PostNotFound:
        return 0  # deleted, or its author suspended, since it was written: nothing to tell
    already = set(
        MentionEmail.objects.filter(post_id=post_id).values_list("recipient_id", flat=True)
    )
    sent = 0
    for user in post_mentioned(post_id=post_id):
        if user.pk in already or user.pk == post.author_id or not user.mention_emails:
            continue
        if not user.email:
            continue
        _send(post, user)
        MentionEmail.objects.bulk_create(
            [MentionEmail(post_id=post_id, recipient=user)], ignore_conflicts=True
        )
        sent += 1
        if settings.METRICS_ENABLED:
            metrics.MENTION_EMAILS.inc()
    return sent


def _send(post: Post, user: User) -> None:
    author = post.author
    link = f"{settings.SITE_URL}{profile_path(author.username)}/{post.pk}"
    body = (
        f"{author.name} (@{author.username}) mentioned you on MicroPosts:\n\n"
        f"{post.text}\n\n{link}\n\n"
        f"You get this email because a post names you. To stop these emails, turn them off in "
        f"your profile settings: {settings.SITE_URL}/settings/profile\n"
    )
    send_mail(
        subject=f"@{author.username} mentioned you",
        message=body,
        from_email=None,  # DEFAULT_FROM_EMAIL
        recipient_list=[user.email],
    )
    logger.info("mention email sent for post %s to user %s", post.pk, user.pk)
