"""Endpoints 1 and 2: log in for a bearer token (OAuth 2 client credentials), log out."""

import orjson
from django.http import HttpRequest, HttpResponse
from ninja import Router
from pydantic import ValidationError as PydanticValidationError

from microposts.accounts.services import token_issue, token_revoke
from microposts.api.errors import describe_validation
from microposts.api.pagination import json_response
from microposts.api.schemas import Message, TokenIn, TokenOut
from microposts.core.errors import InvalidInput

router = Router(tags=["tokens"])

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            media: {"schema": {"$ref": "#/components/schemas/TokenIn"}}
            for media in ("application/x-www-form-urlencoded", "application/json")
        },
    }
}


def _token_request(request: HttpRequest) -> TokenIn:
    """OAuth 2 sends the token request as a form; JSON is accepted as well."""
    if request.content_type in _FORM_TYPES:
        data: object = request.POST.dict()
    else:
        try:
            data = orjson.loads(request.body or b"{}")
        except orjson.JSONDecodeError:
            raise InvalidInput("The request body is not valid JSON") from None
    try:
        return TokenIn.model_validate(data)
    except PydanticValidationError as error:
        errors = [{**e, "loc": ("body", "payload", *e["loc"])} for e in error.errors()]
        raise InvalidInput(describe_validation(errors)) from None


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 400: Message},
    openapi_extra=_BODY_DOC,
    summary="Log in: exchange username and password for a bearer token",
)
def issue_token(request: HttpRequest) -> HttpResponse:
    body = _token_request(request)
    if body.grant_type != "client_credentials":
        raise InvalidInput("Parameter 'grant_type' must be 'client_credentials'")
    issued = token_issue(username=body.client_id, password=body.client_secret, request=request)
    response = json_response(
        {
            "access_token": issued.access_token,
            "token_type": "bearer",
            "expires_in": issued.expires_in,
        }
    )
    response["Cache-Control"] = "no-store"  # RFC 6749 §5.1: token responses are never cached
    return response


@router.delete("/token", response={204: None, 401: Message}, summary="Log out: revoke this token")
def revoke_token(request: HttpRequest) -> HttpResponse:
    token_revoke(token=request.api_token)  # type: ignore[attr-defined]
    return HttpResponse(status=204)
