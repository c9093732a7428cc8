"""Ticket events between server processes and hosts, over Redis pub/sub.

Every process publishes the notices of the events it committed on one channel and listens on it; notices carry
ids only (``[origin, [[event_id, ticket_id, desk_id, seq], ...]]``), so a message stays small and no subscriber
sees what its user may not. A process delivers its own events to its own subscribers at once, without the round
trip, and ignores their echo.

Redis pub/sub keeps nothing: a message sent while a listener is disconnected is gone. So when the listener loses
Redis, every live subscription of the process ends with LIVE_UPDATES_INTERRUPTED, and until it is back new ones
are refused with LIVE_UPDATES_UNAVAILABLE. Clients subscribe again (``ticketUpdates(afterSeq:)`` with the last
``seq`` they saw; ``queueUpdates`` starts with a resync), and the database gives them whatever they missed.
Queries and mutations never wait for Redis.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import redis.asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.exceptions import RedisError

from loket.core.broker import EventNotice, InProcessBroker, LiveUpdatesUnavailable, Subscription

logger = logging.getLogger("loket.broker")

RECONNECT_FIRST_SECONDS = 0.1
RECONNECT_MAX_SECONDS = 5.0
PING_EVERY_SECONDS = 5.0
START_WAIT_SECONDS = 3.0


def encode(origin: str, notices: list[EventNotice]) -> str:
    return json.dumps([origin, [[n.event_id, n.ticket_id, n.desk_id, n.seq] for n in notices]],
                      separators=(",", ":"))


def decode(data: bytes | str) -> tuple[str, list[EventNotice]]:
    origin, rows = json.loads(data)
    return origin, [EventNotice(event_id=e, ticket_id=t, desk_id=d, seq=s) for e, t, d, s in rows]


class RedisBroker:
    """The broker of a deployment with several processes: local fan-out plus one Redis channel."""

    def __init__(self, url: str, *, channel: str, maxsize: int = 1000) -> None:
        self.channel = channel
        self._local = InProcessBroker(maxsize)
        self._origin = uuid.uuid4().hex
        # Publishing retries a dropped connection twice before giving up on that message.
        self._publisher = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2,
                                               retry=Retry(ExponentialBackoff(cap=0.2, base=0.02), 2))
        # The listener must notice every disconnection (redis-py would otherwise reconnect and resubscribe
        # silently, hiding the gap): no retries, the loop below reconnects.
        self._listener = redis.Redis.from_url(url, socket_connect_timeout=2, retry=Retry(NoBackoff(), 0))
        self._connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def available(self) -> bool:
        return self._connected.is_set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="loket-broker-listener")
        with suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), START_WAIT_SECONDS)
        if not self.available:
            logger.warning("Redis is not reachable: live updates are refused until it is")

    async def publish(self, notices: list[EventNotice]) -> None:
        if not notices:
            return
        self._local.deliver(notices)
        try:
            await self._publisher.publish(self.channel, encode(self._origin, notices))
        except (RedisError, OSError) as exc:
            # Committed is committed. Subscribers elsewhere lose their listener too (and are told so); those that
            # resume read the events from the database.
            logger.warning("could not publish %d event(s) to Redis: %s", len(notices), exc)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscription]:
        if not self.available:
            raise LiveUpdatesUnavailable()
        async with self._local.subscribe() as subscription:
            yield subscription

    async def _listen(self) -> None:
        delay = RECONNECT_FIRST_SECONDS
        while True:
            pubsub = self._listener.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                if not self.available:
                    logger.info("listening for events on Redis channel %s", self.channel)
                self._connected.set()
                delay = RECONNECT_FIRST_SECONDS
                await self._receive(pubsub)
            except (RedisError, OSError) as exc:
                if self.available:
                    logger.warning("lost Redis (%s): live subscriptions end and may resume", exc)
                self._lost()
            finally:
                with suppress(RedisError, OSError):
                    await pubsub.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX_SECONDS)

    async def _receive(self, pubsub: redis.client.PubSub) -> None:
        quiet = 0.0
        while True:
            message = await pubsub.get_message(timeout=1.0)
            if message is None:
                quiet += 1.0
                if quiet >= PING_EVERY_SECONDS:  # a dead connection shows itself on the next write
                    await pubsub.ping()
                    quiet = 0.0
                continue
            quiet = 0.0
            if message.get("type") != "message":
                continue
            try:
                origin, notices = decode(message["data"])
            except (ValueError, TypeError):
                logger.warning("ignored a malformed message on %s", self.channel)
                continue
            if origin != self._origin:
                self._local.deliver(notices)

    def _lost(self) -> None:
        self._connected.clear()
        self._local.interrupt()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
        self._connected.clear()
        await self._local.close()
        await self._publisher.aclose()
        await self._listener.aclose()
