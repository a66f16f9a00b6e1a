from django.http import HttpRequest
from ninja.security import HttpBearer

from microposts.accounts.models import User
from microposts.accounts.selectors import user_for_token


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; the user it belongs to becomes `request.auth`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token=token)
        if user is not None:
            request.api_token = token  # type: ignore[attr-defined]  # DELETE /api/token revokes it
        return user


def caller(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    return user
