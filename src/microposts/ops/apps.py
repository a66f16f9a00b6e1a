from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "microposts.ops"

    def ready(self) -> None:
        from microposts.ops import metrics, tasking  # noqa: PLC0415 - needs the apps loaded

        tasking.connect()
        metrics.forget_dead_processes()
