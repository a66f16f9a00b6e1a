"""The form for writing and editing a post. The rules (length, referenced user) live in the post
service; the form only carries what was typed and shows the service's refusal beside its field."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings

from microposts.core.errors import InvalidInput
from microposts.posts.errors import ReferencedUserNotFound
from microposts.posts.models import Post


class PostForm(forms.Form):
    # Not required and not stripped here: the service decides what counts as empty, and a refused
    # post must come back exactly as typed.
    text = forms.CharField(required=False, strip=False)
    referenced = forms.CharField(required=False)

    @classmethod
    def of_post(cls, post: Post, data: Mapping[str, Any] | None = None) -> "PostForm":
        """The edit form of `post`; `changed_data` then tells what the author changed."""
        referenced = post.referenced.username if post.referenced else ""
        return cls(data, initial={"text": post.text, "referenced": referenced})

    @property
    def max_length(self) -> int:
        # Read per use, as settings are (the live counter shows the limit the service applies).
        return int(settings.MAX_POST_LENGTH)

    @property
    def referenced_name(self) -> str | None:
        return self.cleaned_data["referenced"].strip().removeprefix("@") or None

    def show_refusal(self, error: InvalidInput) -> None:
        """Put the service's reason next to the field it is about."""
        field = "referenced" if isinstance(error, ReferencedUserNotFound) else "text"
        self.add_error(field, error.message)
