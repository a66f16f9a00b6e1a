"""/metrics: who may read it, and values that move with requests, tasks and what users do."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from kombu import Connection

from microposts.accounts.models import User
from microposts.accounts.services import follow_create, user_create
from microposts.config.celery import app
from microposts.core.jobs import job_record
from microposts.notifications.emails import mention_emails_send
from microposts.ops import collectors, metrics
from microposts.ops.collectors import QUEUES
from microposts.posts.services import like_create, post_create
from tests.core.tasks_for_tests import always_fails_task, noted_background_task
from tests.factories import PostFactory, UserFactory, token_for
from tests.helpers import child_environment, free_port, run_microposts
from tests.ops.scraping import scrape, value
from tests.workers import Worker, eventually

# Who may read them


@pytest.mark.django_db
def test_metrics_are_open_to_a_caller_on_this_machine() -> None:
    for address in ("127.0.0.1", "::1"):
        assert Client(REMOTE_ADDR=address).get("/metrics").status_code == 200


@pytest.mark.django_db
def test_metrics_are_refused_to_anyone_else_without_the_token(settings: Any) -> None:
    settings.METRICS_TOKEN = "scrape-token-123"
    outsider = Client(REMOTE_ADDR="203.0.113.9")

    refused = outsider.get("/metrics")
    assert refused.status_code == 403
    assert b"microposts_" not in refused.content
    assert outsider.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert (
        outsider.get("/metrics", headers={"Authorization": "scrape-token-123"}).status_code == 403
    )
    allowed = outsider.get("/metrics", headers={"Authorization": "Bearer scrape-token-123"})
    assert allowed.status_code == 200
    assert b"microposts_http_requests_total" in allowed.content


@pytest.mark.django_db
def test_no_token_configured_means_no_caller_from_elsewhere(settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    outsider = Client(REMOTE_ADDR="203.0.113.9")
    assert outsider.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 403


@pytest.mark.django_db
def test_a_request_forwarded_by_a_proxy_on_this_machine_is_not_local() -> None:
    proxied = Client(REMOTE_ADDR="127.0.0.1")
    for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
        assert proxied.get("/metrics", headers={header: "203.0.113.9"}).status_code == 403


# Requests


@pytest.mark.django_db
def test_request_metrics_move_with_each_request() -> None:
    route = {"route": "api/version", "method": "GET", "status": "200"}
    before = scrape()
    for _ in range(3):
        assert Client().get("/api/version").status_code == 200
    Client().get("/no/such/page")
    after = scrape()

    counted = "microposts_http_requests_total"
    assert value(after, counted, **route) - value(before, counted, **route) == 3
    timed = "microposts_http_request_duration_seconds_count"
    assert value(after, timed, **route) - value(before, timed, **route) == 3
    slow = "microposts_http_request_duration_seconds_bucket"
    assert value(after, slow, **route, le="+Inf") - value(before, slow, **route, le="+Inf") == 3
    missing = {"route": "unmatched", "method": "GET", "status": "404"}
    assert value(after, counted, **missing) - value(before, counted, **missing) == 1
    pid = {"pid": str(os.getpid())}
    assert value(after, "microposts_process_resident_memory_bytes", **pid) > 10_000_000


def test_database_queries_are_counted_per_request(user: User) -> None:
    PostFactory(author=user)
    label = {"route": "api/users/<username>/collection"}
    before = scrape()
    response = Client(headers={"Authorization": f"Bearer {token_for(user)}"}).get(
        "/api/users/ann/collection"
    )
    assert response.status_code == 200
    after = scrape()

    name = "microposts_http_request_db_queries"
    assert value(after, f"{name}_count", **label) - value(before, f"{name}_count", **label) == 1
    made = value(after, f"{name}_sum", **label) - value(before, f"{name}_sum", **label)
    assert made >= 1
    # Buckets are cumulative: the request is in every bucket from the first holding its count.
    assert value(after, f"{name}_bucket", le="0.0", **label) == value(
        before, f"{name}_bucket", le="0.0", **label
    )


@pytest.mark.django_db
def test_a_request_is_in_flight_while_it_is_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    name = "microposts_http_requests_in_flight"
    during: list[float] = []

    def readiness() -> list[Any]:
        during.append(value(scrape(), name))  # a scrape in the middle of this request
        return []

    monkeypatch.setattr("microposts.ops.views.readiness", readiness)
    assert Client().get("/readyz").status_code == 200

    # Both the request and the scrape inside it; after, the scrape alone.
    assert during == [2.0]
    assert value(scrape(), name) == 1.0


# What users do


def test_business_counters_count_committed_changes_only(
    django_capture_on_commit_callbacks: Callable[..., Any],
    user: User,
    other: User,
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    names = ("signups", "posts", "follows", "likes")
    before = scrape()
    with django_capture_on_commit_callbacks(execute=True):
        user_create(username="carl", password="A sturdy password 9")
        post = post_create(author=user, text="Hello @bob")
        follow_create(follower=user, followed=other)
        follow_create(follower=user, followed=other)  # again: no new follow
        like_create(user=other, post=post)
    with transaction.atomic():  # rolled back: never counted
        post_create(author=user, text="never kept")
        transaction.set_rollback(True)
    assert mention_emails_send(post_id=post.pk) == 1
    after = scrape()

    grew = {
        name: value(after, f"microposts_{name}_total") - value(before, f"microposts_{name}_total")
        for name in (*names, "mention_emails_sent")
    }
    assert grew == {"signups": 1, "posts": 1, "follows": 1, "likes": 1, "mention_emails_sent": 1}


# Tasks and the backlog


@pytest.mark.django_db(transaction=True)
def test_task_metrics_count_what_a_worker_process_did(tmp_path: Path) -> None:
    """Counted in the worker's own process, read by /metrics in this one."""
    succeeded = {"task": noted_background_task.name}
    failing = {"task": always_fails_task.name}
    before = scrape()
    with Worker(tmp_path / "mail") as worker:
        with transaction.atomic():
            job_record(noted_background_task, notes=str(tmp_path / "notes"), name="one")
            job_record(always_fails_task)  # 3 attempts: 2 retried, then failed

        def counted() -> bool:
            now = scrape()
            return (
                value(now, "microposts_tasks_failed_total", **failing)
                - value(before, "microposts_tasks_failed_total", **failing)
                == 1
                and value(now, "microposts_tasks_succeeded_total", **succeeded)
                - value(before, "microposts_tasks_succeeded_total", **succeeded)
                == 1
            )

        eventually(counted, what="task metrics", worker=worker)
        log = worker.output()
    after = scrape()

    def grew(name: str, labels: dict[str, str]) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("microposts_tasks_started_total", succeeded) == 1
    assert grew("microposts_tasks_started_total", failing) == 3
    assert grew("microposts_tasks_retried_total", failing) == 2
    assert grew("microposts_tasks_succeeded_total", failing) == 0
    assert grew("microposts_task_duration_seconds_count", failing) == 3
    # The worker's lines are JSON too; its failure for good is the one ERROR.
    assert '"logger":"microposts.tasks"' in log
    assert '"outcome":"retried"' in log
    assert '"level":"ERROR","logger":"microposts.tasks"' in log


@pytest.mark.django_db(transaction=True)
def test_queue_depth_and_pending_jobs_are_read_when_scraped() -> None:
    with transaction.atomic():
        UserFactory(username="ann")
    before = scrape()
    assert value(before, "microposts_broker_up") == 1
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        for queue in QUEUES:
            channel.queue_purge(queue)
    try:
        with transaction.atomic():  # sent on commit; no worker takes them
            job_record(noted_background_task, notes="-", name="a")
            job_record(noted_background_task, notes="-", name="b")
        after = scrape()
    finally:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge("background")

    assert value(after, "microposts_queue_depth", queue="background") == 2
    assert value(after, "microposts_jobs_pending", queue="background") == 2
    assert value(after, "microposts_jobs_oldest_pending_seconds", queue="background") >= 0
    assert value(after, "microposts_jobs_pending", queue="priority") == 0


@pytest.mark.django_db
def test_the_worker_heartbeat_age_appears_once_a_worker_has_run_it() -> None:
    from microposts.core.tasks import heartbeat_task  # noqa: PLC0415

    assert ("microposts_worker_heartbeat_age_seconds", frozenset()) not in scrape()
    heartbeat_task()
    age = value(scrape(), "microposts_worker_heartbeat_age_seconds")
    assert 0 <= age < 60


# Several processes


def _in_another_process(code: str, metrics_dir: Path, tmp_path: Path) -> None:
    environment = child_environment(tmp_path, METRICS_DIR=str(metrics_dir))
    done = run_microposts("shell", "-c", code, environment=environment)
    assert done.returncode == 0, done.stderr


@pytest.mark.django_db
def test_metrics_are_summed_over_every_process_and_dead_ones_leave_no_live_gauge(
    settings: Any, tmp_path: Path
) -> None:
    before = scrape()
    counting = "from microposts.ops import metrics; metrics.POSTS.inc(5)"
    _in_another_process(counting, settings.METRICS_DIR, tmp_path)
    _in_another_process(counting, settings.METRICS_DIR, tmp_path)
    # A process killed while it answered a request never took it out of "in flight".
    stuck = "from microposts.ops import metrics; metrics.IN_FLIGHT.inc(); metrics.memory_update()"
    _in_another_process(stuck, settings.METRICS_DIR, tmp_path)
    with_dead = scrape()
    metrics.forget_dead_processes()  # what each process does when it starts
    after = scrape()

    posts = "microposts_posts_total"
    assert value(with_dead, posts) - value(before, posts) == 10
    # In flight: the dead process's request, and the scrape itself while it is answered.
    assert value(with_dead, "microposts_http_requests_in_flight") == 2
    assert value(after, "microposts_http_requests_in_flight") == 1
    assert value(after, posts) == value(with_dead, posts)  # a dead process's counts stay
    live = {labels for name, labels in after if name == "microposts_process_resident_memory_bytes"}
    assert live <= {frozenset({("pid", str(os.getpid()))})}


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_is_reported_not_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unreachable = Connection(f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setattr(collectors.app, "connection_for_read", lambda: unreachable)

    samples = scrape()  # 200, with the rest of the figures

    assert value(samples, "microposts_broker_up") == 0
    assert not [name for name, _ in samples if name == "microposts_queue_depth"]
    assert ("microposts_jobs_failed", frozenset()) in samples


@pytest.mark.parametrize(("enabled", "counted"), [("true", "True"), ("false", "False")])
def test_queries_are_counted_on_new_connections_only_when_metrics_are_on(
    tmp_path: Path, enabled: str, counted: str
) -> None:
    code = (
        "from django.db import connection; from microposts.core.sql import QUERIES; "
        "connection.ensure_connection(); print(QUERIES in connection.execute_wrappers)"
    )
    environment = child_environment(tmp_path, METRICS_ENABLED=enabled)

    ran = run_microposts("shell", "-c", code, environment=environment)

    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[-1] == counted
