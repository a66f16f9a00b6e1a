"""Every write to accounts, follows and API tokens."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from microposts.accounts.errors import (
    InvalidCredentials,
    InvalidPassword,
    InvalidProfileField,
    InvalidUsername,
    NotFollowing,
    SelfDeactivation,
    SelfFollow,
    UsernameTaken,
    WrongPassword,
)
from microposts.accounts.models import ApiToken, Follow, User
from microposts.accounts.selectors import could_be_username, username_exists
from microposts.core.text import normalize_text
from microposts.notifications.models import Notification
from microposts.notifications.services import notification_create
from microposts.ops import metrics
from microposts.ops.metrics import count_on_commit
from microposts.timelines.services import timeline_follow_added, timeline_follow_removed


def user_create(
    *,
    username: str,
    password: str,
    email: str = "",
    display_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    if not could_be_username(username):
        raise InvalidUsername("A username has 1 to 30 characters: letters, digits or underscores")
    if username_exists(username=username):
        raise UsernameTaken(username)
    user = User(
        username=username,
        email=email,
        display_name=display_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidPassword(" ".join(error.messages)) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            count_on_commit(metrics.SIGNUPS)
    except IntegrityError:  # taken between the check and the insert
        raise UsernameTaken(username) from None
    return user


def follow_create(*, follower: User, followed: User) -> tuple[Follow, bool]:
    """Follow `followed`. Following again is not an error: the existing link is returned."""
    if follower.pk == followed.pk:
        raise SelfFollow
    with transaction.atomic():
        follow, created = Follow.objects.get_or_create(follower=follower, followed=followed)
        if created:
            notification_create(
                recipient_id=followed.pk, actor=follower, kind=Notification.Kind.FOLLOW, post=None
            )
            timeline_follow_added(follower_id=follower.pk)
            count_on_commit(metrics.FOLLOWS)
    return follow, created


def follow_delete(*, follower: User, followed: User) -> None:
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(follower=follower, followed=followed).delete()
        if not deleted:
            raise NotFollowing(followed.username)
        timeline_follow_removed(follower_id=follower.pk, followed_id=followed.pk)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    expires_in: int


def token_issue(*, username: str, password: str, request: HttpRequest) -> IssuedToken:
    """A new bearer token for a correct username and password.

    `request` is the login being served: django-axes counts failed logins by its address and
    refuses a locked-out username, like the website's login form does.
    """
    # A name no account can have is not looked up: PostgreSQL refuses text holding a NUL.
    valid = could_be_username(username)
    user = authenticate(request, username=username, password=password) if valid else None
    if user is None:  # wrong password, unknown or deactivated user: the same answer for all three
        raise InvalidCredentials
    lifetime = settings.API_TOKEN_LIFETIME_SECONDS
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.filter(user=user, expires__lte=now).delete()
        ApiToken.objects.create(
            user=user, key_hash=ApiToken.hash_of(token), expires=now + timedelta(seconds=lifetime)
        )
    return IssuedToken(access_token=token, expires_in=lifetime)


def token_revoke(*, token: str) -> None:
    ApiToken.objects.filter(key_hash=ApiToken.hash_of(token)).delete()


def users_deactivate(*, users: "QuerySet[User]", actor: User) -> int:
    """Suspend these users: they are logged out of the API and vanish from every list.

    Returns how many were deactivated. The actor's own account, if among them, is left alone
    (raises SelfDeactivation when it is the only one), so a moderator cannot lock themselves out.
    """
    others = users.exclude(pk=actor.pk)
    if not others.exists() and users.filter(pk=actor.pk).exists():
        raise SelfDeactivation
    with transaction.atomic():
        ApiToken.objects.filter(user__in=others).delete()
        return others.update(is_active=False)


def users_reactivate(*, users: "QuerySet[User]") -> int:
    return users.update(is_active=True)


def _max_length(field_name: str) -> int:
    # The model's max_length is the one limit: the database column and the forms agree with it.
    field = User._meta.get_field(field_name)  # noqa: SLF001 - the documented way to read a field
    limit = getattr(field, "max_length", None)
    if not isinstance(limit, int):
        raise TypeError(f"User.{field_name} has no max_length")
    return limit


DISPLAY_NAME_MAX_LENGTH = _max_length("display_name")
BIO_MAX_LENGTH = _max_length("bio")


def _profile_text(field: str, label: str, value: str, limit: int) -> str:
    # Normalised as posts are, so the length counted here is the one the page's counter shows.
    text = normalize_text(value)
    if "\x00" in text:  # PostgreSQL text cannot hold it; refused on SQLite too, to agree
        raise InvalidProfileField(field, f"{label} must not contain NUL characters.")
    if len(text) > limit:
        raise InvalidProfileField(
            field, f"{label} has {len(text)} characters; at most {limit} are allowed."
        )
    return text


def profile_update(
    *, user: User, display_name: str, bio: str, mention_emails: bool | None = None
) -> User:
    """Set the name shown beside the username and the bio (both may be empty), and whether
    posts naming the user send them an email (unchanged when None)."""
    name = _profile_text("display_name", "Display name", display_name, DISPLAY_NAME_MAX_LENGTH)
    about = _profile_text("bio", "Bio", bio, BIO_MAX_LENGTH)
    user.display_name, user.bio = name, about
    changed = ["display_name", "bio"]
    if mention_emails is not None:
        user.mention_emails = mention_emails
        changed.append("mention_emails")
    user.save(update_fields=changed)
    return user


def password_change(
    *, user: User, old_password: str, new_password: str, request: HttpRequest
) -> None:
    """Replace the password after checking the old one. Other sessions of the user end, as the
    session hash changes; the caller keeps its own session with update_session_auth_hash.

    The old password is checked as a login is, so django-axes counts wrong guesses here too: a
    stolen session cannot be used to guess the password (`request` as for `token_issue`).
    """
    checked = authenticate(request, username=user.username, password=old_password)
    if checked is None or checked.pk != user.pk:
        raise WrongPassword
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise InvalidPassword(" ".join(error.messages)) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
