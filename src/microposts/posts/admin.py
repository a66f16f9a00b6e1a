from django.contrib import admin
from django.http import HttpRequest

from microposts.posts.models import Hashtag, Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ("id", "author", "short_text", "created", "edited")
    list_filter = ("created", "edited")
    search_fields = ("text", "author__username")
    # Moderators read and delete; text is changed only by its author, through the post service.
    fields = ("id", "author", "text", "html", "referenced", "in_reply_to", "created", "edited")
    readonly_fields = fields
    list_select_related = ("author",)
    date_hierarchy = "created"
    # A million-row table: counting every match on each page of results is what makes admin slow.
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="text")
    def short_text(self, post: Post) -> str:
        return post.text if len(post.text) <= 80 else post.text[:79] + "…"  # noqa: PLR2004


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin[Hashtag]):
    list_display = ("name", "created")
    search_fields = ("name",)
