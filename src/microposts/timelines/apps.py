from django.apps import AppConfig


class TimelinesConfig(AppConfig):
    name = "microposts.timelines"
    label = "timelines"
