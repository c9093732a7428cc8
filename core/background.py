"""A job every server process runs in the background, in rounds: work while there is work, then wait."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from abc import ABC, abstractmethod

logger = logging.getLogger("loket.background")


class BackgroundLoop(ABC):
    """Subclasses say what one round does; the loop starts and stops with the application."""

    name = "loket-background"

    def __init__(self, *, poll: float) -> None:
        self.poll = poll
        self._task: asyncio.Task | None = None

    @abstractmethod
    async def run_round(self) -> bool:
        """Do one round of work; True when there is more to do right away."""

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _loop(self) -> None:
        while True:
            try:
                while await self.run_round():
                    pass
            except asyncio.CancelledError:
                raise
            except Exception:  # a failing round must not end the loop; it runs again after the pause
                logger.exception("%s failed; retrying", self.name)
            await asyncio.sleep(self.poll)


class TaskSet:
    """Work a request starts that outlives it (an export), cancelled when the application stops."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def spawn(self, coroutine, *, name: str, context: contextvars.Context | None = None) -> asyncio.Task:
        """Start ``coroutine``; with ``context`` (e.g. a fresh ``contextvars.Context()``) it does not inherit the
        caller's context variables, such as its open transaction."""
        task = asyncio.create_task(coroutine, name=name, context=context)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def settle(self) -> None:
        """Wait until every task started so far (and any they start) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
