"""How Django finds the user of a request."""

from django.contrib.auth.backends import ModelBackend

from microposts.accounts.models import User
from microposts.accounts.selectors import session_user


class AccountBackend(ModelBackend):
    """Django's ModelBackend (log-in by username and password), with the signed-in user of each
    request read by one plain-SQL query (accounts.selectors.session_user) instead of the ORM's."""

    def get_user(self, user_id: int) -> User | None:
        return session_user(user_id=user_id)
