import os
import stat
from pathlib import Path

import pytest

from microposts.config.env import (
    ConfigurationError,
    load_env_file,
    read_bool,
    read_int,
    read_list,
    read_secret_key,
    read_url,
)


def test_booleans_accept_common_words(monkeypatch: pytest.MonkeyPatch) -> None:
    for word, expected in [
        ("true", True),
        ("YES", True),
        ("1", True),
        ("off", False),
        ("0", False),
    ]:
        monkeypatch.setenv("FLAG", word)
        assert read_bool("FLAG", default=not expected) is expected


def test_a_boolean_that_is_not_one_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ConfigurationError, match=r"^DEBUG: expected true or false, got 'maybe'$"):
        read_bool("DEBUG", default=False)


def test_an_unset_variable_gives_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAX_POST_LENGTH", raising=False)
    assert read_int("MAX_POST_LENGTH", 500) == 500


def test_a_number_out_of_range_names_the_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_POST_LENGTH", "0")
    with pytest.raises(ConfigurationError, match="MAX_POST_LENGTH: expected at least 1"):
        read_int("MAX_POST_LENGTH", 500, minimum=1)


def test_a_number_that_is_not_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ConfigurationError, match="PORT: expected a whole number, got 'eighty'"):
        read_int("PORT", 8000)


def test_lists_are_comma_separated_and_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", " example.org, www.example.org ,,")
    assert read_list("ALLOWED_HOSTS", []) == ["example.org", "www.example.org"]


def test_a_url_with_another_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://db/microposts")
    with pytest.raises(ConfigurationError, match=r"DATABASE_URL: expected a URL starting with"):
        read_url("DATABASE_URL", schemes=("postgres", "sqlite"))


def test_an_empty_url_means_not_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "  ")
    assert read_url("REDIS_URL", schemes=("redis",)) is None


def test_a_secret_key_is_made_once_and_kept_private(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = read_secret_key("SECRET_KEY", tmp_path / "var")
    second = read_secret_key("SECRET_KEY", tmp_path / "var")
    assert first == second
    assert len(first) >= 50
    mode = stat.S_IMODE((tmp_path / "var" / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert sorted(path.name for path in (tmp_path / "var").iterdir()) == ["secret_key"]


def test_a_short_secret_key_from_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigurationError, match="SECRET_KEY: expected at least 32 characters"):
        read_secret_key("SECRET_KEY", tmp_path)


def test_an_env_file_fills_what_the_environment_does_not_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KEPT", "from the environment")
    monkeypatch.delenv("FRESH", raising=False)
    monkeypatch.delenv("QUOTED", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\n\nKEPT=from the file\nexport FRESH=1\nQUOTED='a b # c'\n", encoding="utf-8"
    )
    load_env_file(env_file)
    assert os.environ["KEPT"] == "from the environment"
    assert os.environ["FRESH"] == "1"
    assert os.environ["QUOTED"] == "a b # c"


def test_a_broken_env_file_line_is_named(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("GOOD=1\nthis is not a setting\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"^\.env line 2: expected NAME=value$"):
        load_env_file(env_file)


def test_a_missing_env_file_is_not_an_error(tmp_path: Path) -> None:
    load_env_file(tmp_path / "absent")
