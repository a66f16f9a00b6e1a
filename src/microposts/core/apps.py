from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "microposts.core"

    def ready(self) -> None:
        from microposts.core import lookups  # noqa: PLC0415 - lookups register once apps are loaded

        lookups.register()
