from django.db import models
from django.utils import timezone


class DailyStats(models.Model):
    """What happened on one day (UTC), as stats_compute counted it (book ch. 1)."""

    day = models.DateField(primary_key=True)
    new_users = models.PositiveIntegerField()
    # Users who posted, liked, reposted or followed someone that day.
    active_users = models.PositiveIntegerField()
    posts = models.PositiveIntegerField()  # replies included
    replies = models.PositiveIntegerField()
    likes = models.PositiveIntegerField()
    follows = models.PositiveIntegerField()
    computed = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "daily stats"
        ordering = ("-day",)

    def __str__(self) -> str:
        return str(self.day)
