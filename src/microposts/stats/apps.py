from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "microposts.stats"
    label = "stats"
