"""Log lines: JSON with the request's ID, a line per request, levels, and no secrets in them."""

import io
import json
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from microposts.accounts.models import User
from microposts.config.celery import app
from microposts.core.context import request_id
from microposts.core.models import Job
from microposts.core.tasks import heartbeat_task
from microposts.ops import logs, tasking
from microposts.ops.middleware import accepted_request_id
from microposts.ops.recorder import RECORDER
from tests.factories import UserFactory, token_for
from tests.workers import Worker, eventually, run_jobs_here

NEW_ID = re.compile(r"[0-9a-f]{32}")


class Captured:
    """Every record of every logger, formatted as the service writes it (JSON). Reading it first
    writes the lines of the requests that have ended (ops/recorder.py writes them in batches)."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def text(self) -> str:
        RECORDER.flush()
        return self.stream.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines()]

    def of(self, logger: str) -> list[dict[str, Any]]:
        return [line for line in self.lines() if line["logger"] == logger]


@pytest.fixture
def captured() -> Iterator[Captured]:
    RECORDER.flush()  # earlier tests' requests are not this test's
    found = Captured()
    handler = logging.StreamHandler(found.stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.ClientFaultsAreWarnings())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # everything any library says, for the secrets test too
    try:
        yield found
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_a_line_is_one_json_object_with_time_level_logger_message_and_request_id() -> None:
    record = logging.LogRecord(
        "microposts.x", logging.WARNING, __file__, 1, "hi %s", ("you",), None
    )
    bound = request_id.set("abc-1")
    try:
        line = json.loads(logs.JsonFormatter().format(record))
    finally:
        request_id.reset(bound)
    assert set(line) == {"time", "level", "logger", "message", "request_id"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "microposts.x", "hi you")
    assert line["request_id"] == "abc-1"


def test_fields_a_caller_adds_are_written_only_when_known() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    record.status = 200
    record.password = "hunter2"
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["status"] == 200
    assert "hunter2" not in json.dumps(line)


def _fail() -> None:
    raise ValueError("boom")


def test_an_exception_is_kept_in_the_same_line() -> None:
    try:
        _fail()
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = logs.JsonFormatter().format(record)
    assert "\n" not in text
    assert "ValueError: boom" in json.loads(text)["error"]


def test_the_text_format_shows_the_request_id_and_fields() -> None:
    record = logging.LogRecord("microposts.requests", logging.INFO, __file__, 1, "GET /", (), None)
    record.status = 200
    bound = request_id.set("req-7")
    try:
        text = logs.TextFormatter().format(record)
    finally:
        request_id.reset(bound)
    assert "INFO" in text
    assert "[req-7]" in text
    assert text.endswith("status=200")


@pytest.mark.django_db
def test_each_request_logs_one_line_with_method_path_status_duration_and_user(
    captured: Captured,
) -> None:
    response = Client().get("/api/version?token=not-to-be-logged")

    (line,) = captured.of("microposts.requests")
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/api/version"  # never the query string
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert line["route"] == "api/version"
    assert NEW_ID.fullmatch(line["request_id"])
    assert response["X-Request-ID"] == line["request_id"]
    assert "not-to-be-logged" not in captured.text


def test_the_user_id_is_logged_for_a_token_and_for_a_session(
    captured: Captured, user: User
) -> None:
    Client(headers={"Authorization": f"Bearer {token_for(user)}"}).get("/api/users/ann/timeline")
    browser = Client()
    browser.force_login(user)
    browser.get("/home")

    assert [line["user_id"] for line in captured.of("microposts.requests")] == [user.pk, user.pk]


@pytest.mark.parametrize("given", ["abc", "0f9e-11.22_33:44", "A" * 64])
@pytest.mark.django_db
def test_a_safe_request_id_is_kept_and_returned(captured: Captured, given: str) -> None:
    response = Client().get("/healthz", headers={"X-Request-ID": given})

    assert response["X-Request-ID"] == given
    assert captured.of("microposts.requests")[0]["request_id"] == given


@pytest.mark.parametrize(
    "given", ["", "A" * 65, "two words", "<script>", "a/b", "caf\u00e9", "x\r\nSet-Cookie: a=b"]
)
def test_an_unsafe_request_id_is_replaced(given: str) -> None:
    assert NEW_ID.fullmatch(accepted_request_id(given))


@pytest.mark.django_db
def test_client_errors_are_warnings_and_only_server_errors_are_errors(
    captured: Captured, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(raise_request_exception=False)
    client.get("/no/such/page")
    client.get("/healthz", headers={"Host": "evil.example"})  # refused: not an allowed host
    client.post("/api/token", "{", content_type="application/json")
    assert {line["level"] for line in captured.lines()} <= {"DEBUG", "INFO", "WARNING"}
    statuses = [line["status"] for line in captured.of("microposts.requests")]
    assert statuses == [404, 400, 400]

    def broken() -> None:
        raise RuntimeError("the database caught fire")

    monkeypatch.setattr("microposts.ops.views.readiness", broken)
    assert client.get("/readyz").status_code == 500
    errors = [line for line in captured.lines() if line["level"] == "ERROR"]
    assert {line["logger"] for line in errors} == {"django.request", "microposts.requests"}
    assert len({line["request_id"] for line in errors}) == 1
    assert any("the database caught fire" in line.get("error", "") for line in errors)


@pytest.mark.django_db
def test_passwords_tokens_cookies_and_email_bodies_never_reach_the_logs(
    captured: Captured, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    password = "Correct-Horse-Battery-77"
    browser = Client()
    signup = {"username": "dora", "password1": password, "password2": password}
    assert browser.post("/signup", signup).status_code == 302
    browser.post("/logout")
    assert browser.post("/login", {"username": "dora", "password": "Wrong-Guess-1"}).status_code
    assert browser.post("/login", {"username": "dora", "password": password}).status_code == 302
    api = Client()
    issued = api.post(
        "/api/token",
        {"grant_type": "client_credentials", "client_id": "dora", "client_secret": password},
        content_type="application/json",
    ).json()["access_token"]
    bob = UserFactory(username="bob")
    secret_words = "zebra crossings at midnight"
    made = Client(headers={"Authorization": f"Bearer {issued}"}).post(
        "/api/users/dora/collection",
        {"text": f"{secret_words} @bob"},
        content_type="application/json",
    )
    assert made.status_code == 201
    run_jobs_here()

    assert [message.to for message in mail.outbox] == [[bob.email]]
    assert secret_words in mail.outbox[0].body
    cookies = [morsel.value for morsel in browser.cookies.values() if morsel.value]
    assert cookies
    assert len(captured.of("microposts.requests")) >= 6
    for secret in [password, "Wrong-Guess-1", issued, secret_words, *cookies]:
        assert secret not in captured.text


def test_a_job_recorded_in_a_request_logs_under_its_request_id(
    captured: Captured, user: User, other: User, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client(headers={"Authorization": f"Bearer {token_for(user)}"})
    response = client.post(
        "/api/users/ann/collection",
        {"text": "hello @bob"},
        content_type="application/json",
        headers={"X-Request-ID": "trace-me-42"},
    )
    assert response.status_code == 201
    jobs = list(Job.objects.all())
    assert jobs
    assert {job.request_id for job in jobs} == {"trace-me-42"}

    run_jobs_here()  # as a worker would, long after the request is over

    (sent,) = captured.of("microposts.notifications")
    assert sent["message"].startswith("mention email sent")
    assert sent["request_id"] == "trace-me-42"
    assert request_id.get() is None


def test_a_task_sent_during_a_request_carries_its_id_in_a_header() -> None:
    headers: dict[str, Any] = {}
    tasking.request_id_sent(headers=headers)
    assert headers == {}  # outside a request: nothing to carry
    bound = request_id.set("req-9")
    try:
        tasking.request_id_sent(headers=headers)
    finally:
        request_id.reset(bound)
    assert headers == {tasking.HEADER: "req-9"}


@pytest.mark.django_db(transaction=True)
def test_a_task_sent_during_a_request_logs_under_its_id_in_the_worker(tmp_path: Path) -> None:
    """Not a job (no row to keep the ID): the message header carries it to the worker."""
    with Worker(tmp_path / "mail") as worker:
        bound = request_id.set("sent-with-7")
        try:
            app.send_task(heartbeat_task.name, queue="background")
        finally:
            request_id.reset(bound)

        def logged() -> bool:
            return '"request_id":"sent-with-7"' in worker.output()

        eventually(logged, what="the task's line", worker=worker)

    lines = [json.loads(line) for line in worker.output().splitlines() if line.startswith("{")]
    (line,) = [line for line in lines if line["request_id"] == "sent-with-7"]
    assert (line["logger"], line["task"], line["outcome"]) == (
        "microposts.tasks",
        heartbeat_task.name,
        "succeeded",
    )
