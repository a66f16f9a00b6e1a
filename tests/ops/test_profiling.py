"""Profiling one request: off by default, on with the configured secret, or 1 in N."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from microposts.ops import profiling
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

SECRET = "let-me-see-inside-42"


@pytest.fixture
def profiles(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path / "profiles"


def test_profiling_is_off_unless_configured(profiles: Path) -> None:
    response = Client().get("/api/version", headers={"X-Profile": SECRET})

    assert response.status_code == 200
    assert not profiles.exists()


def test_a_request_with_the_secret_is_profiled_under_its_request_id(
    profiles: Path, settings: Any
) -> None:
    settings.PROFILING_SECRET = SECRET
    PostFactory.create_batch(20)  # a page with some work in it, for the sampler to see
    client = Client()  # a new client: middleware is set up with the settings of its time

    response = client.get("/", headers={"X-Profile": SECRET, "X-Request-ID": "prof-1"})

    assert response.status_code == 200
    assert sorted(path.name for path in profiles.iterdir()) == ["prof-1.html", "prof-1.txt"]
    assert "front_page" in (profiles / "prof-1.txt").read_text()  # the view, in the call tree
    assert "<html" in (profiles / "prof-1.html").read_text().lower()


@pytest.mark.parametrize("given", ["wrong", SECRET[:-1], SECRET + "x", ""])
def test_a_wrong_secret_is_ignored_and_never_reported(
    profiles: Path, settings: Any, given: str
) -> None:
    settings.PROFILING_SECRET = SECRET
    profiled = Client().get("/api/version")
    guessed = Client().get("/api/version", headers={"X-Profile": given})

    assert guessed.status_code == profiled.status_code == 200
    assert guessed.content == profiled.content
    assert set(guessed.headers) == set(profiled.headers)
    assert not profiles.exists()


def test_the_secret_is_compared_in_constant_time(
    profiles: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PROFILING_SECRET = SECRET
    compared: list[tuple[bytes, bytes]] = []
    real = profiling.hmac.compare_digest

    def spy(given: bytes, expected: bytes) -> bool:
        compared.append((given, expected))
        return real(given, expected)

    monkeypatch.setattr(profiling.hmac, "compare_digest", spy)
    Client().get("/api/version", headers={"X-Profile": "a guess"})

    assert compared == [(b"a guess", SECRET.encode())]


def test_sampling_profiles_one_request_in_n(profiles: Path, settings: Any) -> None:
    settings.PROFILING_SAMPLE_EVERY = 1  # every one: the draw is random
    client = Client()
    for number in range(3):
        client.get("/api/version", headers={"X-Request-ID": f"sampled-{number}"})

    assert len(list(profiles.glob("sampled-*.html"))) == 3


def test_a_profile_that_cannot_be_saved_is_logged_and_the_answer_unchanged(
    settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.VAR_DIR = blocked  # var/profiles cannot be made inside a file
    settings.PROFILING_SECRET = SECRET

    response = Client().get("/api/version", headers={"X-Profile": SECRET})

    assert response.status_code == 200
    assert any("not saved" in record.getMessage() for record in caplog.records)
