"""The real server, `microposts serve`, as a child process on a free loopback port."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from dataset import MICROPOSTS, child_environment

HOST = "127.0.0.1"  # load goes to loopback only
WORKERS = 2
START_TIMEOUT_SECONDS = 120  # serve migrates and collects static files before it listens
STOP_TIMEOUT_SECONDS = 20
PASSWORD = "microposts-seed"  # noqa: S105 - every seeded user's, as `microposts seed --help` says


class HarnessError(Exception):
    """The benchmark itself could not run: no server, no load generator, no tokens."""


def _cookie(response: http.client.HTTPResponse, name: str) -> str:
    for header in response.headers.get_all("Set-Cookie") or []:
        found = re.match(rf"{name}=([^;]+)", header)
        if found:
            return found.group(1)
    raise HarnessError(f"no {name} cookie in the answer to a login request")


def free_port() -> int:
    # Port 0 asks the kernel for a free one; 8000 is left to people running `make serve`.
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """`with Server(var_dir) as server:` starts it, waits for /healthz, and stops it on exit."""

    def __init__(self, var_dir: Path, log: str = "server.log", **environment: str) -> None:
        """`environment`: settings of this server's own (REQUEST_LOGS=false, ...)."""
        self.var_dir = var_dir
        self.environment = environment
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.log_path = var_dir / log
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def __enter__(self) -> Self:
        self._log = self.log_path.open("wb")
        command = [MICROPOSTS, "serve", "--host", HOST, "--port", str(self.port)]
        self._process = subprocess.Popen(
            [*command, "--workers", str(WORKERS)],
            cwd=self.var_dir,
            env=child_environment(
                self.var_dir, MICROPOSTS_BENCH_ENDPOINTS="true", **self.environment
            ),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in the terminal reaches us, not the server
        )
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise HarnessError(f"the server exited at start:\n{self.log_tail()}")
            try:
                health = f"{self.base_url}/healthz"
                with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise HarnessError(f"the server did not answer /healthz in time:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM, then check that it exited; SIGKILL and fail if it did not."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise HarnessError("the server ignored SIGTERM and was killed") from None
        if self._log is not None:
            self._log.close()
            self._log = None

    def cpu_seconds(self) -> float:
        """CPU time (user and system) of the server's live processes so far: the server, its
        app-server workers and task workers, which share its process group. Linux only."""
        if self._process is None:
            return 0.0
        group = self._process.pid  # start_new_session: the server leads its own group
        ticks = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone since listed, or not Linux
                continue
            if int(fields[2]) == group:  # after the name: state, ppid, pgrp, ..., utime, stime
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        if self._log is not None:
            self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def session(self, username: str) -> str:
        """The cookies of a browser signed in as `username` through the login form: the session
        and the CSRF cookie, which a browser sends back (without it, every page makes a new one)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
        try:
            connection.request("GET", "/login")
            page = connection.getresponse()
            page.read()
            csrf = _cookie(page, "csrftoken")
            body = urllib.parse.urlencode({"username": username, "password": PASSWORD})
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "X-CSRFToken": csrf,
            }
            connection.request("POST", "/login", body=body, headers=headers)
            answer = connection.getresponse()
            answer.read()
            if answer.status != 302:  # a successful login redirects
                raise HarnessError(f"web login as {username} failed: {answer.status}")
            # Logging in rotates the CSRF secret: the answer carries the new cookie.
            csrf = _cookie(answer, "csrftoken")
            return f"csrftoken={csrf}; sessionid={_cookie(answer, 'sessionid')}"
        finally:
            connection.close()

    def token(self, username: str) -> str:
        """A bearer token for `username`, through the API's login endpoint."""
        body = urllib.parse.urlencode(
            {"grant_type": "client_credentials", "client_id": username, "client_secret": PASSWORD}
        ).encode()
        request = urllib.request.Request(f"{self.base_url}/api/token", data=body, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                token: str = json.load(response)["access_token"]
                return token
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")
            raise HarnessError(f"login as {username} failed: {error.code} {detail}") from None
