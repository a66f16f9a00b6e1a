from django.contrib import admin
from django.http import HttpRequest

from microposts.core.models import Heartbeat, Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    """Background work: what is pending, what is done, and what failed after its retries."""

    list_display = ("id", "task", "state", "attempts", "created", "sent", "finished")
    list_filter = ("state", "task")
    fields = (
        "id",
        "task",
        "arguments",
        "state",
        "attempts",
        "last_error",
        "created",
        "sent",
        "finished",
    )
    readonly_fields = fields
    date_hierarchy = "created"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin[Heartbeat]):
    list_display = ("name", "last_run")
    readonly_fields = ("name", "last_run")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
