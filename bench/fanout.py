"""Fan-out benchmark (the task-manager issue): from POST returning to the post being in every
follower's Redis home timeline, for authors with 10, 1,000 and 10,000 followers.

The scaled profile on this machine, all on loopback: a fresh PostgreSQL database
(microposts_bench_fanout on 127.0.0.1:5432), Redis database 9 on 127.0.0.1:6379 (emptied), the
real server (`microposts serve`, 2 processes) and one worker (`microposts worker`, 2 processes).
Every follower has read their timeline lately, so every follower gets every post. After each
POST the script reads all followers' timelines (pipelined ZSCOREs) until each holds the post,
noting when it first did; those reads load Redis too, so the figures are, if anything, slower
than the fan-out alone.

    .venv/bin/python bench/fanout.py [--posts 10] [--big 10000]

Prints p50, p99 and the last follower's delay per author, the fan-out's timeline writes per
second beside `redis-benchmark`'s ZADD rate, and writes bench/results/fanout-<time>.json.
Targets: p99 <= 1 s at 1,000 followers; every one of 10,000 within 5 s.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
MICROPOSTS = str(Path(sys.executable).with_name("microposts"))
DATABASE = "microposts_bench_fanout"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/9"
PASSWORD = "fan-out benchmark password"  # noqa: S105 - the benchmark's own accounts
POLL_TIMEOUT_SECONDS = 30
TARGETS = {1_000: ("p99", 1.0), 10_000: ("last", 5.0)}


def _environment(var_dir: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        MICROPOSTS_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="microposts.config.settings",
        LOG_LEVEL="WARNING",
    )
    return environment


def _fresh_database() -> None:
    import psycopg  # noqa: PLC0415 - a dependency of the scaled profile

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        db.execute(f"CREATE DATABASE {DATABASE}")


POPULATE = """
import sys
import django
django.setup()
from django.contrib.auth.hashers import make_password
from microposts.accounts.models import Follow, User
from microposts.timelines import store

sizes = [int(size) for size in sys.argv[1:]]
pool = User.objects.bulk_create(
    [User(username=f"reader{n}", email="") for n in range(max(sizes))], batch_size=5000
)
for size in sizes:
    author = User.objects.create(username=f"author{size}", password=make_password(PASSWORD))
    Follow.objects.bulk_create(
        [Follow(follower=reader, followed=author) for reader in pool[:size]], batch_size=5000
    )
redis = store.client()
redis.flushdb()
for user in User.objects.all():  # everyone read their timeline lately: fan-out reaches all
    store.rebuild_begin(user.pk)
    store.rebuild_finish(user.pk, [])
print("populated", User.objects.count(), "users", Follow.objects.count(), "follows")
"""


def _populate(environment: dict[str, str], sizes: list[int]) -> None:
    script = f"PASSWORD = {PASSWORD!r}\n{POPULATE}"
    subprocess.run(
        [sys.executable, "-c", script, *map(str, sizes)], env=environment, check=True, cwd=ROOT
    )


def _start(arguments: list[str], environment: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            [MICROPOSTS, *arguments], env=environment, stdout=output, stderr=subprocess.STDOUT
        )


def _request(url: str, body: dict[str, str], token: str = "") -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return json.load(response)


def _wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def _arrivals(redis: Any, keys: list[str], member: str, started: float) -> list[float]:
    """Seconds from `started` until each key held `member`, read by polling."""
    arrived: dict[str, float] = {}
    waiting = list(keys)
    while waiting:
        now = time.perf_counter()
        if now - started > POLL_TIMEOUT_SECONDS:
            raise SystemExit(f"{len(waiting)} timelines never got {member}")
        with redis.pipeline(transaction=False) as pipe:
            for key in waiting:
                pipe.zscore(key, member)
            found = pipe.execute()
        seen = time.perf_counter() - started
        still = []
        for key, score in zip(waiting, found, strict=True):
            if score is None:
                still.append(key)
            else:
                arrived[key] = seen
        waiting = still
    return [arrived[key] for key in keys]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _redis_benchmark() -> float | None:
    """ZADD requests per second from redis-benchmark, pipelined as the fan-out is."""
    try:
        output = subprocess.run(
            [
                *("redis-benchmark", "-h", "127.0.0.1", "-p", "6379", "--dbnum", "9"),
                *("-n", "200000", "-P", "32", "-t", "zadd", "-q"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"ZADD: ([\d.]+) requests per second", output)
    return float(found.group(1)) if found else None


def _measure(base: str, sizes: list[int], posts: int) -> dict[str, Any]:
    import django  # noqa: PLC0415

    django.setup()
    from microposts.accounts.models import Follow, User  # noqa: PLC0415
    from microposts.timelines import store  # noqa: PLC0415

    redis, results = store.client(), {}
    for size in sizes:
        author = User.objects.get(username=f"author{size}")
        token = _request(
            f"{base}/api/token",
            {
                "grant_type": "client_credentials",
                "client_id": author.username,
                "client_secret": PASSWORD,
            },
        )["access_token"]
        followers = list(Follow.objects.filter(followed=author).values_list("follower", flat=True))
        keys = [store.timeline_key(user_id) for user_id in [author.pk, *followers]]
        delays: list[float] = []
        rates: list[float] = []
        for number in range(posts):
            body = {"text": f"fan-out {size} number {number}"}
            url = f"{base}/api/users/{author.username}/collection"
            post = _request(url, body, token)
            started = time.perf_counter()
            member = store.Entry(int(post["id"]), int(post["id"]), author.pk).member
            arrivals = _arrivals(redis, keys, member, started)
            delays += arrivals
            spread = max(arrivals) - min(arrivals)
            if spread > 0:
                rates.append(len(keys) / spread)
        results[str(size)] = {
            "followers": size,
            "posts": posts,
            "p50_s": statistics.median(delays),
            "p99_s": _percentile(delays, 0.99),
            "last_s": max(delays),
            "writes_per_s": statistics.median(rates) if rates else None,
        }
        print(
            f"  {size:>6} followers: p50 {results[str(size)]['p50_s']:.3f} s, "
            f"p99 {results[str(size)]['p99_s']:.3f} s, last {max(delays):.3f} s",
            flush=True,
        )
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10, help="posts per author (default 10)")
    parser.add_argument("--big", type=int, default=10_000, help="the largest audience")
    options = parser.parse_args(argv)
    sizes = [10, 1_000, options.big]
    var_dir = BENCH_DIR / "var" / "fanout"
    var_dir.mkdir(parents=True, exist_ok=True)
    environment = _environment(var_dir)
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT / "src"))

    _fresh_database()
    subprocess.run([MICROPOSTS, "migrate", "-v0"], env=environment, check=True)
    _populate(environment, sizes)
    port = 8765
    server = _start(
        ["serve", "--port", str(port), "--workers", "2", "--no-migrate"],
        environment,
        var_dir / "server.log",
    )
    worker = _start(["worker", "--concurrency", "2"], environment, var_dir / "worker.log")
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/healthz")
        time.sleep(3)  # the worker connects
        results = _measure(base, sizes, options.posts)
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=60)
    zadd = _redis_benchmark()
    report = {
        "when": datetime.now(tz=UTC).isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "results": results,
        "redis_benchmark_zadd_per_s": zadd,
    }
    big = results[str(options.big)]
    if zadd and big["writes_per_s"]:
        share = big["writes_per_s"] / zadd
        print(
            f"fan-out wrote {big['writes_per_s']:.0f} timelines/s; redis-benchmark ZADD "
            f"{zadd:.0f}/s (pipelined 32): {share:.0%}"
        )
    for size, (figure, limit) in TARGETS.items():
        if str(size) in results:
            got = results[str(size)][f"{figure}_s"]
            print(
                f"{'PASS' if got <= limit else 'FAIL'}  {figure} at {size} followers "
                f"<= {limit} s (got {got:.3f} s)"
            )
    out = BENCH_DIR / "results" / f"fanout-{datetime.now(tz=UTC):%Y%m%dT%H%M%SZ}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"Results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
