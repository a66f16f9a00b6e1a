from typing import cast

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from microposts.accounts.models import ApiToken, Follow, User
from microposts.accounts.services import users_deactivate, users_reactivate
from microposts.core.errors import ApplicationError


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ("username", "display_name", "email", "is_active", "is_staff", "created")
    list_filter = ("is_active", "is_staff", "is_superuser", "created")
    search_fields = ("username", "display_name", "email")
    ordering = ("-created",)
    readonly_fields = ("created", "last_login")
    actions = ("deactivate", "reactivate")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Profile", {"fields": ("display_name", "bio", "email")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("created", "last_login")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )

    @admin.action(description="Deactivate: log out and hide from the API")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        try:
            count = users_deactivate(users=queryset, actor=cast("User", request.user))
        except ApplicationError as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return
        self.message_user(request, f"{count} user(s) deactivated.", messages.SUCCESS)

    @admin.action(description="Reactivate")
    def reactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = users_reactivate(users=queryset)
        self.message_user(request, f"{count} user(s) reactivated.", messages.SUCCESS)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin[Follow]):
    list_display = ("follower", "followed", "created")
    search_fields = ("follower__username", "followed__username")
    list_filter = ("created",)
    raw_id_fields = ("follower", "followed")
    list_select_related = ("follower", "followed")
    show_full_result_count = False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens can be inspected and revoked (deleted), never created or read back."""

    list_display = ("user", "created", "expires")
    search_fields = ("user__username",)
    list_select_related = ("user",)
    fields = ("user", "created", "expires")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
