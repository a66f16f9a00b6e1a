from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """Something another user did that concerns `recipient`: named them, replied, followed..."""

    class Kind(models.TextChoices):
        MENTION = "mention"
        REPLY = "reply"
        FOLLOW = "follow"
        LIKE = "like"
        REPOST = "repost"

    # The unique constraint and the two indexes below all lead with the recipient.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # None for a follow. A deleted post takes its notifications with it.
    post = models.ForeignKey(
        "posts.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    read = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # One per (recipient, actor, kind, post): like, unlike, like again notifies once, and an
            # edit never names the same user twice. Follows have no post, and NULLs are distinct
            # in a unique index on both databases, so they get a constraint of their own.
            models.UniqueConstraint(
                fields=["recipient", "actor", "kind", "post"],
                condition=models.Q(post__isnull=False),
                name="notifications_one_per_post",
            ),
            models.UniqueConstraint(
                fields=["recipient", "actor", "kind"],
                condition=models.Q(post__isnull=True),
                name="notifications_one_without_post",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="follow", post__isnull=True)
                | (~models.Q(kind="follow") & models.Q(post__isnull=False)),
                name="notifications_post_unless_follow",
            ),
        ]
        indexes = [
            # The notifications page: newest first, one recipient.
            models.Index(fields=["recipient", "-id"], name="notifications_page"),
            # The unread count in every page's navigation: only unread rows, and the actor to
            # hide suspended ones without reading the table.
            models.Index(
                fields=["recipient", "actor"],
                condition=models.Q(read=False),
                name="notifications_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.actor_id} to {self.recipient_id}"


class MentionEmail(models.Model):
    """A mention email sent: one per (post, recipient), never a second (notifications/services)."""

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    sent = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "post"], name="mention_email_once"),
        ]

    def __str__(self) -> str:
        return f"to {self.recipient_id} about {self.post_id}"
