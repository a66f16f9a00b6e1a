import pytest

from microposts.accounts.errors import SelfDeactivation
from microposts.accounts.models import ApiToken, User
from microposts.accounts.selectors import user_for_token
from microposts.accounts.services import users_deactivate, users_reactivate
from tests.factories import UserFactory, token_for

pytestmark = pytest.mark.django_db


def test_deactivating_users_logs_them_out_and_leaves_others_alone() -> None:
    moderator, spammer, bystander = UserFactory(), UserFactory(), UserFactory()
    spam_token, bystander_token = token_for(spammer), token_for(bystander)
    count = users_deactivate(users=User.objects.filter(pk=spammer.pk), actor=moderator)
    assert count == 1
    assert list(User.objects.filter(is_active=False)) == [spammer]
    assert user_for_token(token=spam_token) is None
    assert user_for_token(token=bystander_token) == bystander
    assert not ApiToken.objects.filter(user=spammer).exists()


def test_the_actor_among_those_selected_is_skipped() -> None:
    moderator, spammer = UserFactory(), UserFactory()
    moderator_token = token_for(moderator)
    both = User.objects.filter(pk__in=[moderator.pk, spammer.pk])
    assert users_deactivate(users=both, actor=moderator) == 1
    moderator.refresh_from_db()
    assert moderator.is_active is True
    assert user_for_token(token=moderator_token) == moderator


def test_deactivating_only_oneself_is_refused() -> None:
    moderator = UserFactory()
    with pytest.raises(SelfDeactivation):
        users_deactivate(users=User.objects.filter(pk=moderator.pk), actor=moderator)
    moderator.refresh_from_db()
    assert moderator.is_active is True


def test_reactivating_restores_the_account_but_not_old_tokens() -> None:
    spammer = UserFactory()
    token = token_for(spammer)
    users_deactivate(users=User.objects.filter(pk=spammer.pk), actor=UserFactory())
    assert users_reactivate(users=User.objects.filter(pk=spammer.pk)) == 1
    spammer.refresh_from_db()
    assert spammer.is_active is True
    assert user_for_token(token=token) is None  # revoked for good, not merely suspended
