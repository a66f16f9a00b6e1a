"""Sign up, log in, log out, edit profile, change password.

A refused form is shown again with status 400: its messages beside the fields, what was typed kept
(never a password). The rules are the services'; a refusal they raise goes on the field it is about.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.http import require_http_methods, require_POST

from microposts.accounts.errors import (
    InvalidPassword,
    InvalidProfileField,
    InvalidUsername,
    UsernameTaken,
    WrongPassword,
)
from microposts.accounts.services import password_change, profile_update, user_create
from microposts.core.errors import InvalidInput
from microposts.web.forms.accounts import PasswordChangeForm, ProfileForm, SignUpForm
from microposts.web.viewing import safe_next, signed_in

# A new account is not authenticated through a backend; login() must be told which one vouches,
# and it must be one in AUTHENTICATION_BACKENDS, or the session is nobody's on the next request.
_ACCOUNT_BACKEND = "microposts.accounts.backends.AccountBackend"
_SIGN_UP_FIELD_OF = {
    InvalidUsername: "username",
    UsernameTaken: "username",
    InvalidPassword: "password1",
}
_PASSWORD_FIELD_OF = {WrongPassword: "old_password", InvalidPassword: "new_password1"}


def _form_page(
    request: HttpRequest, template: str, form: forms.Form, **context: object
) -> HttpResponse:
    # 400 for a refused submission, so a refusal is not mistaken for success by tools and tests.
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def _submitted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(_submitted(request))
    if form.is_valid():
        try:
            user = user_create(
                username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
            )
        except InvalidInput as error:
            form.add_error(_SIGN_UP_FIELD_OF.get(type(error)), error.message)
        else:
            login(request, user, backend=_ACCOUNT_BACKEND)
            messages.success(request, f"Welcome to MicroPosts, @{user.username}.")
            return redirect("web:home")
    return _form_page(request, "web/signup.html", form)


@require_http_methods(["GET", "POST"])
def log_in(request: HttpRequest) -> HttpResponse:
    # AuthenticationForm passes the request to authenticate(): django-axes counts failures by it,
    # and its middleware answers a locked-out attempt with web.errors.locked_out instead.
    form = AuthenticationForm(request, data=_submitted(request))
    next_url = safe_next(request) or ""
    if form.is_valid():
        login(request, form.get_user())
        return redirect(next_url or resolve_url("web:home"))
    return _form_page(request, "web/login.html", form, next=next_url)


@require_POST
def log_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have logged out.")
    return redirect("web:front")


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    initial = {
        "display_name": user.display_name,
        "bio": user.bio,
        "mention_emails": user.mention_emails,
    }
    form = ProfileForm(_submitted(request), initial=initial)
    if form.is_valid():
        try:
            profile_update(
                user=user,
                display_name=form.cleaned_data["display_name"],
                bio=form.cleaned_data["bio"],
                mention_emails=form.cleaned_data["mention_emails"],
            )
        except InvalidProfileField as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Profile saved.")
            return redirect("web:profile_edit")
    return _form_page(request, "web/profile_edit.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = PasswordChangeForm(_submitted(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            password_change(
                user=user,
                old_password=data["old_password"],
                new_password=data["new_password1"],
                request=request,
            )
        except InvalidInput as error:
            form.add_error(_PASSWORD_FIELD_OF.get(type(error)), error.message)
        else:
            update_session_auth_hash(request, user)  # this session stays signed in; others end
            messages.success(request, "Password changed.")
            return redirect("web:password_change")
    return _form_page(request, "web/password_change.html", form)
