"""The website's addresses. Profiles live at /@username, as mentions in posts link to them."""

from django.urls import path

from microposts.web.views import accounts, actions, notifications, public

app_name = "web"

PROFILE = "@<str:username>"
POST = f"{PROFILE}/<int:post_id>"

urlpatterns = [
    # Anyone
    path("", public.front_page, name="front"),
    path(PROFILE, public.show_profile, name="profile"),
    path(f"{PROFILE}/followers", public.list_followers, name="followers"),
    path(f"{PROFILE}/following", public.list_following, name="following"),
    path(POST, public.show_post, name="post"),
    path("tags/<str:tag>", public.show_tag, name="tag"),
    path("search", public.search, name="search"),
    # Accounts
    path("signup", accounts.sign_up, name="signup"),
    path("login", accounts.log_in, name="login"),
    path("logout", accounts.log_out, name="logout"),
    path("settings/profile", accounts.edit_profile, name="profile_edit"),
    path("settings/password", accounts.change_password, name="password_change"),
    # Signed in
    path("home", actions.home_timeline, name="home"),
    path("compose", actions.compose, name="compose"),
    path(f"{POST}/edit", actions.edit_post, name="post_edit"),
    path(f"{POST}/delete", actions.delete_post, name="post_delete"),
    path(f"{POST}/like", actions.like, name="like"),
    path(f"{POST}/unlike", actions.unlike, name="unlike"),
    path(f"{POST}/repost", actions.repost, name="repost"),
    path(f"{POST}/unrepost", actions.unrepost, name="unrepost"),
    path(f"{PROFILE}/follow", actions.follow, name="follow"),
    path(f"{PROFILE}/unfollow", actions.unfollow, name="unfollow"),
    path("notifications", notifications.list_notifications, name="notifications"),
]
