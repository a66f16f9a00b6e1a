"""Request lines and metrics written in batches after the requests (ops/recorder.py): when each
is written, that a line keeps its request's ID and time, and that nothing waiting is lost."""

import io
import json
import logging
import multiprocessing
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from microposts.ops import logs, metrics
from microposts.ops.middleware import RequestMiddleware
from microposts.ops.recorder import RECORDER, Finished, Recorder
from tests.helpers import child_environment, run_microposts
from tests.workers import eventually

NEVER = 3600.0  # a recorder whose thread does not write within a test


class Lines:
    def __init__(self) -> None:
        self.stream = io.StringIO()

    def of_requests(self) -> list[dict[str, Any]]:
        found = [json.loads(line) for line in self.stream.getvalue().splitlines()]
        return [line for line in found if line["logger"] == "microposts.requests"]


@pytest.fixture
def lines() -> Iterator[Lines]:
    RECORDER.flush()  # what earlier tests' requests left: only this test's lines are read
    found = Lines()
    handler = logging.StreamHandler(found.stream)
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("microposts.requests")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


def finished(request_id: str, *, status: int = 200, ended: float | None = None) -> Finished:
    return Finished(
        ended=time.time() if ended is None else ended,
        request_id=request_id,
        method="GET",
        path="/home",
        status=status,
        seconds=0.0123,
        queries=4,
        user_id=7,
        route="home",
    )


def test_the_request_that_fills_a_batch_writes_it_in_order(lines: Lines) -> None:
    recorder = Recorder(batch=3, flush_seconds=NEVER)
    recorder.finished(finished("r1"))
    recorder.finished(finished("r2"))
    assert lines.of_requests() == []

    recorder.finished(finished("r3"))

    assert [line["request_id"] for line in lines.of_requests()] == ["r1", "r2", "r3"]


def test_a_quiet_servers_lines_are_written_by_the_thread(lines: Lines) -> None:
    recorder = Recorder(batch=1000, flush_seconds=0.05)
    recorder.finished(finished("alone"))

    eventually(
        lambda: [line["request_id"] for line in lines.of_requests()] == ["alone"],
        what="the thread wrote the line",
    )


def test_a_server_error_is_written_at_once_with_what_waited_before_it(lines: Lines) -> None:
    recorder = Recorder(batch=1000, flush_seconds=NEVER)
    recorder.finished(finished("fine"))
    recorder.finished(finished("broken", status=503))

    written = lines.of_requests()
    assert [(line["request_id"], line["level"]) for line in written] == [
        ("fine", "INFO"),
        ("broken", "ERROR"),
    ]


def test_a_line_keeps_its_requests_id_and_end_time_when_written_later(lines: Lines) -> None:
    recorder = Recorder(batch=1000, flush_seconds=NEVER)
    ended = 1_790_000_000.25  # long before it is written
    recorder.finished(finished("from-a-request", ended=ended))
    recorder.flush()  # outside any request: no request ID in context

    (line,) = lines.of_requests()
    assert line["request_id"] == "from-a-request"
    assert line["time"] == "2026-09-21T14:13:20.250Z"
    assert (line["status"], line["duration_ms"], line["user_id"]) == (200, 12.3, 7)


def test_a_write_that_fails_neither_stops_the_others_nor_reaches_the_request(
    lines: Lines, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = metrics.request_series

    def series(route: str, method: str, status: int) -> Any:
        if status == 418:
            raise OSError("no space left on the metrics disk")
        return real(route, method, status)

    monkeypatch.setattr(metrics, "request_series", series)
    recorder = Recorder(batch=3, flush_seconds=NEVER)
    recorder.finished(finished("before"))
    recorder.finished(finished("teapot", status=418))
    recorder.finished(finished("after"))  # fills the batch: no exception reaches it

    written = lines.of_requests()
    assert [line["request_id"] for line in written if "status" in line] == ["before", "after"]
    (failure,) = [line for line in written if line["level"] == "ERROR"]
    assert "teapot" in failure["message"]
    assert "no space left on the metrics disk" in failure["error"]


def test_the_requests_in_flight_are_written_by_the_thread_when_they_change() -> None:
    recorder = Recorder(batch=1000, flush_seconds=0.05)
    recorder.started()
    recorder.started()
    recorder.started()
    recorder.finished(finished("starts-the-thread"))
    eventually(lambda: metrics.IN_FLIGHT._value.get() == 2.0, what="2 in flight written")

    recorder.abandoned()
    recorder.finished(finished("done"))

    eventually(lambda: metrics.IN_FLIGHT._value.get() == 0.0, what="none in flight written")


def test_lines_still_waiting_at_exit_are_written(tmp_path: Path) -> None:
    code = (
        "import time\n"
        "from microposts.ops.recorder import RECORDER, Finished\n"
        f"RECORDER.flush_seconds = {NEVER}\n"
        "RECORDER.finished(Finished(time.time(), 'last-words', 'GET', '/', 200, 0.001, 1, None,"
        " 'front'))\n"
    )
    environment = child_environment(tmp_path, LOG_FORMAT="json")

    ran = run_microposts("shell", "-c", code, environment=environment)

    assert ran.returncode == 0, ran.stderr
    written = [json.loads(line) for line in ran.stdout.splitlines() if line.startswith("{")]
    assert [line["request_id"] for line in written] == ["last-words"]


def _record_one_and_end(path: str) -> None:
    handler = logging.FileHandler(path)
    handler.setFormatter(logs.JsonFormatter())
    logging.getLogger("microposts.requests").addHandler(handler)
    Recorder(batch=1000, flush_seconds=NEVER).finished(finished("from-a-worker"))


def test_an_app_server_worker_writes_what_waits_when_it_ends(tmp_path: Path) -> None:
    # granian's workers are multiprocessing children: they end without running atexit.
    written = tmp_path / "lines.jsonl"
    worker = multiprocessing.get_context("fork").Process(
        target=_record_one_and_end, args=(str(written),)
    )
    worker.start()
    worker.join(timeout=60)

    assert worker.exitcode == 0
    lines = [json.loads(line) for line in written.read_text().splitlines()]
    assert [line["request_id"] for line in lines] == ["from-a-worker"]


def test_a_forked_child_does_not_write_its_parents_waiting_lines(lines: Lines) -> None:
    recorder = Recorder(batch=1000, flush_seconds=NEVER)
    recorder.finished(finished("the-parents"))
    recorder.started()

    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through its exit status
        clean = not recorder._pending and recorder.in_flight == 0 and recorder._thread is None
        os._exit(0 if clean else 1)
    _, status = os.waitpid(child, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    recorder.abandoned()
    recorder.flush()
    assert [line["request_id"] for line in lines.of_requests()] == ["the-parents"]


class _Stopped(BaseException):
    """Like a worker being stopped in the middle of a request: not an Exception Django answers."""


def test_a_request_that_ends_without_an_answer_leaves_nothing_in_flight(lines: Lines) -> None:
    def stopped(request: HttpRequest) -> HttpResponse:
        assert RECORDER.in_flight == before + 1
        raise _Stopped

    before = RECORDER.in_flight
    middleware = RequestMiddleware(stopped)
    with pytest.raises(_Stopped):
        middleware(RequestFactory().get("/home"))

    assert RECORDER.in_flight == before
    RECORDER.flush()
    assert lines.of_requests() == []  # no answer, so no line claiming a status
