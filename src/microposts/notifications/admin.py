from django.contrib import admin
from django.http import HttpRequest

from microposts.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("id", "recipient", "kind", "actor", "post", "created", "read")
    list_filter = ("kind", "read", "created")
    search_fields = ("recipient__username", "actor__username")
    # Made only by the services of what they tell of; moderators read them (and may delete).
    fields = ("id", "recipient", "actor", "kind", "post", "created", "read")
    readonly_fields = fields
    list_select_related = ("recipient", "actor", "post")
    date_hierarchy = "created"
    # Notifications outnumber posts: counting every match on each page is what makes admin slow.
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
