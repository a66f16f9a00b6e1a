import hashlib
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from microposts.core.text import USERNAME_PATTERN

username_validator = RegexValidator(
    rf"\A{USERNAME_PATTERN}\Z",
    "A username has 1 to 30 characters: letters, digits or underscores.",
)


class CaseInsensitiveUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> "User":
        # Log-in finds "Ann" when she signed up as "ann": usernames are unique regardless of case.
        return self.annotate(username_lower=Lower("username")).get(
            username_lower=(username or "").lower()
        )


class User(AbstractUser):
    username = models.CharField(
        max_length=30,
        unique=True,
        validators=[username_validator],
        help_text="1 to 30 letters, digits or underscores.",
        error_messages={"unique": "That username is taken."},
    )
    first_name = None  # type: ignore[assignment]  # display_name replaces the two name fields
    last_name = None  # type: ignore[assignment]
    display_name = models.CharField(max_length=50, blank=True)
    bio = models.TextField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)
    # An email for each post that names them (notifications/services.py), unless turned off.
    mention_emails = models.BooleanField(default=True)

    objects: ClassVar[CaseInsensitiveUserManager] = CaseInsensitiveUserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def name(self) -> str:
        return self.display_name or self.username


class Follow(models.Model):
    # The composite indexes below serve every query; the per-column FK indexes would be redundant.
    follower = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="following_links", db_index=False
    )
    followed = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="follower_links", db_index=False
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="accounts_follow_unique"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followed")),
                name="accounts_follow_not_self",
            ),
        ]
        indexes = [
            models.Index(fields=["followed", "id"], name="accounts_follow_followers"),
            models.Index(fields=["follower", "id"], name="accounts_follow_following"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followed_id}"


class ApiToken(models.Model):
    """A bearer token of the API. Only the SHA-256 of the token is stored, never the token."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now, editable=False)
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"token of {self.user_id} until {self.expires:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_of(token: str) -> str:
        # A token carries 256 random bits, so a fast hash suffices: nothing can be guessed from it.
        return hashlib.sha256(token.encode()).hexdigest()
