"""Automatic persisted queries kept in Redis, shared by every process of a deployment.

A document is one key, ``<LOKET_REDIS_CHANNEL>:apq:<sha256>``, written with its expiry
(``LOKET_PERSISTED_QUERY_TTL_SECONDS``); reading it again extends the expiry (``GETEX``), so documents in use
stay and the rest expire. A bounded copy in this process's memory answers repeated hashes without a round trip
(a hash names one document forever, so the copy cannot be stale), and keeps answering while Redis is away.
"""

from __future__ import annotations

import logging

import redis.asyncio as redis
from redis.exceptions import RedisError

from loket.core.http.persisted_queries import MemoryDocumentStore

logger = logging.getLogger("loket.http")


class RedisDocumentStore:
    """Documents in Redis under ``prefix``, read through a ``memory`` store of this process."""

    def __init__(self, url: str, *, prefix: str, ttl: int, memory: MemoryDocumentStore) -> None:
        self.prefix, self.ttl, self.memory = prefix, ttl, memory
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self._degraded = False

    async def get(self, digest: str) -> str | None:
        document = await self.memory.get(digest)
        if document is not None:
            return document
        try:
            stored = await self._redis.getex(self.prefix + digest, ex=self.ttl)
        except (RedisError, OSError) as exc:
            self._lost(exc)
            return None
        self._back()
        if stored is None:
            return None
        document = stored.decode("utf-8")
        await self.memory.put(digest, document)
        return document

    async def put(self, digest: str, document: str) -> None:
        if len(document.encode("utf-8")) > self.memory.max_bytes:
            return
        await self.memory.put(digest, document)
        try:
            await self._redis.set(self.prefix + digest, document.encode("utf-8"), ex=self.ttl)
        except (RedisError, OSError) as exc:
            self._lost(exc)
            return
        self._back()

    async def close(self) -> None:
        await self.memory.close()
        await self._redis.aclose()

    def _lost(self, exc: Exception) -> None:
        if not self._degraded:
            logger.warning("Redis is not reachable: persisted queries are kept in this process until it is (%s)",
                           exc)
        self._degraded = True

    def _back(self) -> None:
        if self._degraded:
            logger.warning("Redis is reachable again: persisted queries are kept in Redis")
        self._degraded = False
