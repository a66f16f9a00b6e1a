from django.conf import settings
from django.db import models
from django.utils import timezone

from microposts.core.fields import SnowflakeField
from microposts.core.ids import snowflake_now


class Post(models.Model):
    id = SnowflakeField(primary_key=True, default=snowflake_now, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    text = models.TextField()
    # Made at write time from `text` (escaped, then linked), so reads never render.
    html = models.TextField()
    # The book's `referenced` user: the one named explicitly when posting through the API.
    referenced = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A reply outlives a deleted parent, as in other microblogs; it just stops pointing to it.
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    edited = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="posts_post_text_not_empty"),
        ]
        indexes = [models.Index(fields=["author", "id"], name="posts_post_author_id")]

    def __str__(self) -> str:
        return f"{self.pk} by {self.author_id}"


class Mention(models.Model):
    """A user named in a post: the `referenced` user and every @username that exists."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="posts_mention_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.post_id}"


class Hashtag(models.Model):
    name = models.CharField(max_length=100, unique=True)  # lower case, without the '#'
    created = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"#{self.name}"


class Tagging(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="taggings")
    hashtag = models.ForeignKey(
        Hashtag, on_delete=models.CASCADE, related_name="taggings", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hashtag", "post"], name="posts_tagging_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.hashtag_id}"


class Like(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes", db_index=False
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="posts_like_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.post_id}"


class Repost(models.Model):
    # A snowflake, like posts: a repost takes its place in timelines by the time it was made.
    id = SnowflakeField(primary_key=True, default=snowflake_now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reposts", db_index=False
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reposts")
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="posts_repost_unique"),
        ]
        indexes = [models.Index(fields=["user", "id"], name="posts_repost_user_id")]

    def __str__(self) -> str:
        return f"{self.user_id} reposts {self.post_id}"
