from django.contrib import admin
from django.http import HttpRequest

from microposts.stats.models import DailyStats


@admin.register(DailyStats)
class DailyStatsAdmin(admin.ModelAdmin[DailyStats]):
    list_display = (
        "day",
        "new_users",
        "active_users",
        "posts",
        "replies",
        "likes",
        "follows",
        "computed",
    )
    date_hierarchy = "day"
    readonly_fields = list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
