"""createTicket under load: reporters open tickets at LPSE Support (number from the desk's daily counter,
computed priority, one ``created`` event, first-response and resolution SLA clocks with their timers).

    .venv/bin/python bench/create_ticket.py [--clients 32] [--workers 2] [--duration 20] [--database loket_bench]

Runs a real ``loket serve`` (production mode) on the seeded PostgreSQL database (bench/seed.py) and drives it
from this process. Afterwards it checks what the measured requests wrote. Target: >= 500 requests/s
sustained, p99 < 100 ms at 32 concurrent clients.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402
from bench.load import install_uvloop  # noqa: E402

CREATE = "mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number status { name } } } }"
REPORT = {
    "desk": "lpse-support", "description": "Unggahan dokumen penawaran berhenti di 90% dan muncul pesan galat.",
    "topic": "spse-upload-penawaran", "application": "spse", "applicationVersion": "4.4",
    "reporterCategory": "Rekanan/Penyedia", "origin": "LPSE Kota Bogor", "fields": {"error_code": "ERR-UPLOAD-413"},
}


TITLE = "Tidak bisa mengunggah penawaran "


def request(client: int, index: int) -> bytes:
    return harness.body(CREATE, input={**REPORT, "title": f"{TITLE}{client}-{index}"})


async def remove(url: str, since: datetime) -> int:
    """Delete the tickets this run opened (with their events, clocks, timers, mail), so the seeded database
    stays as seeded: other benchmarks' first pages would otherwise begin with thousands of these."""
    connection = await asyncpg.connect(url)
    try:
        async with connection.transaction():
            ids = [row["id"] for row in await connection.fetch(
                f"SELECT id FROM loket_ticket WHERE created_at >= $1 AND title LIKE '{TITLE}%'", since)]
            await connection.execute("DELETE FROM loket_outbox_message WHERE ticket_id = ANY($1::int[])", ids)
            await connection.execute("DELETE FROM loket_ticket WHERE id = ANY($1::int[])", ids)
        return len(ids)
    finally:
        await connection.close()


async def written(url: str, since: datetime) -> dict:
    [row] = await harness.fetch(url, f"""
        SELECT count(*) AS tickets,
               (SELECT count(*) FROM loket_ticket_event e JOIN loket_ticket t ON t.id = e.ticket_id
                 WHERE t.created_at >= $1 AND t.title LIKE '{TITLE}%') AS events,
               (SELECT count(*) FROM loket_sla_clock c JOIN loket_ticket t ON t.id = c.ticket_id
                 WHERE t.created_at >= $1 AND t.title LIKE '{TITLE}%') AS clocks,
               count(DISTINCT number) AS numbers
          FROM loket_ticket WHERE created_at >= $1 AND title LIKE '{TITLE}%'""", since)
    return dict(row)


def scenario(base: str, url: str, clients: int, _options: list[str]):
    """The load: a name, the request of each client, and each client's headers (reporters' tokens)."""
    tokens = [harness.login(base, harness.reporter_email(n)) for n in range(1, clients + 1)]
    return "createTicket", request, [harness.bearer(token) for token in tokens]


def main() -> int:
    args = harness.options(__doc__.splitlines()[0]).parse_args()
    url = harness.seeded(args.database, args.tickets)
    print(harness.machine())
    install_uvloop()
    since = datetime.now(UTC)
    with harness.serve(url, workers=args.workers, pool=args.pool) as (base, process):
        result = harness.measure(base, process, args.database, args, *scenario(base, url, args.clients, []))
    print(f"server: {args.workers} worker(s), {args.pool} database connections each")
    print(result.line())
    check = asyncio.run(written(url, since))
    print(f"written since the start (warm-up included): {check['tickets']:,} tickets, {check['numbers']:,} distinct "
          f"numbers, {check['events']:,} events, {check['clocks']:,} SLA clocks")
    met = result.rate >= 500 and result.percentile(99) < 100 and result.errors == 0
    print("target (>= 500 requests/s, p99 < 100 ms, 32 clients):", "met" if met else "MISSED")
    ok = check["tickets"] == check["numbers"] == check["events"] and check["clocks"] == 2 * check["tickets"]
    print(f"removed the {asyncio.run(remove(url, since)):,} tickets this run opened")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
