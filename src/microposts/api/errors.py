"""The API's one mapping from errors to responses: a JSON body `{"message": ...}` and a status."""

import logging
from typing import Any

from django.conf import settings
from django.db.utils import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from microposts.core.errors import (
    ApplicationError,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
)

logger = logging.getLogger("microposts.api")
STATUS_OF = {InvalidInput: 400, NotAuthenticated: 401, Forbidden: 403, NotFound: 404}
NOT_AUTHENTICATED = (
    "Authentication required: send 'Authorization: Bearer <token>' with a valid token"
)


def _phrase(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    limit = error.get("ctx", {}).get("ge", error.get("ctx", {}).get("le"))
    phrases = {
        "missing": "is required",
        "int_parsing": "must be a whole number",
        "int_type": "must be a whole number",
        "string_type": "must be a string",
        "greater_than_equal": f"must be at least {limit}",
        "less_than_equal": f"must be at most {limit}",
    }
    return phrases.get(kind, f"is not valid: {error.get('msg', '')}".rstrip(": "))


def describe_validation(errors: list[dict[str, Any]]) -> str:
    """One sentence a person can act on, from the first pydantic error."""
    if not errors:
        return "The request is not valid"
    error = errors[0]
    location = [str(part) for part in error.get("loc", ())]
    kind = {"query": "Parameter", "path": "Parameter"}.get(location[0] if location else "", "Field")
    # ("body", "payload", "text"): the first two name the schema, not the field a client sent.
    names = location[2:] if location[:1] == ["body"] else location[1:]
    if error.get("type") in {"model_attributes_type", "dict_type", "model_type"} or not names:
        return "The request body must be a JSON object with the fields this endpoint documents"
    return f"{kind} '{'.'.join(names)}' {_phrase(error)}"


def _respond(api: NinjaAPI, request: HttpRequest, message: str, status: int) -> HttpResponse:
    response = api.create_response(request, {"message": message}, status=status)
    if status == 401:  # noqa: PLR2004 - RFC 6750 asks a 401 to name the scheme
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def install(api: NinjaAPI) -> None:
    _install_client_errors(api)
    _install_server_errors(api)


def _install_client_errors(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
        status = next((code for kind, code in STATUS_OF.items() if isinstance(error, kind)), 400)
        return _respond(api, request, error.message, status)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        return _respond(api, request, describe_validation(error.errors), 400)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        return _respond(api, request, NOT_AUTHENTICATED, 401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        message = error.message
        if message == "Cannot parse request body":  # Ninja's words for malformed JSON
            message = "The request body is not valid JSON"
        return _respond(api, request, message, error.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return _respond(api, request, "Not found", 404)


def _install_server_errors(api: NinjaAPI) -> None:
    @api.exception_handler(OperationalError)
    def database_unavailable(request: HttpRequest, error: OperationalError) -> HttpResponse:
        # Lost connection, locked database, failover: worth retrying, so 503 rather than 500.
        logger.error("database unavailable: %s %s", request.method, request.path, exc_info=error)
        message = "The service is briefly unavailable; try again shortly"
        response = _respond(api, request, message, 503)
        response["Retry-After"] = "5"
        return response

    @api.exception_handler(Exception)
    def server_fault(request: HttpRequest, error: Exception) -> HttpResponse:
        if settings.DEBUG:  # Django's debug page, with its traceback, is what a developer wants
            raise error
        logger.error("unhandled error: %s %s", request.method, request.path, exc_info=error)
        return _respond(api, request, "Something went wrong on our side", 500)
