"""Attempt windows in Redis, shared by every process of a deployment.

A window is one key holding its count, created with its expiry (``SET NX EX``) and counted up (``INCR``) in
one transaction, so a key never lives without an expiry. Keys carry the deployment's prefix
(``<LOKET_REDIS_CHANNEL>:attempts:``). When Redis cannot be reached the counts of this process are kept in
memory meanwhile: sign-in keeps working and stays throttled, per process.
"""

from __future__ import annotations

import logging
import math

import redis.asyncio as redis
from redis.exceptions import RedisError

from loket.core.auth.attempts import AttemptCounter, Count, MemoryAttemptCounter

logger = logging.getLogger("loket.auth")

# Takes one attempt back without creating a key, nor going below zero.
_RELEASE = """
local attempts = tonumber(redis.call('GET', KEYS[1]) or '0')
if attempts > 1 then return redis.call('DECR', KEYS[1]) end
if attempts == 1 then redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisAttemptCounter(AttemptCounter):
    """Fixed windows in Redis, with this process's memory as the fallback while Redis is away."""

    def __init__(self, url: str, *, prefix: str) -> None:
        self.prefix = prefix
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self._release = self._redis.register_script(_RELEASE)
        self._fallback = MemoryAttemptCounter()
        self._degraded = False

    async def hit(self, key: str, window: int) -> Count:
        name = self.prefix + key
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.set(name, 0, ex=window, nx=True)
                pipe.incr(name)
                pipe.pttl(name)
                _, attempts, left_ms = await pipe.execute()
        except (RedisError, OSError) as exc:
            self._lost(exc)
            return await self._fallback.hit(key, window)
        self._back()
        left = math.ceil(left_ms / 1000) if left_ms and left_ms > 0 else window
        return Count(attempts=int(attempts), retry_after=max(1, left))

    async def forget(self, key: str) -> None:
        await self._fallback.forget(key)
        try:
            await self._redis.delete(self.prefix + key)
        except (RedisError, OSError) as exc:
            self._lost(exc)

    async def release(self, key: str) -> None:
        await self._fallback.release(key)
        try:
            await self._release(keys=[self.prefix + key])
        except (RedisError, OSError) as exc:
            self._lost(exc)

    async def close(self) -> None:
        await self._redis.aclose()

    def _lost(self, exc: Exception) -> None:
        if not self._degraded:
            logger.warning("Redis is not reachable: sign-in attempts are counted in this process until it is (%s)",
                           exc)
        self._degraded = True

    def _back(self) -> None:
        if self._degraded:
            logger.warning("Redis is reachable again: sign-in attempts are counted in Redis")
        self._degraded = False
