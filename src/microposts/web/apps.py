from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "microposts.web"
    label = "web"
