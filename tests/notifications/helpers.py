from microposts.accounts.models import User
from microposts.notifications.models import Notification


def received(user: User) -> list[tuple[str, str, int | None]]:
    """Every notification `user` has, as (kind, actor's username, post id), oldest first."""
    rows = Notification.objects.filter(recipient=user).order_by("id")
    return list(rows.values_list("kind", "actor__username", "post_id"))
