from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "microposts.posts"
