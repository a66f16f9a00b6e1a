"""A small HTTP/1.1 load generator in asyncio: the stand-in for wrk where wrk is unavailable.

Same request files and results as bench/scenario.lua: keep-alive connections, each sending its
next request as soon as the previous answer arrives, for a fixed time.
"""

import asyncio
import itertools
import time
import urllib.parse
from pathlib import Path
from typing import Any

RESPONSE_TIMEOUT_SECONDS = 5


def _requests(requests_file: Path, host: str) -> list[tuple[str, str, str]]:
    entries = []
    for line in requests_file.read_text(encoding="utf-8").splitlines():
        method, path, token = line.split("\t")
        credential = (
            f"Cookie: {token.removeprefix('cookie:')}"  # a web session (scenario.lua says why)
            if token.startswith("cookie:")
            else f"Authorization: Bearer {token}"
        )
        entries.append((method, path, f"Host: {host}\r\n{credential}\r\n"))
    return entries


def _encode(method: str, path: str, headers: str, sequence: int) -> bytes:
    if method != "POST":
        return f"{method} {path} HTTP/1.1\r\n{headers}\r\n".encode()
    body = f'{{"text": "Benchmark post p-{sequence}: load testing the collection #bench"}}'
    return (
        f"POST {path} HTTP/1.1\r\n{headers}Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


async def _read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in {b"\r\n", b""}:
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while (size := int((await reader.readline()).strip(), 16)) > 0:
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(length)
    return status


class _Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.non2xx = 0
        self.socket_errors = 0
        self.first_failure = ""


async def _connection(
    url: urllib.parse.SplitResult, entries: Any, deadline: float, tally: _Tally
) -> None:
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        while time.monotonic() < deadline:
            sequence, (method, path, headers) = next(entries)
            started = time.monotonic()
            writer.write(_encode(method, path, headers, sequence))
            status = await asyncio.wait_for(_read_response(reader), RESPONSE_TIMEOUT_SECONDS)
            tally.latencies.append(time.monotonic() - started)
            if not 200 <= status < 300:
                tally.non2xx += 1
                tally.first_failure = tally.first_failure or str(status)
    except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError, IndexError):
        tally.socket_errors += 1
    finally:
        writer.close()


async def _run(base_url: str, requests_file: Path, seconds: float, connections: int) -> _Tally:
    url = urllib.parse.urlsplit(base_url)
    entries = enumerate(itertools.cycle(_requests(requests_file, url.netloc)))
    tally = _Tally()
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(_connection(url, entries, deadline, tally) for _ in range(connections)))
    return tally


def python_load(
    base_url: str, requests_file: Path, *, seconds: float, connections: int
) -> dict[str, Any]:
    started = time.monotonic()
    tally = asyncio.run(_run(base_url, requests_file, seconds, connections))
    latencies = sorted(tally.latencies) or [0.0]
    return {
        "requests": len(tally.latencies),
        "seconds": time.monotonic() - started,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "non2xx": tally.non2xx,
        "socket_errors": tally.socket_errors,
        "first_failure": tally.first_failure,
    }
