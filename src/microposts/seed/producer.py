"""The generator's own process: it makes the next rows while the parent writes the last ones.

A thread was tried first and gave no overlap at all (130 s of wall time for 130 s of CPU, at
10,000 users / 1,000,000 posts): executemany needs the GIL back after every row it steps, and
the generating thread holds it. In a process of its own the generator runs on the second core,
and rows cross as pickled batches: 98 s for the same seed.

This module is imported by a freshly spawned interpreter before Django is set up, so it imports
the ORM-dependent generator only inside `produce`, and takes the recipe as a plain dict.
"""

import traceback
from datetime import datetime, timedelta
from multiprocessing.queues import Queue
from typing import Any

FOLLOW_BATCH = 100_000
_NAIVE_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - SQLite stores UTC moments without offset


def sqlite_moment(millisecond: int) -> str:
    # What Django's SQLite backend stores for a UTC datetime: str() of the naive value.
    return str(_NAIVE_EPOCH + timedelta(milliseconds=millisecond))


def produce(
    recipe: dict[str, int], password_hash: str, moments: str, channel: "Queue[Any]", size: int
) -> None:
    """Send ("users", rows), ("follows", rows)..., ("posts", PostBatch)..., then ("done", None).

    `moments` is "text" for SQLite's UTC text, or "aware" for datetimes the driver adapts.
    A failure is sent as ("error", traceback) for the parent to raise.
    """
    try:
        import django  # noqa: PLC0415 - a spawned interpreter sets Django up first

        django.setup()
        from microposts.seed.generator import Recipe, SeedGenerator, aware_moment  # noqa: PLC0415

        moment = sqlite_moment if moments == "text" else aware_moment
        generator = SeedGenerator(Recipe(**recipe), moment=moment)
        channel.put(("users", generator.user_rows(password_hash)))
        rows = list(generator.follow_rows())
        for start in range(0, len(rows), FOLLOW_BATCH):
            channel.put(("follows", rows[start : start + FOLLOW_BATCH]))
        for batch in generator.post_batches(size):
            channel.put(("posts", batch))
        channel.put(("done", None))
    except BaseException:  # noqa: BLE001 - the parent raises it, with this traceback
        channel.put(("error", traceback.format_exc()))
