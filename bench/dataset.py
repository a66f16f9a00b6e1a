"""The benchmark's data: a seeded SQLite database, made once per size and reused.

A pristine copy is kept per (users, posts, seed) under bench/var/datasets/, and made again when
the schema or the seed's code changes; every run serves a fresh copy of it, because the
post-creation scenario adds rows.
"""

import hashlib
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
VAR_DIR = BENCH_DIR / "var"
MICROPOSTS = str(Path(sys.executable).with_name("microposts"))
DATABASE_FILE = "microposts.sqlite3"
MARKER_FILE = "seeded.json"
# A fixed end keeps a data set identical whenever it is made (the seed's default is today).
DATASET_END = "2025-01-01"
SEED_TIMEOUT_SECONDS = 1_800


@dataclass(frozen=True)
class DatasetSpec:
    users: int
    posts: int
    seed: int = 1

    @property
    def name(self) -> str:
        return f"u{self.users}-p{self.posts}-s{self.seed}"


def child_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """This environment on the embedded profile (no DATABASE_URL, no REDIS_URL) in `var_dir`."""
    import os  # noqa: PLC0415 - only this function reads the process environment

    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment["MICROPOSTS_VAR_DIR"] = str(var_dir)
    environment.update(extra)
    return environment


def _microposts(var_dir: Path, *arguments: str) -> None:
    # Run from var_dir: the command reads a .env in its working directory, and a developer's
    # .env (say, one naming PostgreSQL) must not redirect the benchmark.
    started = time.perf_counter()
    subprocess.run(
        [MICROPOSTS, *arguments],
        cwd=var_dir,
        env=child_environment(var_dir),
        check=True,
        timeout=SEED_TIMEOUT_SECONDS,
    )
    print(f"  microposts {arguments[0]}: {time.perf_counter() - started:.1f} s", flush=True)


def code_fingerprint() -> str:
    """A digest of the schema (every migration) and of the seed's code.

    A data set made before either changed is made again: an edited migration would not be
    noticed by `migrate`, and changed seed code would make different data.
    """
    import microposts  # noqa: PLC0415 - only its location is needed

    package = Path(microposts.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("*/migrations/*.py"), *package.glob("seed/**/*.py")]):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _marker(spec: DatasetSpec) -> dict[str, object]:
    return {**asdict(spec), "code": code_fingerprint()}


def _seed(spec: DatasetSpec, directory: Path) -> None:
    if directory.exists():  # an interrupted earlier attempt
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    _microposts(directory, "migrate", "--verbosity=0")
    counts = [f"--users={spec.users}", f"--posts={spec.posts}", f"--seed={spec.seed}"]
    _microposts(directory, "seed", *counts, f"--end={DATASET_END}")
    # Everything into the main file, so that copying that one file copies the whole data set.
    with closing(sqlite3.connect(directory / DATABASE_FILE)) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (directory / MARKER_FILE).write_text(json.dumps(_marker(spec)), encoding="utf-8")


def prepared(spec: DatasetSpec) -> Path:
    """The pristine data set's directory, seeded now unless an earlier run left it complete."""
    directory = VAR_DIR / "datasets" / spec.name
    marker = directory / MARKER_FILE
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == _marker(spec):
        print(f"Reusing the data set in {directory.relative_to(BENCH_DIR.parent)}", flush=True)
        return directory
    print(
        f"Seeding {spec.users:,} users and {spec.posts:,} posts (kept for later runs)", flush=True
    )
    _seed(spec, directory)
    return directory


def working_copy(dataset: Path) -> Path:
    """A fresh copy of the data set for one run: what the server reads and writes."""
    run_dir = VAR_DIR / "run"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    for name in (DATABASE_FILE, "secret_key"):
        shutil.copyfile(dataset / name, run_dir / name)
    return run_dir


@dataclass(frozen=True)
class BenchUsers:
    timeline: list[str]  # users who follow many accounts: they log in, post, read (heavy)
    collection: list[str]  # users drawn at random: their collections and timelines are read


def bench_users(run_dir: Path, *, logins: int, readers: int) -> BenchUsers:
    """Users to log in as (they follow many accounts) and users whose collections are read.

    Read straight from the SQLite file: the benchmark runs on the embedded profile only.
    """
    with closing(sqlite3.connect(f"file:{run_dir / DATABASE_FILE}?mode=ro", uri=True)) as database:
        following = [
            row[0]
            for row in database.execute(
                "SELECT u.username FROM accounts_follow f JOIN accounts_user u"
                " ON u.id = f.follower_id GROUP BY u.id ORDER BY COUNT(*) DESC, u.id"
            )
        ]
        everyone = [row[0] for row in database.execute("SELECT username FROM accounts_user")]
    # Evenly spaced through the top tenth by follows: heavy timelines and merely busy ones.
    top = following[: max(logins, len(following) // 10)]
    step = max(1, len(top) // logins)
    timeline = top[::step][:logins]
    collection = random.Random(1).sample(everyone, min(readers, len(everyone)))
    if not timeline:
        raise RuntimeError("the data set has no follows: seed more users")
    return BenchUsers(timeline=timeline, collection=collection)
