"""The embedded profile's broker: kombu's SQL transport on a SQLite file, polled more often and
read in queue order.

kombu's virtual transports sleep `polling_interval` (a second) whenever a worker cannot take
another message, which with acks_late and a prefetch of one is after every message: a worker
then ran one task a second (measured: 300 fan-out jobs took five minutes). Polling every 50 ms
costs one indexed SQLite read per poll when idle.

They also take their queues in turn. Here every fetch starts again from the first queue the
worker was given (`priority`, then `background`), as Redis does with `queue_order_strategy`.
"""

from queue import Empty
from typing import Any

from kombu.transport.sqlalchemy import Channel as SQLAlchemyChannel
from kombu.transport.sqlalchemy import Transport as SQLAlchemyTransport
from kombu.utils.scheduling import FairCycle

POLLING_INTERVAL_SECONDS = 0.05


class InOrder(FairCycle):
    """Each fetch tries the queues from the first, so a later one waits until those are empty."""

    def get(self, callback: Any, **options: Any) -> Any:
        self.pos = 0
        return super().get(callback, **options)


class Channel(SQLAlchemyChannel):
    def _reset_cycle(self) -> None:
        self._cycle = InOrder(self._get_and_deliver, self._active_queues, Empty)


class Transport(SQLAlchemyTransport):
    Channel = Channel
    polling_interval = POLLING_INTERVAL_SECONDS
