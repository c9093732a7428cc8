"""Running a console command's work against the deployment, as a server process would see it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from loket.core.settings import Settings

T = TypeVar("T")


def console_runtime(settings: Settings):
    """The deployment's runtime for a console command (its clock, the movable one where enabled)."""
    from loket.core.plugins import get_plugin_manager
    from loket.core.runtime import Runtime
    from loket.core.timekeeping.movable import clock_for

    return Runtime(settings=settings, pm=get_plugin_manager(settings), clock=clock_for(settings))


async def with_deployment(settings: Settings, work: Callable[..., Awaitable[T]]) -> T:
    """Run ``work(rt)`` with the database open, the desks loaded and the broker started: what it does reaches every
    server sharing the deployment (events to live subscribers, ended sessions, changed desks)."""
    from loket.core import db
    from loket.core.desks.sync import collect_desk_specs, sync_desks
    from loket.core.errors import ConfigurationError

    rt = console_runtime(settings)
    async with db.database(settings):
        if await db.unapplied_migrations():
            raise ConfigurationError("the database lacks migrations; run `loket migrate` first")
        await rt.start()
        rt.desks = await sync_desks(await collect_desk_specs(rt.pm, settings))
        await rt.broker.start()
        try:
            return await work(rt)
        finally:
            await rt.tasks.close()
            await rt.broker.close()
            await rt.attempts.close()
