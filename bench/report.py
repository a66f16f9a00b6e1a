"""The benchmark's results: a table on stdout, targets checked, JSON in bench/results/."""

import json
import os
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loadgen import Measurement

RESULTS_DIR = Path(__file__).resolve().parent / "results"
CEILING = "bare"
# Each scenario's requests per second must reach this share of another's, in the same run.
TARGETS = [
    ("collection", 0.30, CEILING),
    ("timeline", 0.30, CEILING),
    # The HTML home timeline against the API timeline of the same users (issue 3).
    ("home-html", 0.50, "timeline-heavy"),
    # Logs and metrics cost at most a tenth of the home timeline's throughput (issue 5).
    ("home-html-ops", 0.90, "home-html-no-ops"),
]


def ratio(results: dict[str, Measurement], name: str, base: str = CEILING) -> float:
    ceiling = results[base].rps
    return results[name].rps / ceiling if ceiling else 0.0


def table(results: dict[str, Measurement]) -> str:
    header = f"{'scenario':<16}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>9}{'ratio':>8}"
    rows = [header, "-" * len(header)]
    for name, measured in results.items():
        rows.append(
            f"{name:<16}{measured.rps:>10.1f}{measured.p50_ms:>10.2f}{measured.p99_ms:>10.2f}"
            f"{measured.errors:>9}{ratio(results, name):>8.2f}"
        )
    return "\n".join(rows)


def verdicts(results: dict[str, Measurement]) -> list[tuple[str, bool]]:
    """(description, met) for every target: each ratio, and no errors anywhere."""
    checks = []
    for name, share, base in TARGETS:
        if name in results and base in results:
            # A ratio earned with failing requests (fast 4xx answers) does not count.
            errors = f", {results[name].errors} errors" if results[name].errors else ""
            got = ratio(results, name, base)
            text = f"{name} >= {share:.0%} of {base} (got {got:.1%}{errors})"
            checks.append((text, got >= share and not errors))
    errors = sum(measured.errors for measured in results.values())
    checks.append((f"no errors (got {errors})", errors == 0))
    return checks


def cpu_comparison(results: dict[str, Measurement]) -> str:
    """The server CPU a home page costs with logs and metrics against without (not a target:
    a steadier view of the same cost than throughput on a shared machine)."""
    on, off = results.get("home-html-ops"), results.get("home-html-no-ops")
    if on is None or off is None or not off.cpu_ms_per_request:
        return ""
    more = on.cpu_ms_per_request / off.cpu_ms_per_request - 1
    return (
        f"server CPU a home page: {on.cpu_ms_per_request:.2f} ms with logs and metrics, "
        f"{off.cpu_ms_per_request:.2f} ms without ({more:+.1%})"
    )


def failures(results: dict[str, Measurement]) -> list[str]:
    return [
        f"{name}: {measured.non2xx} non-2xx, {measured.socket_errors} socket errors"
        + (f" (first: {measured.first_failure})" if measured.first_failure else "")
        for name, measured in results.items()
        if measured.errors
    ]


def _machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": platform.platform(),
    }


def save(results: dict[str, Measurement], settings: dict[str, Any]) -> Path:
    moment = datetime.now(UTC)
    document = {
        "timestamp": moment.isoformat(timespec="seconds"),
        "settings": settings,
        "machine": _machine(),
        "scenarios": {
            name: {
                "rps": round(measured.rps, 1),
                "p50_ms": round(measured.p50_ms, 3),
                "p99_ms": round(measured.p99_ms, 3),
                "requests": measured.requests,
                "seconds": round(measured.seconds, 2),
                "non2xx": measured.non2xx,
                "socket_errors": measured.socket_errors,
                "ratio_to_bare": round(ratio(results, name), 3),
            }
            for name, measured in results.items()
        },
        "targets": [{"target": text, "met": met} for text, met in verdicts(results)],
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{moment:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path
