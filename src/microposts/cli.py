"""The `microposts` command: `serve`, `worker`, `beat`, and every Django management command.

microposts serve [--host H] [--port P] [--workers N]
microposts worker [--concurrency N] [--queues priority,background] [--beat] [celery options]
microposts beat
microposts createuser ann --email ann@example.org
microposts seed --users 10000 --posts 1000000
microposts migrate | createsuperuser | shell | ...
"""

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from microposts.config.env import ConfigurationError, load_env_file, read_int, read_str

SETTINGS_MODULE = "microposts.config.settings"


class DatabaseUnreachable(Exception):
    """The configured database does not answer; the message names where it was looked for."""


def _unreachable(error: Exception) -> DatabaseUnreachable:
    from django.db import connection  # noqa: PLC0415

    settings = connection.settings_dict
    where = f"{settings.get('HOST') or 'localhost'}:{settings.get('PORT') or 'default port'}"
    if connection.vendor == "sqlite":
        where = str(settings["NAME"])
    text = str(error).strip()
    reason = text.splitlines()[0] if text else type(error).__name__
    return DatabaseUnreachable(f"cannot reach the database at {where} (DATABASE_URL): {reason}")


def _check_database() -> None:
    from django.db import connection  # noqa: PLC0415
    from django.db.utils import OperationalError  # noqa: PLC0415

    try:
        connection.ensure_connection()
    except OperationalError as error:
        raise _unreachable(error) from None


def _setup() -> None:
    import django  # noqa: PLC0415 - settings are read only after the environment is final

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    django.setup()


def _serve_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="microposts serve",
        description="Apply migrations, then serve web and API with granian (stops on SIGTERM).",
    )
    parser.add_argument(
        "--host", default=read_str("HOST", "127.0.0.1"), help="default: $HOST or 127.0.0.1"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=read_int("PORT", 8000, minimum=1, maximum=65_535),
        help="default: $PORT or 8000",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=read_int("WEB_WORKERS", 2, minimum=1),
        help="app-server processes; default: $WEB_WORKERS or 2",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=read_int("WEB_THREADS", 4, minimum=1),
        help="threads per process; default: $WEB_THREADS or 4",
    )
    parser.add_argument("--no-migrate", action="store_true", help="skip applying migrations first")
    return parser.parse_args(argv)


def _worker_arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="microposts worker",
        description="Run background tasks (Celery worker); other options go to `celery worker`.",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=read_int("WORKER_CONCURRENCY", 2, minimum=1),
        help="task processes; default: $WORKER_CONCURRENCY or 2",
    )
    parser.add_argument(
        "--queues",
        default="priority,background",
        help="queues to consume, the first served first; default: priority,background",
    )
    parser.add_argument(
        "--beat", action="store_true", help="also run the schedule (one such process in all)"
    )
    return parser.parse_known_args(argv)


def _schedule_file() -> str:
    from django.conf import settings  # noqa: PLC0415

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    return str(settings.VAR_DIR / "celerybeat-schedule")


def _quiet() -> list[str]:
    """Celery's start-up banner is text: left out when the log is JSON lines."""
    from django.conf import settings  # noqa: PLC0415

    return ["--quiet"] if settings.LOG_FORMAT == "json" else []


def worker(argv: Sequence[str]) -> int:
    """A Celery worker. It stops on SIGTERM after finishing the tasks it holds (Celery's warm
    shutdown); a task cut short by a harder kill runs again (acks_late, and core/jobs.py)."""
    arguments, celery_options = _worker_arguments(argv)
    _setup()
    _check_database()
    from microposts.config.celery import app  # noqa: PLC0415

    command = [
        *_quiet(),  # a global option: before the command
        "worker",
        f"--concurrency={arguments.concurrency}",
        f"--queues={arguments.queues}",
        "--without-gossip",  # no worker-to-worker chatter: nothing here uses it
        "--without-mingle",
        *celery_options,
    ]
    if arguments.beat:
        command += ["--beat", f"--schedule={_schedule_file()}"]
    app.worker_main(command)
    return 0


def beat(argv: Sequence[str]) -> int:
    """The schedule of periodic tasks (heartbeat, sweep): run exactly one in the deployment."""
    _setup()
    from microposts.config.celery import app  # noqa: PLC0415

    app.start([*_quiet(), "beat", f"--schedule={_schedule_file()}", *argv])
    return 0


def _embedded_worker() -> "subprocess.Popen[bytes] | None":
    """On the embedded profile (the broker is a SQLite file), `serve` runs the tasks too: one
    worker process with the schedule. On the scaled profile workers run on their own."""
    from django.conf import settings  # noqa: PLC0415

    if not settings.EMBEDDED_BROKER:
        return None
    command = [sys.executable, "-m", "microposts.cli", "worker", "--concurrency=1", "--beat"]
    return subprocess.Popen(command)  # noqa: S603 - our own command, fixed arguments


def _stop(process: "subprocess.Popen[bytes] | None") -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()  # a warm shutdown: the task in hand is finished first
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve(argv: Sequence[str]) -> int:
    arguments = _serve_arguments(argv)
    _setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    _check_database()
    if not arguments.no_migrate:
        call_command("migrate", interactive=False, verbosity=1)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(  # noqa: T201 - the one line a person starting the server looks for
        f"MicroPosts on http://{arguments.host}:{arguments.port}/ (API docs at /api/docs)",
        flush=True,
    )
    tasks = _embedded_worker()
    try:
        _granian(arguments, settings.STATIC_ROOT, settings.LOGGING)
    finally:
        _stop(tasks)
    return 0


def _granian(arguments: argparse.Namespace, static_root: Path, logging: dict[str, Any]) -> None:
    from granian import Granian  # noqa: PLC0415
    from granian.constants import Interfaces  # noqa: PLC0415

    # granian handles SIGINT and SIGTERM itself: workers finish the requests they hold, then exit.
    Granian(
        "microposts.config.wsgi:application",
        address=arguments.host,
        port=arguments.port,
        interface=Interfaces.WSGI,
        workers=arguments.workers,
        blocking_threads=arguments.threads,
        static_path_route=["/static"],
        static_path_mount=[static_root],
        respawn_failed_workers=True,
        log_dictconfig=logging,  # granian's own lines in the same format as ours
    ).serve()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        load_env_file(Path(".env"))
        commands = {"serve": serve, "worker": worker, "beat": beat}
        if arguments[:1] and arguments[0] in commands:
            return commands[arguments[0]](arguments[1:])
        _setup()
        from django.core.management import execute_from_command_line  # noqa: PLC0415
        from django.db.utils import OperationalError  # noqa: PLC0415

        try:
            execute_from_command_line(["microposts", *arguments])
        except OperationalError as error:
            raise _unreachable(error) from None
    except ConfigurationError as error:
        print(f"microposts: configuration error: {error}", file=sys.stderr)  # noqa: T201
        return 2
    except DatabaseUnreachable as error:
        print(f"microposts: {error}", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
