"""The `microposts` command: `serve`, and every Django management command passed through.

microposts serve [--host H] [--port P] [--workers N]
microposts createuser ann --email ann@example.org
microposts seed --users 10000 --posts 1000000
microposts migrate | createsuperuser | shell | ...
"""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

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


def serve(argv: Sequence[str]) -> int:
    arguments = _serve_arguments(argv)
    _setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from granian import Granian  # noqa: PLC0415
    from granian.constants import Interfaces  # noqa: PLC0415

    _check_database()
    if not arguments.no_migrate:
        call_command("migrate", interactive=False, verbosity=1)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(  # noqa: T201 - the one line a person starting the server looks for
        f"MicroPosts on http://{arguments.host}:{arguments.port}/ (API docs at /api/docs)",
        flush=True,
    )
    # granian handles SIGINT and SIGTERM itself: workers finish the requests they hold, then exit.
    Granian(
        "microposts.config.wsgi:application",
        address=arguments.host,
        port=arguments.port,
        interface=Interfaces.WSGI,
        workers=arguments.workers,
        blocking_threads=arguments.threads,
        static_path_route=["/static"],
        static_path_mount=[settings.STATIC_ROOT],
        respawn_failed_workers=True,
    ).serve()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        load_env_file(Path(".env"))
        if arguments[:1] == ["serve"]:
            return serve(arguments[1:])
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
