"""Like, unlike, repost and unrepost, and the buttons each viewer gets on a post."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from microposts.accounts.models import User
from microposts.posts.models import Like, Post, Repost
from microposts.posts.selectors import PostCard, ViewerMarks
from microposts.web.cards import CardRenderer
from tests.factories import FollowFactory, LikeFactory, PostFactory, RepostFactory
from tests.web.helpers import HTMX, messages_of, post_url, text_of, url

# --- Like and repost --------------------------------------------------------------------------

MARKS = [("like", Like), ("repost", Repost)]


@pytest.mark.parametrize("name", ["like", "unlike", "repost", "unrepost"])
def test_a_get_cannot_change_a_post(anns_browser: Client, user: User, name: str) -> None:
    post = PostFactory(author=user)

    response = anns_browser.get(post_url(post, name))

    assert response.status_code == 405
    assert not Like.objects.exists()
    assert not Repost.objects.exists()


@pytest.mark.parametrize(("name", "model"), MARKS)
def test_a_mark_is_made_and_the_browser_goes_back(
    anns_browser: Client, user: User, bobs_post: Post, name: str, model: type[Like | Repost]
) -> None:
    response = anns_browser.post(post_url(bobs_post, name), {"next": "/home?cursor=abc"})

    assert model.objects.filter(user=user, post=bobs_post).count() == 1
    assert response["Location"] == "/home?cursor=abc"


@pytest.mark.parametrize(("name", "model"), MARKS)
def test_a_mark_is_undone(
    anns_browser: Client, user: User, bobs_post: Post, name: str, model: type[Like | Repost]
) -> None:
    model.objects.create(user=user, post=bobs_post)

    response = anns_browser.post(post_url(bobs_post, f"un{name}"))

    assert not model.objects.exists()
    assert response["Location"] == post_url(bobs_post)


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "", "0", "web:front", "home"]
)
def test_a_mark_never_goes_back_to_another_site(
    anns_browser: Client, bobs_post: Post, next_url: str
) -> None:
    response = anns_browser.post(post_url(bobs_post, "like"), {"next": next_url})

    assert response["Location"] == post_url(bobs_post)


@pytest.mark.parametrize(("name", "button"), [("like", "Unlike"), ("repost", "Undo repost")])
def test_an_htmx_mark_answers_with_the_posts_buttons_only(
    anns_browser: Client, bobs_post: Post, name: str, button: str
) -> None:
    response = anns_browser.post(post_url(bobs_post, name), {"next": "/home"}, headers=HTMX)

    page = text_of(response)
    assert response.status_code == 200
    assert page.strip().startswith('<footer class="post-actions">')
    assert "<html" not in page
    assert f'id="post-{bobs_post.pk}-{name}" class="secondary">{button}<span' in page
    assert '<input type="hidden" name="next" value="/home">' in page


SAID = {
    "like": "You liked the post by @bob.",
    "unlike": "You took back your like of the post by @bob.",
    "repost": "You reposted the post by @bob.",
    "unrepost": "You undid your repost of the post by @bob.",
}


@pytest.mark.parametrize(("name", "said"), SAID.items())
def test_a_mark_says_what_it_did_in_the_status_region_with_or_without_htmx(
    anns_browser: Client, bobs_post: Post, name: str, said: str
) -> None:
    plain = anns_browser.post(post_url(bobs_post, name))
    swapped = anns_browser.post(post_url(bobs_post, name), headers=HTMX)

    assert messages_of(plain) == [said]  # shown in base.html's live region after the redirect
    # htmx puts it into that region (id "status") beside the swapped buttons.
    assert (
        f'<div id="status" hx-swap-oob="innerHTML"><p class="message message-success">{said}</p>'
        in text_of(swapped)
    )


def test_a_post_of_a_suspended_author_cannot_be_liked(
    anns_browser: Client, other: User, bobs_post: Post
) -> None:
    User.objects.filter(pk=other.pk).update(is_active=False)

    response = anns_browser.post(post_url(bobs_post, "like"))

    assert response.status_code == 404
    assert not Like.objects.exists()


# --- The post buttons for each viewer ---------------------------------------------------------


def test_home_buttons_show_what_the_viewer_liked_and_reposted(
    anns_browser: Client, user: User, other: User
) -> None:
    FollowFactory(follower=user, followed=other)
    liked = PostFactory(author=other)
    reposted = PostFactory(author=other)
    LikeFactory(user=user, post=liked)
    RepostFactory(user=user, post=reposted)

    page = text_of(anns_browser.get(url("home")))

    assert f'action="{post_url(liked, "unlike")}"' in page
    assert f'action="{post_url(liked, "repost")}"' in page
    assert f'action="{post_url(reposted, "like")}"' in page
    assert f'action="{post_url(reposted, "unrepost")}"' in page
    assert f'Reposted by <a href="{url("profile", "ann")}">@ann</a>' in page


def test_edit_and_delete_links_are_shown_only_on_the_viewers_own_posts(
    anns_browser: Client, user: User, other: User
) -> None:
    FollowFactory(follower=user, followed=other)
    own = PostFactory(author=user)
    bobs = PostFactory(author=other)

    page = text_of(anns_browser.get(url("home")))

    assert post_url(own, "post_edit") in page
    assert post_url(own, "post_delete") in page
    assert post_url(bobs, "post_edit") not in page
    assert post_url(bobs, "post_delete") not in page


def _actions_for(viewer: object, post: Post, marks: ViewerMarks) -> str:
    request = RequestFactory().get("/somewhere?x=1")
    request.user = viewer  # type: ignore[assignment]
    return CardRenderer.for_request(request, marks).actions(PostCard.of(post))


def test_an_anonymous_viewer_gets_a_log_in_link_instead_of_buttons(bobs_post: Post) -> None:
    html = _actions_for(AnonymousUser(), bobs_post, ViewerMarks(frozenset(), frozenset()))

    assert f'href="/login?next={post_url(bobs_post).replace("@", "%40")}">Log in to reply' in html
    assert "<form" not in html


def test_a_signed_in_viewer_gets_reply_like_and_repost_returning_to_this_page(
    user: User, bobs_post: Post
) -> None:
    html = _actions_for(user, bobs_post, ViewerMarks(frozenset(), frozenset()))

    assert f'href="{url("compose")}?reply_to={bobs_post.pk}">Reply' in html
    assert f'hx-post="{post_url(bobs_post, "like")}"' in html
    assert f'hx-post="{post_url(bobs_post, "repost")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="next" value="/somewhere?x=1">' in html
    assert 'Like<span class="visually-hidden"> the post by @bob</span>' in html
