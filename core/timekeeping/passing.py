"""Letting time pass on a clock that is told where it is, as the background timer runner would see it pass.

The test kit's clock and the development server's movable clock both go forward the same way: to the next
due timer's moment, fire what is due then, and again, until the target. A timer armed by a firing fires at its
own moment, not at the end, and every event records the moment it would have happened at.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from loket.core.errors import InvalidInputError
from loket.core.models import Timer
from loket.core.runtime import Runtime
from loket.core.timekeeping.timers import LEASE, claim_due, next_due, run_due_timers
from loket.core.workflow.timing import Duration

BATCH = 500
SETTLE_FOR = 10.0  # seconds to wait for another process's claim to finish before moving on without it

Fire = Callable[[Runtime, str], Awaitable[int]]


def duration_of(value: Duration | str | timedelta, *, field: str = "duration") -> Duration | timedelta:
    """A ``Duration``, a text ``Duration.parse`` reads ("3x24 hours", "2 working days") or a ``timedelta``."""
    if isinstance(value, (Duration, timedelta)):
        return value
    try:
        return Duration.parse(value)
    except ValueError:
        raise InvalidInputError("DURATION_INVALID", field=field, value=str(value)) from None


def moment_after(rt: Runtime, start: datetime, value: Duration | str | timedelta, *, desk: str | None = None,
                 field: str = "duration") -> datetime:
    """The moment ``value`` after ``start``. Working time is counted in the calendar of ``desk``."""
    duration = duration_of(value, field=field)
    if isinstance(duration, timedelta):
        return start + duration
    calendar = rt.desks.get(desk, field="desk").spec.calendar if desk else None
    if duration.working and calendar is None:
        raise InvalidInputError("DURATION_NEEDS_CALENDAR", field="desk" if desk else field,
                                value=value if isinstance(value, str) else duration.describe())
    return duration.after(start, calendar)


async def fire_or_raise(rt: Runtime, worker: str) -> int:
    """Claim and fire what is due now like ``run_due_timers``, but let a failure reach the caller (a test)."""
    from tortoise.transactions import in_transaction

    from loket.core.tickets.system import fire_timers

    async with in_transaction() as connection:
        claimed = await claim_due(connection, worker, rt.now(), BATCH)
    return await fire_timers(rt, claimed, worker) if claimed else 0


async def fire_logged(rt: Runtime, worker: str) -> int:
    """The background runner's round: a failing batch is logged, and retried after its lease."""
    return await run_due_timers(rt, worker, limit=BATCH)


async def pass_time(rt: Runtime, move: Callable[[datetime], None], target: datetime, *, worker: str,
                    fire: Fire = fire_or_raise, others_fire: bool = False) -> int:
    """Move the clock to ``target`` (``move`` sets it), firing every timer due on the way at its own moment.

    ``others_fire``: other processes' runners read the same clock and may claim a due timer first; wait for
    their claims at each moment to finish, so what those firings arm is seen before the clock moves on.
    Returns how many timers changed a ticket.
    """
    fired = 0
    while True:
        due = await next_due(rt)
        if due is None or due > target:
            break
        move(max(due, rt.now()))
        fired += await fire(rt, worker)
        if others_fire:
            await _settle(rt, worker)
    if target > rt.now():
        move(target)
    return fired


async def _settle(rt: Runtime, worker: str) -> None:
    deadline = asyncio.get_running_loop().time() + SETTLE_FOR
    while asyncio.get_running_loop().time() < deadline:
        live = await Timer.filter(status="firing", due_at__lte=rt.now(),
                                  claimed_at__gte=rt.now() - LEASE).exclude(claimed_by=worker).exists()
        if not live:
            return
        await asyncio.sleep(0.05)
