"""The shapes of the book's resources (BOOK.md §2), for validation and the OpenAPI document."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ModelWrapValidatorHandler, model_validator


class Message(Schema):
    message: str = Field(examples=["Field 'text' is too long: at most 500 characters"])


class BodyIn(Schema):
    """A request body. Ninja's Schema reads fields as attributes of any value, so a JSON array
    or string would be reported as missing fields; refuse it as what it is instead."""

    @model_validator(mode="wrap")
    @classmethod
    def _is_an_object(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if not isinstance(data, dict):
            raise ValueError("The request body must be a JSON object")  # noqa: TRY004 - pydantic wants ValueError
        return handler(data)


class TokenIn(BodyIn):
    grant_type: str = Field(examples=["client_credentials"])
    client_id: str = Field(description="The username")
    client_secret: str = Field(description="The password")


class TokenOut(Schema):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = 86_400


class UserOut(Schema):
    username: str
    collection: str = Field(description="URL of the user's microposts")


class MicropostIn(BodyIn):
    text: str
    referenced: str | None = Field(None, description="Username of a user the micropost refers to")


class MicropostPatch(BodyIn):
    text: str | None = None
    referenced: str | None = None


class MicropostOut(Schema):
    id: str = Field(description="A 64-bit snowflake, as a string so JavaScript keeps every digit")
    href: str
    user: str = Field(description="Username of the author")
    text: str
    timestamp: datetime = Field(description="Creation time, ISO 8601; editing never moves it")
    referenced: str | None


class FollowIn(BodyIn):
    username: str


class Envelope(Schema):
    next: str | None
    previous: str | None


class MicropostList(Envelope):
    result: list[MicropostOut]


class UserList(Envelope):
    result: list[UserOut]
