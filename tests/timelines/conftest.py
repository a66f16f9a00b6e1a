"""A Redis server of the test's own (the real redis-server), for the Redis home timelines: the
tests can stop and restart it, and they run on either profile."""

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis

from tests.helpers import free_port


class RedisServer:
    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed (Debian package redis-server)"
        self.process = subprocess.Popen(  # noqa: S603 - the real server, on loopback
            [
                binary,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if Redis.from_url(self.url, socket_connect_timeout=0.2).ping():
                    return
            except OSError:
                pass
            except Exception:  # noqa: BLE001 - redis' ConnectionError until it listens
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path: Path, settings: object) -> Iterator[RedisServer]:
    """A private Redis, used for the home timelines of this test (TIMELINES_REDIS_URL)."""
    server = RedisServer(tmp_path)
    server.start()
    settings.TIMELINES_REDIS_URL = server.url  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        server.stop()
