"""The `microposts` command, run for real in a child process."""

import json
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import MICROPOSTS, child_environment, free_port, run_microposts


def test_a_malformed_setting_stops_start_up_with_one_clear_line(tmp_path: Path) -> None:
    environment = child_environment(tmp_path, DATABASE_URL="mysql://localhost/microposts")
    result = run_microposts("check", environment=environment)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        (
            "microposts: configuration error: DATABASE_URL: expected a URL starting with "
            "postgres://, postgresql://, pgsql://, sqlite:// (got mysql)"
        )
    ]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("MAX_POST_LENGTH", "lots", "MAX_POST_LENGTH: expected a whole number, got 'lots'"),
        ("DEBUG", "perhaps", "DEBUG: expected true or false, got 'perhaps'"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL: expected a URL starting with redis://"),
        ("SECRET_KEY", "too-short", "SECRET_KEY: expected at least 32 characters"),
    ],
)
def test_each_malformed_variable_is_named(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    result = run_microposts("check", environment=child_environment(tmp_path, **{variable: value}))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_createuser_then_createsuperuser_pass_through_to_django(tmp_path: Path) -> None:
    environment = child_environment(
        tmp_path,
        MICROPOSTS_PASSWORD="a sturdy password 1",
        DJANGO_SUPERUSER_PASSWORD="another sturdy password 2",
    )
    assert run_microposts("migrate", "--noinput", environment=environment).returncode == 0
    created = run_microposts("createuser", "ann", "--noinput", environment=environment)
    assert created.returncode == 0, created.stderr
    assert "Created user ann." in created.stdout
    again = run_microposts("createuser", "ANN", "--noinput", environment=environment)
    assert again.returncode != 0
    assert "The username 'ANN' is taken" in again.stderr
    admin = run_microposts(
        "createsuperuser",
        "--noinput",
        "--username",
        "root_admin",
        "--email",
        "admin@example.org",
        environment=environment,
    )
    assert admin.returncode == 0, admin.stderr


def _wait_for(url: str, process: subprocess.Popen[str], seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited early: {process.communicate()[0]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                status: int = response.status
                return status
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {seconds} s")


def _serve(environment: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """`microposts serve` with one app-server process on a free port, and its base URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own command
        [MICROPOSTS, "serve", "--port", str(port), "--workers", "1"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, f"http://127.0.0.1:{port}"


def test_serve_migrates_answers_and_stops_gracefully_on_sigterm(tmp_path: Path) -> None:
    process, base = _serve(child_environment(tmp_path))
    try:
        assert _wait_for(f"{base}/healthz", process) == 200
        assert _wait_for(f"{base}/admin/login/", process) == 200
        assert _wait_for(f"{base}/api/openapi.json", process) == 200
        assert _wait_for(f"{base}/static/admin/css/base.css", process) == 200
        assert _wait_for(f"{base}/static/ninja/swagger-ui-bundle.js", process) == 200
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    assert "Applying accounts.0001_initial" in output
    assert (tmp_path / "microposts.sqlite3").exists()


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["migrate", "--noinput"]])
def test_a_command_stops_with_one_line_when_the_database_does_not_answer(
    tmp_path: Path, command: list[str]
) -> None:
    # A well-formed URL to a port where nothing listens; no pool, so the refusal is immediate.
    environment = child_environment(
        tmp_path,
        DATABASE_URL=f"postgres://microposts@127.0.0.1:{free_port()}/microposts",
        DATABASE_POOL="false",
    )
    result = run_microposts(*command, environment=environment)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("microposts: cannot reach the database at 127.0.0.1:")
    assert "(DATABASE_URL)" in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def _api(
    base: str, method: str, path: str, body: dict[str, str], token: str = "", request_id: str = ""
) -> Any:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if request_id:
        headers["X-Request-ID"] = request_id
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{base}{path}", data=json.dumps(body).encode(), method=method, headers=headers
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return json.load(response)


def _json_lines(output: str) -> list[dict[str, Any]]:
    """The server's (and its worker's) log lines; anything else on stdout is a banner."""
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_a_fresh_serve_runs_background_tasks_with_no_redis(tmp_path: Path) -> None:
    """The embedded profile: `serve` starts a worker on a broker that is a SQLite file.

    Its log is JSON lines on stdout, and the task a request caused logs under the request's ID;
    neither the password nor the token it issued is ever written there.
    """
    mail = tmp_path / "mail"
    environment = child_environment(
        tmp_path, MICROPOSTS_PASSWORD="a sturdy password 1", EMAIL_FILE_PATH=str(mail)
    )
    assert run_microposts("migrate", "--noinput", environment=environment).returncode == 0
    for name in ("ann", "bob"):
        made = run_microposts(
            "createuser",
            name,
            "--noinput",
            "--email",
            f"{name}@example.org",
            environment=environment,
        )
        assert made.returncode == 0, made.stderr
    process, base = _serve(environment)
    try:
        assert _wait_for(f"{base}/healthz", process) == 200
        credentials = {"grant_type": "client_credentials", "client_id": "ann"}
        credentials["client_secret"] = "a sturdy password 1"  # a test's own
        token = _api(base, "POST", "/api/token", credentials)["access_token"]
        post = {"text": "Hi @bob"}
        _api(base, "POST", "/api/users/ann/collection", post, token, request_id="post-by-ann-1")
        deadline = time.monotonic() + 60
        while not (mail.exists() and any(mail.iterdir())) and time.monotonic() < deadline:
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    sent = "".join(message.read_text() for message in mail.iterdir()) if mail.exists() else ""
    assert "To: bob@example.org" in sent, output[-3000:]
    assert "Subject: @ann mentioned you" in sent
    assert process.returncode == 0, output[-3000:]
    assert (tmp_path / "broker.sqlite3").exists()
    traced = [line for line in _json_lines(output) if line["request_id"] == "post-by-ann-1"]
    by_logger = {line["logger"]: line for line in traced}
    assert by_logger["microposts.requests"]["status"] == 201
    assert by_logger["microposts.requests"]["path"] == "/api/users/ann/collection"
    assert by_logger["microposts.notifications"]["message"].startswith("mention email sent")
    task_lines = [line for line in traced if line["logger"] == "microposts.tasks"]
    assert {line["outcome"] for line in task_lines} == {"succeeded"}
    assert "microposts.notifications.tasks.mention_emails_task" in {
        line["task"] for line in task_lines
    }
    assert "a sturdy password 1" not in output
    assert token not in output


def test_shell_runs_code_and_the_debug_toolbar_comes_only_with_debug(tmp_path: Path) -> None:
    """`microposts shell` is Django's shell on the project's settings; the toolbar is on a page
    only when DEBUG is on."""
    page = (
        "from django.test import Client; "
        "body = Client(HTTP_HOST='127.0.0.1').get('/').content.decode(); "
        "print('toolbar' if 'djDebug' in body else 'plain')"
    )
    for debug, expected in (("false", "plain"), ("true", "toolbar")):
        environment = child_environment(tmp_path, DEBUG=debug)
        assert run_microposts("migrate", "--noinput", environment=environment).returncode == 0
        shown = run_microposts("shell", "-c", page, environment=environment)
        assert shown.returncode == 0, shown.stderr
        # The request's own log line may come after the print: it is written in a batch.
        printed = set(shown.stdout.splitlines())
        assert expected in printed, shown.stdout
        assert not ({"plain", "toolbar"} - {expected}) & printed, shown.stdout
