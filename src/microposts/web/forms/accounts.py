"""The account forms. They check the shape of what was typed; the rules live in accounts.services.

A username's rules and a password's strength are checked by `user_create` and `password_change`,
so these forms only say what is required and that the two copies of a new password agree.
"""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.functional import lazy
from django.utils.safestring import SafeString

from microposts.accounts.services import BIO_MAX_LENGTH, DISPLAY_NAME_MAX_LENGTH

USERNAME_HELP = (
    "1 to 30 characters: letters, digits or underscores. Unique regardless of case: "
    "if “Ann” exists, “ann” is taken."
)
PASSWORDS_DIFFER = "The two passwords differ."


def _password_rules() -> SafeString:
    # Django's function is lazy itself, with a plain string for result: the markup it makes is
    # safe, and said so here for Jinja2, which asks the value itself (`__html__`) whether it is.
    return SafeString(password_validators_help_text_html())


# Lazy, so the list follows AUTH_PASSWORD_VALIDATORS as configured when a page is rendered.
PASSWORD_RULES = lazy(_password_rules, SafeString)()


def _new_password(label: str, *, with_rules: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,  # a password is taken exactly as typed
        help_text=PASSWORD_RULES if with_rules else "Type it again.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


def _typed_twice(
    form: forms.Form, cleaned: dict[str, object] | None, first: str, second: str
) -> dict[str, object]:
    """The form's data, with an error on `second` if the two copies of a password differ."""
    data = cleaned or {}
    typed, again = data.get(first), data.get(second)
    if typed and again and typed != again:
        form.add_error(second, PASSWORDS_DIFFER)
    return data


class SignUpForm(forms.Form):
    username = forms.CharField(
        help_text=USERNAME_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password1 = _new_password("Password", with_rules=True)
    password2 = _new_password("Password again", with_rules=False)

    def clean(self) -> dict[str, object]:
        return _typed_twice(self, super().clean(), "password1", "password2")


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        required=False,
        help_text=f"Shown beside your username. Up to {DISPLAY_NAME_MAX_LENGTH} characters.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    bio = forms.CharField(
        required=False,
        help_text=f"A few words about you. Up to {BIO_MAX_LENGTH} characters.",
        # No maxlength attribute: a browser would cut a pasted text silently. The counter says how
        # much is over instead, and the server refuses it with the text kept.
        widget=forms.Textarea(
            attrs={"data-max-length": BIO_MAX_LENGTH, "data-counter": "id_bio_counter", "rows": 4}
        ),
    )
    mention_emails = forms.BooleanField(
        required=False,
        label="Email me when a post mentions me",
        help_text="One email per post that names you; you are told on the site either way.",
    )


class PasswordChangeForm(forms.Form):
    """The fields of Django's PasswordChangeForm; the check and the change are password_change's."""

    old_password = forms.CharField(
        label="Old password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = _new_password("New password", with_rules=True)
    new_password2 = _new_password("New password again", with_rules=False)

    def clean(self) -> dict[str, object]:
        return _typed_twice(self, super().clean(), "new_password1", "new_password2")
