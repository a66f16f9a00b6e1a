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
from django.utils import timezone

from microposts.accounts.errors import (
    InvalidCredentials,
    InvalidPassword,
    InvalidUsername,
    NotFollowing,
    SelfDeactivation,
    SelfFollow,
    UsernameTaken,
)
from microposts.accounts.models import ApiToken, Follow, User
from microposts.accounts.selectors import could_be_username, username_exists


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
    except IntegrityError:  # taken between the check and the insert
        raise UsernameTaken(username) from None
    return user


def follow_create(*, follower: User, followed: User) -> tuple[Follow, bool]:
    """Follow `followed`. Following again is not an error: the existing link is returned."""
    if follower.pk == followed.pk:
        raise SelfFollow
    with transaction.atomic():
        return Follow.objects.get_or_create(follower=follower, followed=followed)


def follow_delete(*, follower: User, followed: User) -> None:
    deleted, _ = Follow.objects.filter(follower=follower, followed=followed).delete()
    if not deleted:
        raise NotFollowing(followed.username)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    expires_in: int


def token_issue(*, username: str, password: str) -> IssuedToken:
    # A name no account can have is not looked up: PostgreSQL refuses text holding a NUL.
    valid = could_be_username(username)
    user = authenticate(username=username, password=password) if valid else None
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
