"""Carrying ticket events to live subscribers after their transaction commits.

Messages carry ids, never objects: each subscriber loads the event and checks what its user may see.
This in-process broker serves one server process; a cross-process broker has the same interface.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

@dataclass(frozen=True)
class EventNotice:
    """That a ticket event was committed: enough to route it, not to read it."""

    event_id: int
    ticket_id: int
    desk_id: int
    seq: int


class Subscription:
    """A subscriber's inbox. When it falls ``maxsize`` notices behind, further notices are dropped and
    ``missed`` is set: the subscriber then reconciles from the database (events have per-ticket
    sequence numbers), so nothing committed is lost."""

    def __init__(self, maxsize: int) -> None:
        self.queue: asyncio.Queue[EventNotice | None] = asyncio.Queue(maxsize=maxsize)
        self.missed = False

    def take_missed(self) -> bool:
        missed, self.missed = self.missed, False
        return missed

    def __aiter__(self) -> AsyncIterator[EventNotice]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[EventNotice]:
        while True:
            notice = await self.queue.get()
            if notice is None:
                return
            yield notice


class InProcessBroker:
    """Fan-out to the subscribers of this process."""

    def __init__(self, maxsize: int = 1000) -> None:
        self._subscribers: set[Subscription] = set()
        self._maxsize = maxsize

    async def publish(self, notices: list[EventNotice]) -> None:
        for notice in notices:
            for subscriber in list(self._subscribers):
                try:
                    subscriber.queue.put_nowait(notice)
                except asyncio.QueueFull:
                    subscriber.missed = True

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscription]:
        subscription = Subscription(self._maxsize)
        self._subscribers.add(subscription)
        try:
            yield subscription
        finally:
            self._subscribers.discard(subscription)

    async def close(self) -> None:
        for subscriber in list(self._subscribers):
            while not subscriber.queue.empty():
                subscriber.queue.get_nowait()
            subscriber.queue.put_nowait(None)
        self._subscribers.clear()
