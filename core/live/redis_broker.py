"""Ticket events between server processes and hosts, over Redis pub/sub.

Every process publishes the notices of the events it committed on one channel and listens on it; notices carry
ids only (``[origin, [[event_id, ticket_id, desk_id, seq], ...]]``), so a message stays small and no subscriber
sees what its user may not. A process delivers its own events to its own subscribers at once, without the round
trip, and ignores their echo. The end of sign-ins (signing out, a password reset) travels on the same channel as a
second kind of message, ``[origin, "sessions-ended", {"code": ..., "sessions": [...], "user": ...}]``: every
process ends the websockets of those sessions. A desk's changed configuration is a third,
``[origin, "desk-changed", {"desk": slug}]``: every other process reads that desk again.

Redis pub/sub keeps nothing: a message sent while a listener is disconnected is gone. So when the listener loses
Redis, every live subscription of the process ends with LIVE_UPDATES_INTERRUPTED, and until it is back new ones
are refused with LIVE_UPDATES_UNAVAILABLE. Clients subscribe again (``ticketUpdates(afterSeq:)`` with the last
``seq`` they saw; ``queueUpdates`` starts with a resync), and the database gives them whatever they missed.
Queries and mutations never wait for Redis. A sessions-ended notice lost that way is made up for by the websocket
itself, which checks its session again in the database before each operation it starts.
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

from loket.core.live.broker import (
    DeskChanged,
    DeskChangedListener,
    EventNotice,
    InProcessBroker,
    LiveUpdatesUnavailable,
    SessionsEnded,
    SessionsEndedListener,
    Subscription,
)

logger = logging.getLogger("loket.broker")

RECONNECT_FIRST_SECONDS = 0.1
RECONNECT_MAX_SECONDS = 5.0
PING_EVERY_SECONDS = 5.0
START_WAIT_SECONDS = 3.0
SESSIONS_ENDED = "sessions-ended"
DESK_CHANGED = "desk-changed"


def encode(origin: str, notices: list[EventNotice]) -> str:
    return json.dumps([origin, [[n.event_id, n.ticket_id, n.desk_id, n.seq] for n in notices]],
                      separators=(",", ":"))


def encode_ended(origin: str, ended: SessionsEnded) -> str:
    body = {"code": ended.code, "sessions": list(ended.session_ids), "user": ended.user_id}
    return json.dumps([origin, SESSIONS_ENDED, body], separators=(",", ":"))


def encode_desk_changed(origin: str, changed: DeskChanged) -> str:
    return json.dumps([origin, DESK_CHANGED, {"desk": changed.desk}], separators=(",", ":"))


def decode(data: bytes | str) -> tuple[str, list[EventNotice] | SessionsEnded | DeskChanged]:
    """The origin of a message and what it carries: event notices, the end of sessions, or a desk's change."""
    message = json.loads(data)
    if isinstance(message, list) and len(message) == 3 and message[1] == DESK_CHANGED:
        desk = message[2]["desk"]
        if not isinstance(desk, str):
            raise ValueError("malformed desk-changed message")
        return message[0], DeskChanged(desk=desk)
    if isinstance(message, list) and len(message) == 3 and message[1] == SESSIONS_ENDED:
        origin, _, body = message
        user_id = body.get("user")
        if not isinstance(body["code"], str) or not (user_id is None or isinstance(user_id, int)):
            raise ValueError("malformed sessions-ended message")
        return origin, SessionsEnded(code=body["code"], session_ids=tuple(str(s) for s in body.get("sessions") or ()),
                                     user_id=user_id)
    origin, rows = message
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
        self._heard_once = False

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

    async def announce(self, ended: SessionsEnded) -> None:
        self._local.tell(ended)
        try:
            await self._publisher.publish(self.channel, encode_ended(self._origin, ended))
        except (RedisError, OSError) as exc:
            # The sessions are revoked in the database: other processes' websockets refuse them at their next
            # operation, and their live subscriptions end anyway when their listener loses Redis too.
            logger.warning("could not announce the end of sessions to Redis: %s", exc)

    def on_sessions_ended(self, listener: SessionsEndedListener) -> None:
        self._local.on_sessions_ended(listener)

    async def announce_desk_changed(self, changed: DeskChanged) -> None:
        try:
            await self._publisher.publish(self.channel, encode_desk_changed(self._origin, changed))
        except (RedisError, OSError) as exc:
            # Other processes lose their listener too, and read every desk again when it is back.
            logger.warning("could not announce a desk's change to Redis: %s", exc)

    def on_desk_changed(self, listener: DeskChangedListener) -> None:
        self._local.on_desk_changed(listener)

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
                    if self._heard_once:  # back after a gap: a desk's change may have gone unheard
                        self._local.tell_desk_changed(DeskChanged(desk=None))
                self._heard_once = True
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
                origin, carried = decode(message["data"])
            except (ValueError, TypeError, KeyError, AttributeError):
                logger.warning("ignored a malformed message on %s", self.channel)
                continue
            if origin == self._origin:
                continue
            if isinstance(carried, SessionsEnded):
                self._local.tell(carried)
            elif isinstance(carried, DeskChanged):
                self._local.tell_desk_changed(carried)
            else:
                self._local.deliver(carried)

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
