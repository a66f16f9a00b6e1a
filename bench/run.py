"""Load benchmark of the real server: `make bench` (full) or `make bench BENCH_ARGS=--smoke` (CI).

Seeds (or reuses) a SQLite data set, starts `microposts serve --workers 2` on a free loopback port,
logs in as seeded users, then drives five scenarios with wrk for a fixed time each: the bare
Django view (the ceiling), a user's collection, a user's timeline (of ordinary and of heavy
readers), the website's home page, and post creation; then the home page in turns on that server
and on a second one with request logs and metrics off, for what they cost. Prints a table and
writes bench/results/<timestamp>.json. See bench/README.md.

Exit status: 0 when the benchmark ran, whatever its figures; 2 when the harness broke (no server,
no load generator, no login); with --smoke also 1 when any request failed.
"""

import argparse
import signal
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from dataset import BenchUsers, DatasetSpec, bench_users, prepared, working_copy
from loadgen import WRK_THREADS, LoadGenerator, Measurement
from report import cpu_comparison, failures, save, table, verdicts
from server import WORKERS, HarnessError, Server

PAGE = "size=20"


@dataclass(frozen=True)
class Plan:
    spec: DatasetSpec
    seconds: int
    warmup: int
    connections: int
    logins: int
    readers: int
    smoke: bool


def _arguments(argv: list[str]) -> Plan:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small and short: checks the harness")
    parser.add_argument("--users", type=int, help="default: 10000 (smoke: 200)")
    parser.add_argument("--posts", type=int, help="default: 1000000 (smoke: 5000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, help="seconds per scenario; default: 10 (smoke: 3)")
    parser.add_argument("--warmup", type=int, help="seconds before each; default: 2 (smoke: 1)")
    parser.add_argument("--connections", type=int, default=16)
    given = parser.parse_args(argv)
    smoke = given.smoke
    return Plan(
        spec=DatasetSpec(
            users=given.users or (200 if smoke else 10_000),
            posts=given.posts if given.posts is not None else (5_000 if smoke else 1_000_000),
            seed=given.seed,
        ),
        seconds=given.duration or (3 if smoke else 10),
        warmup=given.warmup if given.warmup is not None else (1 if smoke else 2),
        connections=given.connections,
        logins=8 if smoke else 32,
        readers=100 if smoke else 500,
        smoke=smoke,
    )


def _request_files(
    run_dir: Path, users: BenchUsers, tokens: dict[str, str], sessions: dict[str, str]
) -> dict[str, Path]:
    """One request list per scenario (METHOD, PATH, TOKEN per line), read by scenario.lua."""
    logins = list(tokens.items())
    scenarios = {
        "bare": [("GET", "/_bench/bare", logins[0][1])],
        "collection": [
            ("GET", f"/api/users/{name}/collection?{PAGE}", logins[i % len(logins)][1])
            for i, name in enumerate(users.collection)
        ],
        "timeline": [
            ("GET", f"/api/users/{name}/timeline?{PAGE}", logins[i % len(logins)][1])
            for i, name in enumerate(users.collection)
        ],
        "timeline-heavy": [
            ("GET", f"/api/users/{name}/timeline?{PAGE}", token) for name, token in logins
        ],
        # The website's home timeline of the same users as timeline-heavy, a page of 20 posts.
        "home-html": [("GET", "/home", f"cookie:{cookie}") for cookie in sessions.values()],
        "create": [("POST", f"/api/users/{name}/collection", token) for name, token in logins],
    }
    files = {}
    for name, lines in scenarios.items():
        files[name] = run_dir / f"{name}.requests"
        files[name].write_text("".join("\t".join(line) + "\n" for line in lines), encoding="utf-8")
    return files


def _measure_all(
    plan: Plan, server: Server, files: dict[str, Path], generator: LoadGenerator
) -> dict[str, Measurement]:
    print(f"Load: {generator.name}, {plan.connections} connections, {plan.seconds} s each")
    results = {}
    for name, requests_file in files.items():
        if plan.warmup:
            generator.measure(server.base_url, requests_file, seconds=plan.warmup)
        results[name] = generator.measure(server.base_url, requests_file, seconds=plan.seconds)
        print(f"  {name}: {results[name].rps:.1f} req/s", flush=True)
    return results


# What request log lines and metrics cost (issue 5): the home page on two new servers, one with
# both turned off, in short turns, OPERATIONS_ROUNDS times each, in the order on-off, off-on,
# on-off, ..., so that the machine's drift falls on both alike. Both are new and serve nothing
# else: the first server, warm from the other scenarios (each process's SQLite page cache full
# of their pages), ran behind a fresh one whatever its settings. And it runs before `create`,
# whose posts leave work to the task workers of every server.
WITHOUT_OPERATIONS = {"REQUEST_LOGS": "false", "METRICS_ENABLED": "false"}
OPERATIONS_ROUNDS = 10  # turns of 3 s (1 s in a smoke run): one turn alone varies by +-25% here


def _combined(runs: list[Measurement]) -> Measurement:
    """Several runs of one scenario as one: all their requests over all their time."""
    return Measurement(
        requests=sum(run.requests for run in runs),
        seconds=sum(run.seconds for run in runs),
        p50_ms=max(run.p50_ms for run in runs),
        p99_ms=max(run.p99_ms for run in runs),
        non2xx=sum(run.non2xx for run in runs),
        socket_errors=sum(run.socket_errors for run in runs),
        first_failure=next((run.first_failure for run in runs if run.first_failure), ""),
        server_cpu_seconds=sum(run.server_cpu_seconds for run in runs),
    )


def _operations_cost(
    plan: Plan, servers: dict[str, Server], requests_file: Path, generator: LoadGenerator
) -> dict[str, Measurement]:
    print(f"Logs and metrics on and off, in turns, {OPERATIONS_ROUNDS} times each", flush=True)
    runs: dict[str, list[Measurement]] = {name: [] for name in servers}
    turn = 1 if plan.smoke else 3
    order = list(servers.items())
    for _ in range(OPERATIONS_ROUNDS):
        for name, server in order:
            generator.measure(server.base_url, requests_file, seconds=1)  # its connections warm
            used = server.cpu_seconds()
            measured = generator.measure(server.base_url, requests_file, seconds=turn)
            used = server.cpu_seconds() - used
            runs[name].append(replace(measured, server_cpu_seconds=used))
        order.reverse()
    results = {name: _combined(found) for name, found in runs.items()}
    for name, measured in results.items():
        print(
            f"  {name}: {measured.rps:.1f} req/s, "
            f"server CPU {measured.cpu_ms_per_request:.2f} ms a request",
            flush=True,
        )
    return results


def _benchmark(plan: Plan, generator: LoadGenerator) -> dict[str, Measurement]:
    run_dir = working_copy(prepared(plan.spec))
    users = bench_users(run_dir, logins=plan.logins, readers=plan.readers)
    with Server(run_dir) as server:
        print(f"Server up at {server.base_url} (log: {server.log_path})", flush=True)
        tokens = {name: server.token(name) for name in users.timeline}
        # Sessions live in the database: these browsers are signed in on every server.
        sessions = {name: server.session(name) for name in users.timeline}
        files = _request_files(run_dir, users, tokens, sessions)
        reads = {name: path for name, path in files.items() if name != "create"}
        results = _measure_all(plan, server, reads, generator)
        with (
            Server(run_dir, log="server-ops.log") as with_operations,
            Server(run_dir, log="server-no-ops.log", **WITHOUT_OPERATIONS) as without,
        ):
            servers = {"home-html-ops": with_operations, "home-html-no-ops": without}
            results.update(_operations_cost(plan, servers, files["home-html"], generator))
        results.update(_measure_all(plan, server, {"create": files["create"]}, generator))
    return results


def _settings(plan: Plan, generator: LoadGenerator) -> dict[str, object]:
    return {
        **asdict(plan),
        "server": f"microposts serve --workers {WORKERS} (threads: WEB_THREADS or 4)",
        "load_generator": generator.name,
        "wrk_threads": WRK_THREADS,
    }


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM (a cancelled CI job) stops the server as Ctrl-C does


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    plan = _arguments(argv)
    started = time.monotonic()
    try:
        generator = LoadGenerator(connections=plan.connections)
        results = _benchmark(plan, generator)
    except HarnessError as error:
        print(f"bench: harness error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted; the server was stopped", file=sys.stderr)
        return 130
    print()
    print(table(results))
    print()
    for text, met in verdicts(results):
        print(f"{'PASS' if met else 'FAIL'}  {text}")
    if comparison := cpu_comparison(results):
        print(f"      {comparison}")
    path = save(results, _settings(plan, generator))
    print(f"\nResults: {path.relative_to(path.parents[2])} ({time.monotonic() - started:.0f} s)")
    if plan.smoke and (problems := failures(results)):
        print("bench --smoke: requests failed:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
