from django.utils import timezone

from microposts.config.celery import app
from microposts.stats.services import stats_catch_up


@app.task(name="microposts.stats.tasks.daily_stats_task")
def daily_stats_task() -> None:
    """Counts yesterday (UTC), and any recent day the schedule missed; scheduled just after
    midnight (config/celery.py). Safe to run again: a day is counted afresh each time."""
    stats_catch_up(today=timezone.now().date())
