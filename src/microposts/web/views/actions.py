"""What a signed-in person does: read their home timeline, write, edit and delete posts, like,
repost and follow. Every change is a POST; the rules are the services' (they raise, the error
middleware answers), so these views only parse, delegate and render."""

import re
from collections.abc import Callable
from typing import Any, Protocol

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from microposts.accounts.models import User
from microposts.accounts.selectors import user_by_username
from microposts.accounts.services import follow_create, follow_delete
from microposts.core.errors import InvalidInput
from microposts.posts.errors import PostNotFound
from microposts.posts.models import Post
from microposts.posts.selectors import (
    LARGEST_POST_ID,
    PostCard,
    post_at,
    post_get,
)
from microposts.posts.services import (
    UNSET,
    like_create,
    like_delete,
    post_check_change,
    post_create,
    post_delete,
    post_edit,
    repost_create,
    repost_delete,
)
from microposts.timelines.selectors import home_timeline_page
from microposts.web.cards import CardRenderer
from microposts.web.forms.posts import PostForm
from microposts.web.pagination import page_request
from microposts.web.rendering import feed_response, status_update
from microposts.web.viewing import from_htmx, marks_for, safe_next, signed_in

POST_ID = re.compile(r"[0-9]{1,19}")  # as typed in ?reply_to=; a 64-bit id has at most 19 digits


class _PostMark(Protocol):
    def __call__(self, *, user: User, post: Post) -> object: ...


def _post_url(post: Post) -> str:
    return reverse("web:post", args=[post.author.username, post.pk])


@require_safe
@login_required
def home_timeline(request: HttpRequest) -> HttpResponse:
    viewer = signed_in(request)
    page = home_timeline_page(user=viewer, request=page_request(request))
    context = {
        "form": PostForm(),
        "nav_active": "home",
        "empty_message": "Nothing here yet. Follow people to see their posts here.",
    }
    return feed_response(request, "web/home.html", page, context)


def _reply_parent(request: HttpRequest) -> Post | None:
    """The post named by ?reply_to= (kept in the form's address, so a POST sees it too)."""
    raw = request.GET.get("reply_to")
    if raw is None:
        return None
    if not POST_ID.fullmatch(raw) or int(raw) > LARGEST_POST_ID:
        raise PostNotFound
    return post_get(post_id=int(raw))


def _form_page(
    request: HttpRequest, template: str, form: PostForm, context: dict[str, Any]
) -> HttpResponse:
    # A bound form shown again was refused: 400, with the typed text and the reason.
    status = 400 if form.is_bound else 200
    return render(request, template, {**context, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def compose(request: HttpRequest) -> HttpResponse:
    viewer = signed_in(request)
    parent = _reply_parent(request)
    form = PostForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            post = post_create(
                author=viewer,
                text=form.cleaned_data["text"],
                referenced=form.referenced_name,
                in_reply_to_id=parent.pk if parent else None,
            )
        except InvalidInput as error:
            form.show_refusal(error)
        else:
            messages.success(request, "Posted.")
            return redirect(_post_url(post))
    marks = marks_for(request, [parent] if parent else [])
    return _form_page(request, "web/compose.html", form, {"reply_to": parent, "marks": marks})


@require_http_methods(["GET", "POST"])
@login_required
def edit_post(request: HttpRequest, username: str, post_id: int) -> HttpResponse:
    viewer = signed_in(request)
    post = post_at(username=username, post_id=post_id)
    if request.method == "GET":
        post_check_change(post=post, actor=viewer)
    form = PostForm.of_post(post, request.POST if request.method == "POST" else None)
    if form.is_valid():
        # A referenced user left as it was is not looked up again (they may since be suspended).
        unchanged = "referenced" not in form.changed_data
        try:
            post_edit(
                post=post,
                editor=viewer,
                text=form.cleaned_data["text"],
                referenced=UNSET if unchanged else form.referenced_name,
            )
        except InvalidInput as error:
            form.show_refusal(error)
        else:
            messages.success(request, "Changes saved.")
            return redirect(_post_url(post))
    return _form_page(request, "web/post_edit.html", form, {"post": post})


@require_http_methods(["GET", "POST"])
@login_required
def delete_post(request: HttpRequest, username: str, post_id: int) -> HttpResponse:
    viewer = signed_in(request)
    post = post_at(username=username, post_id=post_id)
    if request.method == "GET":
        post_check_change(post=post, actor=viewer)
        return render(request, "web/post_delete.html", {"post": post})
    post_delete(post=post, actor=viewer)
    messages.success(request, "Post deleted.")
    return redirect("web:profile", viewer.username)


def _mark(
    request: HttpRequest, username: str, post_id: int, change: _PostMark, done: str
) -> HttpResponse:
    """Like, unlike, repost or unrepost; htmx swaps the post's buttons in place.

    `done` says what happened, with {author} for the post's author: announced in the page's
    status region either way (after the redirect, or with htmx's answer).
    """
    viewer = signed_in(request)
    post = post_at(username=username, post_id=post_id)
    change(user=viewer, post=post)
    back = safe_next(request) or _post_url(post)
    message = done.format(author=f"@{post.author.username}")
    if from_htmx(request):
        renderer = CardRenderer.for_request(request, marks_for(request, [post]), back)
        return HttpResponse(renderer.actions(PostCard.of(post)) + status_update(message))
    messages.success(request, message)
    return redirect(back)


def _mark_view(change: _PostMark, done: str) -> Callable[..., HttpResponse]:
    """A POST-only, signed-in view applying `change` to the post at its address."""

    @require_POST
    @login_required
    def view(request: HttpRequest, username: str, post_id: int) -> HttpResponse:
        return _mark(request, username, post_id, change, done)

    return view


like = _mark_view(like_create, "You liked the post by {author}.")
unlike = _mark_view(like_delete, "You took back your like of the post by {author}.")
repost = _mark_view(repost_create, "You reposted the post by {author}.")
unrepost = _mark_view(repost_delete, "You undid your repost of the post by {author}.")


def _followed(request: HttpRequest, profile_user: User, *, following: bool) -> HttpResponse:
    back = safe_next(request) or reverse("web:profile", args=[profile_user.username])
    done = "You follow" if following else "You no longer follow"
    message = f"{done} @{profile_user.username}."
    if from_htmx(request):  # the button is swapped in place; the status region says what changed
        context = {"profile_user": profile_user, "viewer_follows": following, "next": back}
        button = render_to_string("web/_follow_button.html", context, request=request)
        return HttpResponse(button + status_update(message))
    messages.success(request, message)
    return redirect(back)


@require_POST
@login_required
def follow(request: HttpRequest, username: str) -> HttpResponse:
    followed = user_by_username(username=username)
    follow_create(follower=signed_in(request), followed=followed)
    return _followed(request, followed, following=True)


@require_POST
@login_required
def unfollow(request: HttpRequest, username: str) -> HttpResponse:
    followed = user_by_username(username=username)
    follow_delete(follower=signed_in(request), followed=followed)
    return _followed(request, followed, following=False)
