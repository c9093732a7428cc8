"""Carrying ticket events to live subscribers after their transaction commits, and the end of sign-ins to the
websockets that use them.

Messages carry ids, never objects: each subscriber loads the event and checks what its user may see.
``InProcessBroker`` serves one server process; ``loket.core.live.redis_broker.RedisBroker`` carries the same notices
between processes and hosts. Both have this module's interface: ``start``, ``publish``, ``subscribe``,
``announce``, ``on_sessions_ended``, ``announce_desk_changed``, ``on_desk_changed``, ``close``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from loket.core.errors import LoketError

if TYPE_CHECKING:
    from loket.core.settings import Settings

logger = logging.getLogger("loket.broker")


@dataclass(frozen=True)
class EventNotice:
    """That a ticket event was committed: enough to route it, not to read it."""

    event_id: int
    ticket_id: int
    desk_id: int
    seq: int


@dataclass(frozen=True)
class SessionsEnded:
    """That sign-ins ended: the sessions named, and every session of ``user_id`` when it is set. ``code`` says
    why, as a request with such a token is told: TOKEN_REVOKED (signed out, password reset) or ACCOUNT_DISABLED."""

    code: str
    session_ids: tuple[str, ...] = ()
    user_id: int | None = None


SessionsEndedListener = Callable[[SessionsEnded], None]


@dataclass(frozen=True)
class DeskChanged:
    """That a desk's admins changed its configuration (``desk`` its slug), or, with ``desk`` None, that this
    process may have missed such notices (its broker lost Redis for a while) and should read every desk again."""

    desk: str | None


DeskChangedListener = Callable[[DeskChanged], None]


class LiveUpdatesUnavailable(LoketError):
    """The broker that carries events between server processes cannot be reached: a live subscription would
    miss other processes' events, so none is started. Queries and mutations are unaffected."""

    code = "LIVE_UPDATES_UNAVAILABLE"


class LiveUpdatesInterrupted(LoketError):
    """The broker went away while a subscription was live: events may have been missed. The client subscribes
    again (with the last ``seq`` it received, for a ticket) and is given what it missed."""

    code = "LIVE_UPDATES_INTERRUPTED"


_INTERRUPTED = object()
_CLOSED = object()


class Subscription:
    """A subscriber's inbox. When it falls ``maxsize`` notices behind, further notices are dropped and
    ``missed`` is set: the subscriber then reconciles from the database (events have per-ticket
    sequence numbers), so nothing committed is lost."""

    def __init__(self, maxsize: int) -> None:
        self.queue: asyncio.Queue[EventNotice | object] = asyncio.Queue(maxsize=maxsize)
        self.missed = False

    def take_missed(self) -> bool:
        missed, self.missed = self.missed, False
        return missed

    def deliver(self, notice: EventNotice) -> None:
        try:
            self.queue.put_nowait(notice)
        except asyncio.QueueFull:
            self.missed = True

    def end(self, sentinel: object) -> None:
        """Wake the subscriber with ``sentinel`` in place of whatever it had not read yet."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(sentinel)

    def __aiter__(self) -> AsyncIterator[EventNotice]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[EventNotice]:
        while True:
            notice = await self.queue.get()
            if notice is _CLOSED:
                return
            if notice is _INTERRUPTED:
                raise LiveUpdatesInterrupted()
            assert isinstance(notice, EventNotice)
            yield notice


class Broker(Protocol):
    """What the services and the GraphQL subscriptions need from a broker."""

    async def start(self) -> None:
        """Begin carrying notices (connect, listen); called once by the application's lifespan."""

    async def publish(self, notices: list[EventNotice]) -> None:
        """Hand committed events to every subscriber, in this process and (for a shared broker) in others.
        Never raises: a mutation that committed stays committed when the broker is away."""

    def subscribe(self) -> AsyncIterator[Subscription]:
        """An async context manager giving an inbox of notices; raises LiveUpdatesUnavailable when the
        broker cannot promise to deliver other processes' events."""

    async def announce(self, ended: SessionsEnded) -> None:
        """Tell every process (this one at once) that sign-ins ended, so that their websockets stop serving them.
        Never raises: the sessions are revoked in the database whether or not the notice gets through."""

    def on_sessions_ended(self, listener: SessionsEndedListener) -> None:
        """Call ``listener`` (synchronously, in the event loop) with every ``SessionsEnded`` this process hears."""

    async def announce_desk_changed(self, changed: DeskChanged) -> None:
        """Tell the other processes that a desk's configuration changed (the process that changed it has read it
        again already). Never raises."""

    def on_desk_changed(self, listener: DeskChangedListener) -> None:
        """Call ``listener`` (synchronously, in the event loop) with every ``DeskChanged`` from another process."""

    async def close(self) -> None:
        """End every subscription and release connections."""


class InProcessBroker:
    """Fan-out to the subscribers of this process."""

    def __init__(self, maxsize: int = 1000) -> None:
        self._subscribers: set[Subscription] = set()
        self._maxsize = maxsize
        self._session_listeners: list[SessionsEndedListener] = []
        self._desk_listeners: list[DeskChangedListener] = []

    async def start(self) -> None:
        return None

    async def publish(self, notices: list[EventNotice]) -> None:
        self.deliver(notices)

    def deliver(self, notices: list[EventNotice]) -> None:
        subscribers = list(self._subscribers)
        for notice in notices:
            for subscriber in subscribers:
                subscriber.deliver(notice)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscription]:
        subscription = Subscription(self._maxsize)
        self._subscribers.add(subscription)
        try:
            yield subscription
        finally:
            self._subscribers.discard(subscription)

    async def announce(self, ended: SessionsEnded) -> None:
        self.tell(ended)

    def on_sessions_ended(self, listener: SessionsEndedListener) -> None:
        self._session_listeners.append(listener)

    async def announce_desk_changed(self, changed: DeskChanged) -> None:
        return None  # one process: nobody else to tell

    def on_desk_changed(self, listener: DeskChangedListener) -> None:
        self._desk_listeners.append(listener)

    def tell_desk_changed(self, changed: DeskChanged) -> None:
        """Hand ``changed`` to this process's listeners (a notice from another process)."""
        for listener in list(self._desk_listeners):
            try:
                listener(changed)
            except Exception:
                logger.exception("a listener failed on a desk's change")

    def tell(self, ended: SessionsEnded) -> None:
        """Hand ``ended`` to this process's listeners; one that fails is logged and the others still hear it."""
        for listener in list(self._session_listeners):
            try:
                listener(ended)
            except Exception:
                logger.exception("a listener failed on the end of sessions")

    def interrupt(self) -> None:
        """Tell every subscriber that events may have been lost (they end with LiveUpdatesInterrupted)."""
        for subscriber in list(self._subscribers):
            subscriber.end(_INTERRUPTED)
        self._subscribers.clear()

    async def close(self) -> None:
        for subscriber in list(self._subscribers):
            subscriber.end(_CLOSED)
        self._subscribers.clear()


def build_broker(settings: Settings) -> Broker:
    """A Redis broker when ``LOKET_REDIS_URL`` is set (several processes or hosts), else one for this process."""
    if settings.redis_url:
        from loket.core.live.redis_broker import RedisBroker

        return RedisBroker(settings.redis_url, channel=settings.redis_channel)
    return InProcessBroker()
