"""The Celery application: `microposts worker` and `microposts beat` run it (cli.py).

Tasks live in each domain app's tasks.py and are found by autodiscovery; the schedule of
periodic ones is `beat_schedule` below. Settings come from Django's, prefixed CELERY_.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microposts.config.settings")

app = Celery("microposts")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "heartbeat": {"task": "microposts.core.tasks.heartbeat_task", "schedule": 60.0},
    "sweep": {"task": "microposts.core.tasks.sweep_task", "schedule": 60.0},
    "timelines-repair": {
        "task": "microposts.timelines.tasks.timelines_repair_task",
        "schedule": 60.0,
    },
    # Just after midnight UTC, when yesterday is complete.
    "daily-stats": {
        "task": "microposts.stats.tasks.daily_stats_task",
        "schedule": crontab(hour="0", minute="10"),
    },
}
app.conf.task_routes = {
    "microposts.core.tasks.*": {"queue": "background"},
    "microposts.stats.tasks.*": {"queue": "background"},
    "microposts.timelines.tasks.timelines_repair_task": {"queue": "background"},
}
