"""The addresses written into posts when they are saved are the website's own routes."""

from django.urls import reverse

from microposts.posts.services import profile_path, tag_path


def test_a_mention_links_to_the_profile_page() -> None:
    assert profile_path("ann_1") == reverse("web:profile", args=["ann_1"])


def test_a_hashtag_links_to_the_tag_page() -> None:
    assert tag_path("python") == reverse("web:tag", args=["python"])
