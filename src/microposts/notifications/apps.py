from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "microposts.notifications"
    label = "notifications"
