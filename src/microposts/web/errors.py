"""The website's answer to refused requests: pages in the site's style that leak nothing.

Views let ApplicationError escape unless they show it on a form (a refused post keeps its text);
the middleware maps the four kinds to their pages once, for every view of the site.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from microposts.core.errors import ApplicationError, Forbidden, InvalidInput, NotAuthenticated


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "web/error.html", {"status": status, "message": message}, status=status)


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, error: Exception) -> HttpResponse | None:
        if not isinstance(error, ApplicationError) or request.path.startswith("/api/"):
            return None  # the API maps errors itself (api/errors.py)
        if isinstance(error, NotAuthenticated):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return error_page(request, _status_of(error), error.message)


def _status_of(error: ApplicationError) -> int:
    if isinstance(error, InvalidInput):
        return 400
    return 403 if isinstance(error, Forbidden) else 404


def locked_out(request: HttpRequest, credentials: object = None, **_: object) -> HttpResponse:
    """django-axes: too many wrong passwords for this username from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = (
        "Too many failed log-in attempts for this account from your address. "
        f"Wait {minutes} minutes and try again."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message}, status=429)
    if request.path == reverse("web:login"):
        return render(request, "web/login.html", {"locked_message": message}, status=429)
    return error_page(request, 429, message)  # the old password of a password change


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, "There is nothing at this address.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, "You may not do that.")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400, "The request could not be understood.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token, or with a stale one (CSRF_FAILURE_VIEW)."""
    return error_page(
        request,
        403,
        "This form has expired or did not come from this site. "
        "Go back, reload the page and send it again.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever failed (the database, say) may fail again in them.
    return HttpResponse(loader.get_template("web/500.html").render(), status=500)
