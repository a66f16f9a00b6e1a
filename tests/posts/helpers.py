from microposts.posts.models import Mention, Post, Tagging


def mentioned_usernames(post: Post) -> list[str]:
    """The users a post's Mention rows name, sorted, with any duplicates kept."""
    return sorted(Mention.objects.filter(post=post).values_list("user__username", flat=True))


def tag_names(post: Post) -> list[str]:
    """The hashtags a post's Tagging rows name, sorted, with any duplicates kept."""
    return sorted(Tagging.objects.filter(post=post).values_list("hashtag__name", flat=True))
