"""A page of 50 from `tickets` with filters, at page 1 and at page 10,000 (through the cursor), over the
1,000,000 seeded tickets: a Level 2 agent (Admin PPE) lists LPSE Support's closed tickets with their people,
position, topic, priority and latest message; once without and once with `totalCount`.

    .venv/bin/python bench/ticket_list.py [--clients 4] [--workers 2] [--duration 15] [--database loket_bench]

The cursor of page 10,000 is the one page 9,999 would hand out (``pageInfo.endCursor``): the id of the
499,950th ticket of the same list, found with the server's own filters. Target: p95 < 25 ms; page 10,000
costs no more than 1.5x page 1.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402
from bench.load import install_uvloop  # noqa: E402

DESK, TEAM, PAGE_SIZE, DEEP_PAGE = "lpse-support", "admin-ppe", 50, 10_000
FILTER = {"desk": DESK, "statuses": ["CLOSED"]}
NODE = """number title status createdAt
  reporter { displayName email } assignee { displayName } createdBy { displayName }
  position { tier team { slug name } } topicPath priority { slug name rank }
  lastMessage { body internal author { displayName } }"""
PAGE = ("query($first: Int!, $after: String, $filter: TicketFilter) { tickets(first: $first, after: $after, "
        "filter: $filter) { %s edges { cursor node { " + NODE + " } } pageInfo { hasNextPage endCursor } } }")


async def deep_cursor(url: str, page: int) -> tuple[str, int]:
    """The cursor after page ``page - 1`` of the benchmark's list, and how many tickets the list holds."""
    from loket.core import db
    from loket.core.desks.sync import collect_desk_specs, sync_desks
    from loket.core.models import Ticket, User
    from loket.core.plugins import get_plugin_manager
    from loket.core.runtime import Runtime
    from loket.core.settings import Settings
    from loket.core.tickets import queries
    from loket.core.workflow.access import viewer_for, visible_filter

    settings = Settings(database_url=url, plugins="all")
    pm = get_plugin_manager(settings)
    await db.open_database(settings)
    try:
        rt = Runtime(settings=settings, pm=pm)
        await rt.start()
        rt.desks = await sync_desks(await collect_desk_specs(pm, settings))
        viewer = await viewer_for(await User.get(email=harness.agent_email(DESK, TEAM, 1)))
        wanted = queries.TicketFilter(desk=DESK, statuses=[s.lower() for s in FILTER["statuses"]])
        base = Ticket.filter(visible_filter(viewer), *await queries._filters(rt, viewer, wanted))
        total = await base.count()
        if total < page * PAGE_SIZE:
            raise SystemExit(f"the list holds {total:,} tickets: fewer than {page:,} pages of {PAGE_SIZE}")
        last = await base.order_by("-id").offset((page - 1) * PAGE_SIZE - 1).first()
        return queries.cursor_of(last), total
    finally:
        await db.close_database()


def scenario(base: str, url: str, clients: int, options: list[str]):
    """For the profiler: page 10,000 without the total (``first`` to profile page 1)."""
    after = None if "first" in options else asyncio.run(deep_cursor(url, DEEP_PAGE))[0]
    tokens = [harness.login(base, harness.agent_email(DESK, TEAM, 1 + n % 8)) for n in range(clients)]
    request = harness.body(PAGE % "", first=PAGE_SIZE, after=after, filter=FILTER)
    return "tickets page", lambda _c, _i: request, [harness.bearer(token) for token in tokens]


def main() -> int:
    args = harness.options(__doc__.splitlines()[0], clients=4, duration=15).parse_args()
    url = harness.seeded(args.database, args.tickets)
    print(harness.machine())
    cursor, total = asyncio.run(deep_cursor(url, DEEP_PAGE))
    install_uvloop()
    results = {}
    with harness.serve(url, workers=args.workers, pool=args.pool) as (base, process):
        tokens = [harness.login(base, harness.agent_email(DESK, TEAM, 1 + n % 8)) for n in range(args.clients)]
        headers = [harness.bearer(token) for token in tokens]
        deep = harness.graphql(base, tokens[0], PAGE % "", first=PAGE_SIZE, after=cursor, filter=FILTER)["tickets"]
        if len(deep["edges"]) != PAGE_SIZE:
            raise SystemExit(f"page {DEEP_PAGE:,} holds {len(deep['edges'])} tickets")
        for total_count in (False, True):
            for page, after in ((1, None), (DEEP_PAGE, cursor)):
                name = f"page {page:,} of 50{' with totalCount' if total_count else ''}"
                request = harness.body(PAGE % ("totalCount" if total_count else ""), first=PAGE_SIZE, after=after,
                                       filter=FILTER)
                results[(total_count, page)] = harness.measure(base, process, args.database, args, name,
                                                               lambda _c, _i, r=request: r, headers)
                print(results[(total_count, page)].line(), flush=True)
    print(f"server: {args.workers} worker(s), {args.pool} database connections each; the list holds {total:,} "
          f"tickets")
    for total_count in (False, True):
        first, deep = results[(total_count, 1)], results[(total_count, DEEP_PAGE)]
        ratio = deep.percentile(50) / first.percentile(50)
        met = max(first.percentile(95), deep.percentile(95)) < 25 and ratio <= 1.5
        print(f"{'with' if total_count else 'without'} totalCount: p95 page 1 {first.percentile(95):.1f} ms, "
              f"page {DEEP_PAGE:,} {deep.percentile(95):.1f} ms; page {DEEP_PAGE:,} / page 1 (median) "
              f"{ratio:.2f}; target (p95 < 25 ms, ratio <= 1.5): {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
