"""Typed reading of environment variables (twelve-factor config).

Every reader raises ConfigurationError with one line naming the variable and what is expected, so
start-up can stop with that line instead of a traceback.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
SECRET_KEY_MIN_LENGTH = 32


class ConfigurationError(Exception):
    """A setting from the environment is missing or malformed."""


def load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines from `path` into the environment, never overriding what is set.

    Comments (#) and blank lines are skipped; one pair of surrounding quotes is removed.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, equals, value = stripped.removeprefix("export ").partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name.isidentifier():
            raise ConfigurationError(f"{path.name} line {number}: expected NAME=value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":  # noqa: PLR2004
            value = value[1:-1]
        os.environ.setdefault(name, value)


def read_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def read_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}: expected true or false, got {raw!r}")


def read_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigurationError(f"{name}: expected a whole number, got {raw!r}") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise ConfigurationError(f"{name}: expected at least {minimum}{upper}, got {value}")
    return value


def read_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def read_url(name: str, *, schemes: tuple[str, ...]) -> str | None:
    """A URL with one of the given schemes, or None when the variable is unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in schemes:
        expected = ", ".join(f"{scheme}://" for scheme in schemes)
        shown = parts.scheme or "no scheme"
        raise ConfigurationError(f"{name}: expected a URL starting with {expected} (got {shown})")
    return raw


def read_secret_key(name: str, var_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated on first start and kept in var_dir."""
    raw = os.environ.get(name, "").strip()
    if raw:
        if len(raw) < SECRET_KEY_MIN_LENGTH:
            raise ConfigurationError(
                f"{name}: expected at least {SECRET_KEY_MIN_LENGTH} characters of random text"
            )
        return raw
    path = var_dir / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    var_dir.mkdir(parents=True, exist_ok=True)
    # Written whole to a private file, then linked into place: link() fails when the name exists,
    # so when several processes start at once the first one wins and none reads a half-written key.
    temporary = var_dir / f".secret_key.{os.getpid()}"
    temporary.write_text(secrets.token_urlsafe(50), encoding="ascii")
    temporary.chmod(0o600)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_text(encoding="ascii").strip()
