"""How fast the server works through due timers, and that none fires twice.

    .venv/bin/python bench/timers.py [--timers 100000] [--workers 3] [--batch 2000]

Creates a throwaway PostgreSQL database (127.0.0.1:5432, like the test suite), 100,000 tickets waiting on
their reporter with a due ``auto_close`` transition each, then starts worker processes running the same
timer runner the server runs. Prints timers per second, and checks every ticket was closed exactly once.
Target: 100,000 due timers handled in under 30 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import pg  # noqa: E402

DESK = "benchdesk"


def bench_desk():
    from loket.core.hookspecs import hookimpl
    from loket.core.plugin_types import DeskSpec, Duration, TeamSpec, auto_close_after, default_workflow

    class BenchDesk:
        @hookimpl
        def register_desks(self):
            return [DeskSpec(slug=DESK, name="Bench", teams=(TeamSpec("l1", "Level 1"),),
                             workflow=default_workflow().with_transitions(auto_close_after(Duration.hours(72))))]

    return BenchDesk()


async def runtime_for(url: str):
    from loket.core import db
    from loket.core.desks.sync import collect_desk_specs, sync_desks
    from loket.core.plugins import get_plugin_manager
    from loket.core.runtime import Runtime
    from loket.core.settings import Settings

    settings = Settings(database_url=url, plugins="none")
    pm = get_plugin_manager(settings, extra_plugins=[bench_desk()])
    await db.open_database(settings)
    runtime = Runtime(settings=settings, pm=pm)
    await runtime.start()
    runtime.desks = await sync_desks(await collect_desk_specs(pm, settings))
    return runtime


async def prepare(url: str, count: int) -> None:
    from loket.core import db
    from loket.core.models import Ticket, Timer, User
    from loket.core.settings import Settings

    await db.migrate(Settings(database_url=url))
    runtime = await runtime_for(url)
    desk = runtime.desks.get(DESK)
    user = await User.create(email="bench@bench.example", display_name="Bench")
    past = datetime.now(UTC) - timedelta(days=4)
    for start in range(0, count, 5000):
        size = min(5000, count - start)
        await Ticket.bulk_create([Ticket(
            number=f"B{start + i:09d}", desk_id=desk.id, title="Waiting", description="Waiting on the reporter",
            reporter_id=user.id, created_by_id=user.id, status="waiting_on_reporter", team_id=desk.team_ids["l1"],
            status_category="waiting_on_reporter", status_since=past, version=1, created_at=past,
            updated_at=past) for i in range(size)])
    ids = await Ticket.filter(desk_id=desk.id).order_by("id").values_list("id", flat=True)
    for start in range(0, len(ids), 5000):
        await Timer.bulk_create([Timer(ticket_id=ticket_id, kind="transition:auto_close",
                                       due_at=past + timedelta(hours=72), expect_status="waiting_on_reporter",
                                       payload={"rule": "auto_close", "after": "72 hours"}, armed_at=past)
                                 for ticket_id in ids[start:start + 5000]])
    await db.close_database()


def work(url: str, batch: int, results) -> None:
    async def main() -> int:
        from loket.core import db
        from loket.core.timekeeping.timers import run_due_timers, worker_name

        runtime = await runtime_for(url)
        worker, fired = worker_name(), 0
        while True:
            done = await run_due_timers(runtime, worker, limit=batch)
            if done == 0 and not await _any_due():
                break
            fired += done
        await db.close_database()
        return fired

    async def _any_due() -> bool:
        from loket.core.models import Timer

        return await Timer.filter(status__in=["pending", "firing"]).exists()

    results.put(asyncio.run(main()))


async def verify(url: str) -> tuple[int, int, int]:
    connection = await asyncpg.connect(url)
    try:
        closed = await connection.fetchval("SELECT count(*) FROM loket_ticket WHERE status = 'closed'")
        events = await connection.fetchval("SELECT count(*) FROM loket_ticket_event WHERE kind = 'auto_closed'")
        twice = await connection.fetchval(
            "SELECT count(*) FROM (SELECT ticket_id FROM loket_ticket_event WHERE kind = 'auto_closed' "
            "GROUP BY ticket_id HAVING count(*) > 1) AS doubled")
        return closed, events, twice
    finally:
        await connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    name = pg.throwaway_name()
    url = asyncio.run(pg.create_database(name))
    try:
        started = time.perf_counter()
        asyncio.run(prepare(url, args.timers))
        print(f"prepared {args.timers} tickets with due timers in {time.perf_counter() - started:.1f} s")
        results = multiprocessing.Queue()
        workers = [multiprocessing.Process(target=work, args=(url, args.batch, results)) for _ in range(args.workers)]
        started = time.perf_counter()
        for process in workers:
            process.start()
        fired = [results.get() for _ in workers]
        for process in workers:
            process.join()
        elapsed = time.perf_counter() - started
        closed, events, twice = asyncio.run(verify(url))
        print(f"workers: {args.workers}, batch: {args.batch}, fired per worker: {fired}")
        print(f"{sum(fired)} timers fired in {elapsed:.1f} s = {sum(fired) / elapsed:,.0f} timers/s")
        print(f"tickets closed: {closed}, auto_closed events: {events}, tickets closed twice: {twice}")
        ok = closed == events == args.timers and twice == 0
        print("target (100,000 in < 30 s, none twice):",
              "met" if ok and elapsed < 30 * args.timers / 100_000 else "MISSED")
        return 0 if ok else 1
    finally:
        asyncio.run(pg.drop_database(name))


if __name__ == "__main__":
    sys.exit(main())
