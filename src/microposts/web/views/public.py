"""Pages anyone may read, signed in or not: thin edges over the read selectors."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from microposts.accounts.models import User
from microposts.accounts.selectors import (
    followers_page,
    following_page,
    is_following,
    user_by_username,
    users_matching,
)
from microposts.core.pagination import Page
from microposts.posts.errors import SearchTooShort
from microposts.posts.selectors import post_thread
from microposts.timelines.selectors import (
    posts_matching_page,
    profile_counts,
    public_timeline_page,
    tag_timeline_page,
    user_posts_page,
)
from microposts.web.pagination import next_query, page_request
from microposts.web.rendering import feed_response
from microposts.web.viewing import from_htmx, marks_for, reader


def front_page(request: HttpRequest) -> HttpResponse:
    page = public_timeline_page(request=page_request(request))
    context = {"nav_active": "front"}
    return feed_response(request, "web/front.html", page, context)


def _viewer_follows(viewer: User | None, profile_user: User) -> bool:
    """The follow button's state; no query for someone signed out or for the profile's owner."""
    if viewer is None or viewer.pk == profile_user.pk:
        return False
    return is_following(follower=viewer, followed=profile_user)


def show_profile(request: HttpRequest, username: str) -> HttpResponse:
    profile_user = user_by_username(username=username)
    page = user_posts_page(user=profile_user, request=page_request(request))
    viewer = reader(request)
    is_own = viewer is not None and viewer.pk == profile_user.pk
    context = {
        "profile_user": profile_user,
        "counts": profile_counts(user=profile_user),
        "is_own": is_own,
        "viewer_follows": _viewer_follows(viewer, profile_user),
        "nav_active": "profile" if is_own else None,
    }
    return feed_response(request, "web/profile.html", page, context)


FollowList = Callable[..., Page[Any]]


def _user_list(
    request: HttpRequest, username: str, rows: FollowList, relation: str
) -> HttpResponse:
    """A followers or following list; to htmx's "Load more", only the next entries."""
    profile_user = user_by_username(username=username)
    page = rows(user=profile_user, request=page_request(request))
    template = "web/_user_items.html" if from_htmx(request) else "web/user_list.html"
    context = {
        "profile_user": profile_user,
        "relation": relation,
        "users": page.items,
        "next_query": next_query(request, page),
    }
    return render(request, template, context)


def list_followers(request: HttpRequest, username: str) -> HttpResponse:
    return _user_list(request, username, followers_page, "followers")


def list_following(request: HttpRequest, username: str) -> HttpResponse:
    return _user_list(request, username, following_page, "following")


def show_post(request: HttpRequest, username: str, post_id: int) -> HttpResponse:
    thread = post_thread(post_id=post_id, username=username)
    posts = [*thread.ancestors, thread.post, *thread.replies]
    context = {"thread": thread, "post": thread.post, "marks": marks_for(request, posts)}
    return render(request, "web/post.html", context)


def show_tag(request: HttpRequest, tag: str) -> HttpResponse:
    page = tag_timeline_page(tag=tag, request=page_request(request))
    context = {"tag": tag.lower()}
    return feed_response(request, "web/tag.html", page, context)


def search(request: HttpRequest) -> HttpResponse:
    """Posts and people matching `text`; a blank form until something is asked."""
    text = request.GET.get("text")
    username = request.GET.get("username", "").strip()
    context: dict[str, Any] = {
        "search_text": text or "",
        "username": username,
        "nav_active": "search",
    }
    if text is None:
        return render(request, "web/search.html", context)
    cursor = page_request(request)
    try:
        page = posts_matching_page(text=text, username=username or None, request=cursor)
    except SearchTooShort as error:
        return render(request, "web/search.html", {**context, "error": error.message}, status=400)
    context |= {"searched": True, "users": users_matching(text=text)}
    return feed_response(request, "web/search.html", page, context)
