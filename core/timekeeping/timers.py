"""Timed transitions, run by the server itself: each timer fires exactly once, even with several server
processes racing for it and after a restart.

A runner claims due timers with one conditional UPDATE (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
workers never wait on each other), then fires each in its own transaction: the timer's ``firing -> fired``
flip and the transition it causes commit together, or not at all. A claim left by a process that died is
taken over once its lease has passed.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta

from loket.core.background import BackgroundLoop
from loket.core.models import Timer
from loket.core.runtime import Runtime

logger = logging.getLogger("loket.timers")

LEASE = timedelta(seconds=60)

# Two claims, each served by the (status, due_at) index: due pending timers, then timers whose claim by a
# process that died has expired. PostgreSQL skips rows another worker is claiming right now.
_CLAIM_POSTGRES = (
    "UPDATE loket_timer SET status = 'firing', claimed_by = $1, claimed_at = $2 WHERE id = ANY(ARRAY("
    " SELECT id FROM loket_timer WHERE status = {status} AND {due} ORDER BY due_at LIMIT $4"
    " FOR UPDATE SKIP LOCKED)) RETURNING id, due_at"
)
_CLAIM_SQLITE = (
    "UPDATE loket_timer SET status = 'firing', claimed_by = ?, claimed_at = ? WHERE id IN ("
    " SELECT id FROM loket_timer WHERE status = {status} AND {due} ORDER BY due_at LIMIT ?) RETURNING id, due_at"
)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


async def claim_due(connection, worker: str, now: datetime, limit: int) -> list[int]:
    """Claim up to ``limit`` due timers for ``worker``; returns their ids in due order."""
    stale = now - LEASE
    rows = []
    for status, condition, moment in (("'pending'", "due_at <= {now}", now), ("'firing'", "claimed_at < {cut}", stale)):
        wanted = limit - len(rows)
        if wanted <= 0:
            break
        if connection.capabilities.dialect == "postgres":
            due = condition.format(now="$3", cut="$3")
            sql, params = _CLAIM_POSTGRES.format(status=status, due=due), [worker, now, moment, wanted]
        else:
            due = condition.format(now="?", cut="?")
            sql, params = _CLAIM_SQLITE.format(status=status, due=due), [worker, now, moment, wanted]
        rows += await connection.execute_query_dict(sql, params)
    # Fire in due order, so a warning precedes the breach it announces even when both are overdue.
    return [row["id"] for row in sorted(rows, key=lambda row: (str(row["due_at"]), row["id"]))]


async def run_due_timers(rt: Runtime, worker: str, *, limit: int = 500) -> int:
    """Claim and fire the timers due now; returns how many fired (not counting ones found obsolete)."""
    from tortoise.transactions import in_transaction

    from loket.core.tickets.system import fire_timers

    async with in_transaction() as connection:
        claimed = await claim_due(connection, worker, rt.now(), limit)
    if not claimed:
        return 0
    try:
        return await fire_timers(rt, claimed, worker)
    except Exception:  # a broken batch must not stop the runner; its timers are retried after their lease
        logger.exception("timers %s..%s failed to fire", claimed[0], claimed[-1])
        return 0


async def next_due(rt: Runtime) -> datetime | None:
    timer = await Timer.filter(status="pending").order_by("due_at").first()
    return timer.due_at if timer else None


class TimerRunner(BackgroundLoop):
    """Fires due timers in this server process."""

    name = "loket-timers"

    def __init__(self, rt: Runtime, *, poll: float = 1.0, batch: int = 2000) -> None:
        super().__init__(poll=poll)
        self.rt = rt
        self.batch = batch
        self.worker = worker_name()

    async def run_round(self) -> bool:
        return bool(await run_due_timers(self.rt, self.worker, limit=self.batch)) or await self._more_due()

    async def _more_due(self) -> bool:
        due = await next_due(self.rt)
        return due is not None and due <= self.rt.now()
