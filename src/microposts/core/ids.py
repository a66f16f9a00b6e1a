"""Snowflake ids: time-ordered 64-bit integers, the format Mastodon clients expect.

The high bits are milliseconds since the Unix epoch, the low 16 bits a sequence. Ids therefore sort
by creation time and serve as the keyset-pagination cursor.

Within one process ids are strictly increasing. Each process starts its sequence at a random
point in the lower half of the 16 bits, so two processes creating rows in the same millisecond
collide only with probability about 1/32,768 (the insert then fails loudly on the primary key).
"""

import secrets
import threading
import time
from datetime import datetime

SEQUENCE_BITS = 16
SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1

_lock = threading.Lock()
_last_millisecond = 0
_sequence = 0


def snowflake_now() -> int:
    global _last_millisecond, _sequence  # noqa: PLW0603 - one generator per process, guarded by a lock
    with _lock:
        millisecond = time.time_ns() // 1_000_000
        if millisecond > _last_millisecond:
            _last_millisecond = millisecond
            _sequence = secrets.randbelow(1 << (SEQUENCE_BITS - 1))
        else:
            # Same millisecond (or the clock stepped back): keep counting, and borrow the next
            # millisecond when the sequence is exhausted, so ids never repeat or go backwards.
            _sequence += 1
            if _sequence > SEQUENCE_MASK:
                _last_millisecond += 1
                _sequence = 0
        return (_last_millisecond << SEQUENCE_BITS) | _sequence


def snowflake_at(moment: datetime, sequence: int = 0) -> int:
    """The id of a row created at `moment`: for data made in bulk, and for time-range queries."""
    # Whole seconds and milliseconds apart: `timestamp() * 1000` is a float product that can round
    # up into the next millisecond (2249-01-01 00:00:00.056999 gave .057).
    whole_seconds = int(moment.replace(microsecond=0).timestamp())
    millisecond = whole_seconds * 1000 + moment.microsecond // 1000
    return (millisecond << SEQUENCE_BITS) | (sequence & SEQUENCE_MASK)


def snowflake_seconds(value: int) -> float:
    """When the row of id `value` was created, in seconds since the Unix epoch."""
    return (value >> SEQUENCE_BITS) / 1000
