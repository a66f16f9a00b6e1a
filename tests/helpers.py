"""Running the real `microposts` command in a child process, for system tests."""

import os
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

MICROPOSTS = str(Path(sys.executable).with_name("microposts"))


def child_environment(var_dir: Path, **overrides: str) -> dict[str, str]:
    """The test process's environment on the embedded profile, with a private var dir.

    The profile's backing services are left out unless given, so a child never touches the
    database that the test run itself uses.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    environment["MICROPOSTS_VAR_DIR"] = str(var_dir)
    environment.update(overrides)
    return environment


def run_microposts(
    *arguments: str, environment: Mapping[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command, with arguments the test chose
        [MICROPOSTS, *arguments],
        env=dict(environment),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
