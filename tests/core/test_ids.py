import sys
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from microposts.core import ids
from microposts.core.ids import (
    SEQUENCE_BITS,
    SEQUENCE_MASK,
    snowflake_at,
    snowflake_now,
)


def milliseconds_of(snowflake: int) -> int:
    """The high bits: milliseconds since the Unix epoch (core/ids.py)."""
    return snowflake >> SEQUENCE_BITS


MOMENTS = st.datetimes(
    min_value=datetime(1970, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds; timezones= makes them aware
    max_value=datetime(2999, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


class StoppedClock:
    """A clock that stays at one moment: the stand-in for the system clock, a true external."""

    def __init__(self, nanoseconds: int) -> None:
        self.nanoseconds = nanoseconds

    def time_ns(self) -> int:
        return self.nanoseconds


def _strictly_increasing(values: list[int]) -> bool:
    return all(earlier < later for earlier, later in pairwise(values))


def test_snowflakes_made_in_a_tight_loop_are_strictly_increasing() -> None:
    made = [snowflake_now() for _ in range(50_000)]

    assert _strictly_increasing(made)
    # Many share a millisecond, so the in-millisecond sequence is what kept them apart.
    assert len({snowflake >> SEQUENCE_BITS for snowflake in made}) < len(made)


def test_snowflakes_made_by_many_threads_at_once_are_unique_and_increasing_in_each_thread() -> None:
    thread_count, per_thread = 8, 20_000
    made: list[list[int]] = [[] for _ in range(thread_count)]
    start = threading.Barrier(thread_count)

    def make(into: list[int]) -> None:
        start.wait()
        into.extend(snowflake_now() for _ in range(per_thread))

    threads = [threading.Thread(target=make, args=(into,)) for into in made]
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so races would show
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switch_interval)

    everything = [snowflake for one_thread in made for snowflake in one_thread]
    assert len(everything) == thread_count * per_thread
    assert len(set(everything)) == len(everything)
    assert all(_strictly_increasing(one_thread) for one_thread in made)


def test_snowflakes_keep_increasing_when_the_clock_steps_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snowflake_now()
    monkeypatch.setattr(ids, "time", StoppedClock(time.time_ns() - 5_000_000_000))

    after = [snowflake_now() for _ in range(100)]

    assert _strictly_increasing([before, *after])


def test_snowflakes_borrow_the_next_millisecond_when_one_millisecond_runs_out_of_sequence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The present, not the future: the generator's state outlives this test.
    stopped_at = time.time_ns()
    monkeypatch.setattr(ids, "time", StoppedClock(stopped_at))

    made = [snowflake_now() for _ in range(SEQUENCE_MASK + 2)]

    assert _strictly_increasing(made)
    assert made[-1] >> SEQUENCE_BITS > stopped_at // 1_000_000


def test_a_snowflake_made_now_encodes_the_current_time() -> None:
    before = datetime.now(UTC)
    made = snowflake_now()
    after = datetime.now(UTC)

    made_at = datetime.fromtimestamp(milliseconds_of(made) / 1000, UTC)
    assert before - timedelta(milliseconds=1) <= made_at <= after
    assert snowflake_at(before) <= made < snowflake_at(after + timedelta(milliseconds=1))


@given(moment=MOMENTS, sequence=st.integers(min_value=0, max_value=SEQUENCE_MASK))
# timestamp() * 1000 in floating point once rounded this up to the next millisecond.
@example(moment=datetime(2249, 1, 1, 0, 0, 0, 56_999, tzinfo=UTC), sequence=0)
def test_a_snowflake_holds_the_moment_given_to_snowflake_at_to_the_millisecond(
    moment: datetime, sequence: int
) -> None:
    snowflake = snowflake_at(moment, sequence)

    to_the_millisecond = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    assert milliseconds_of(snowflake) / 1000 == to_the_millisecond.timestamp()
    assert snowflake & SEQUENCE_MASK == sequence
    assert 0 <= snowflake < 1 << 63


@given(
    moment=MOMENTS,
    later_by=st.timedeltas(min_value=timedelta(milliseconds=1), max_value=timedelta(days=1000)),
    earlier_sequence=st.integers(min_value=0, max_value=SEQUENCE_MASK),
    later_sequence=st.integers(min_value=0, max_value=SEQUENCE_MASK),
)
def test_snowflakes_of_a_later_millisecond_sort_after_every_snowflake_of_an_earlier_one(
    moment: datetime, later_by: timedelta, earlier_sequence: int, later_sequence: int
) -> None:
    earlier = snowflake_at(moment, earlier_sequence)
    later = snowflake_at(moment + later_by, later_sequence)

    assert earlier < later


def test_snowflake_at_is_the_same_for_the_same_instant_in_any_time_zone() -> None:
    in_utc = datetime(2026, 3, 1, 12, 0, 0, 123_000, tzinfo=UTC)
    in_kolkata = in_utc.astimezone(timezone(timedelta(hours=5, minutes=30)))

    assert snowflake_at(in_kolkata) == snowflake_at(in_utc)
