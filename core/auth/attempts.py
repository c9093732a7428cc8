"""Counting attempts per key in fixed windows, to throttle guessing: in this process, or in Redis when the
deployment has several processes (``loket.core.auth.attempts_redis``). Both have this module's interface.

A key's window opens with its first attempt and lasts ``window`` seconds, whatever happens in it: attempts
refused for being over the limit do not push its end further away. ``hit`` counts one attempt and answers the
count so far and the seconds left; ``forget`` closes the window (a success); ``release`` takes one attempt
back (one that turned out not to be a failure).
"""

from __future__ import annotations

import math
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loket.core.settings import Settings


@dataclass(frozen=True)
class Count:
    """Attempts counted in a key's current window, and the whole seconds until it closes."""

    attempts: int
    retry_after: int


class AttemptCounter(ABC):
    """Attempts per key in fixed windows."""

    @abstractmethod
    async def hit(self, key: str, window: int) -> Count:
        """Count one attempt for ``key`` (opening a window of ``window`` seconds if none is open)."""

    @abstractmethod
    async def forget(self, key: str) -> None:
        """Close ``key``'s window: its next attempt starts from zero."""

    @abstractmethod
    async def release(self, key: str) -> None:
        """Take one attempt of ``key``'s open window back (nothing when no window is open)."""

    async def close(self) -> None:
        """Let go of connections (the application is stopping)."""


class MemoryAttemptCounter(AttemptCounter):
    """Windows kept in this process. At most ``max_keys`` are kept: past that, expired windows go first, then
    those closest to their end."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._windows: dict[str, list[float]] = {}  # key -> [attempts, ends_at]

    async def hit(self, key: str, window: int) -> Count:
        now = self._clock()
        entry = self._windows.get(key)
        if entry is None or entry[1] <= now:
            if len(self._windows) >= self._max_keys:
                self._prune(now)
            entry = self._windows[key] = [0, now + window]
        entry[0] += 1
        return Count(attempts=int(entry[0]), retry_after=max(1, math.ceil(entry[1] - now)))

    async def forget(self, key: str) -> None:
        self._windows.pop(key, None)

    async def release(self, key: str) -> None:
        entry = self._windows.get(key)
        if entry is None or entry[1] <= self._clock():
            return
        entry[0] -= 1
        if entry[0] <= 0:
            del self._windows[key]

    def _prune(self, now: float) -> None:
        for key in [key for key, (_, ends_at) in self._windows.items() if ends_at <= now]:
            del self._windows[key]
        excess = len(self._windows) - int(self._max_keys * 0.9)
        if excess > 0:
            for key in sorted(self._windows, key=lambda key: self._windows[key][1])[:excess]:
                del self._windows[key]


def build_attempt_counter(settings: Settings) -> AttemptCounter:
    """Redis when ``LOKET_REDIS_URL`` is set (every process shares the counts), else this process alone."""
    if settings.redis_url:
        from loket.core.auth.attempts_redis import RedisAttemptCounter

        return RedisAttemptCounter(settings.redis_url, prefix=f"{settings.redis_channel}:attempts:")
    return MemoryAttemptCounter()
