"""Load generation with wrk (installed with apt-get when missing), or a Python stand-in.

wrk is written in C and costs the 2-core machine little CPU; the Python stand-in is used only
where wrk cannot be installed, and its figures are then lower than wrk's would be.
"""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fallback import python_load
from server import HarnessError

SCRIPT = Path(__file__).resolve().parent / "scenario.lua"
WRK_THREADS = 2
REQUEST_TIMEOUT_SECONDS = 5
RESULT_PREFIX = "WRK_RESULT "


@dataclass(frozen=True)
class Measurement:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    socket_errors: int
    first_failure: str = ""
    server_cpu_seconds: float = 0.0  # the server's processes, when the harness measured it

    @property
    def cpu_ms_per_request(self) -> float:
        return self.server_cpu_seconds * 1000 / self.requests if self.requests else 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non2xx + self.socket_errors


def _apt_get(*arguments: str) -> bool:
    try:
        completed = subprocess.run(
            ["apt-get", *arguments], capture_output=True, timeout=600, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return completed.returncode == 0


def ensure_wrk() -> str | None:
    """wrk's path, installing the Debian package if needed; None if that is impossible."""
    if found := shutil.which("wrk"):
        return found
    print("wrk is missing: installing it with apt-get", flush=True)
    if not _apt_get("install", "-y", "wrk"):
        _apt_get("update")  # the package lists may be stale or absent
        _apt_get("install", "-y", "wrk")
    return shutil.which("wrk")


def _parse(output: str) -> Measurement:
    lines = [line for line in output.splitlines() if line.startswith(RESULT_PREFIX)]
    if not lines:
        raise HarnessError(f"wrk printed no result line:\n{output[-2000:]}")
    data = json.loads(lines[-1][len(RESULT_PREFIX) :])
    return Measurement(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        non2xx=data["non2xx"],
        socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
        first_failure=data["first_failure"],
    )


def run_wrk(
    wrk: str, base_url: str, requests_file: Path, *, seconds: float, connections: int
) -> Measurement:
    command = [
        wrk,
        f"--threads={WRK_THREADS}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={REQUEST_TIMEOUT_SECONDS}s",
        f"--script={SCRIPT}",
        base_url,
        "--",
        str(requests_file),
    ]
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    except subprocess.TimeoutExpired:
        raise HarnessError("wrk did not finish in time") from None
    if completed.returncode != 0:
        raise HarnessError(f"wrk failed ({completed.returncode}):\n{completed.stderr[-2000:]}")
    return _parse(completed.stdout)


class LoadGenerator:
    """One interface over wrk and the Python stand-in."""

    def __init__(self, *, connections: int) -> None:
        self.connections = connections
        self.wrk = ensure_wrk()
        self.name = "wrk" if self.wrk else "python (wrk could not be installed)"

    def measure(self, base_url: str, requests_file: Path, *, seconds: float) -> Measurement:
        if self.wrk:
            return run_wrk(
                self.wrk, base_url, requests_file, seconds=seconds, connections=self.connections
            )
        summary = python_load(
            base_url, requests_file, seconds=seconds, connections=self.connections
        )
        return Measurement(**summary)
