"""Benchmark: 100,000 tickets exported to CSV and to Excel through a real ``loket serve`` on PostgreSQL.

Run it with ``.venv/bin/python bench/exports.py`` (Linux: it reads /proc). It creates a throwaway PostgreSQL
database on 127.0.0.1:5432 and fills it with ``bench/seed.py`` (N tickets over the bundled desks with their
history, conversation and people; the demo accounts), starts ``loket serve`` (one worker), then for each
export: starts it with the ``exportTickets`` mutation, polls ``exportJob`` as a frontend would until it is done,
downloads the file and counts its rows. Exports: every ticket as the demo superuser, CSV then XLSX; and one
desk's tickets as one of its level-1 agents (the list's visibility rules with their subqueries), CSV. Meanwhile a thread samples the server's resident memory (VmRSS) every 5 ms. It prints, per
format, the server's peak memory growth over its resident size before the export, the time from the mutation
to DONE and the rows per second.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import platform
import sys
import tempfile
import time
from urllib.parse import urlsplit
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tests.databases import throwaway_database  # noqa: E402
from seed import SEED_DOMAIN, SEED_PASSWORD, seed_database  # noqa: E402
from upload_memory import RssSampler, status_kb  # noqa: E402  (the upload benchmark's memory sampler)
from tests.server_process import loket_env, server_process  # noqa: E402

ADMIN, ADMIN_PASSWORD = "admin@loket.local", "loket-admin"  # the demo superuser
AGENT_DESK = "lpse-support"
LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"
EXPORT = ("mutation($f: ExportFormat!, $filter: TicketFilter) "
          "{ exportTickets(input: {format: $f, filter: $filter}) { exportJob { id } } }")
JOB = "query($id: ID!) { exportJob(id: $id) { status rowsDone rowsTotal downloadUrl size errorCode } }"
MB = 1024 * 1024

def rows_in(fmt: str, content_path: Path) -> int:
    if fmt == "CSV":
        with content_path.open(encoding="utf-8-sig", newline="") as source:
            return sum(1 for _ in csv.reader(source)) - 1
    import openpyxl

    book = openpyxl.load_workbook(content_path, read_only=True)
    return sum(1 for _ in book.active.iter_rows(values_only=True)) - 1


def export(http: httpx.Client, token: str, pid: int, fmt: str, folder: Path, desk: str | None = None,
           created_from: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"}

    def gql(query: str, **variables) -> dict:
        body = http.post("/graphql", json={"query": query, "variables": variables}, headers=headers).json()
        if body.get("errors"):
            raise RuntimeError(body["errors"])
        return body["data"]

    baseline = status_kb(pid, "VmRSS")
    sampler = RssSampler(pid)
    sampler.start()
    started = time.perf_counter()
    wanted = {key: value for key, value in (("desk", desk), ("createdFrom", created_from)) if value}
    job_id = gql(EXPORT, f=fmt, filter=wanted or None)["exportTickets"]["exportJob"]["id"]
    polls = 0
    while True:
        job = gql(JOB, id=job_id)["exportJob"]
        polls += 1
        if job["status"] in ("DONE", "FAILED"):
            break
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    if job["status"] != "DONE":
        raise RuntimeError(f"export failed: {job}")
    path = folder / f"export.{fmt.lower()}"
    # The bare path with the bearer token: the signed link names LOKET_PUBLIC_URL, not this benchmark's server.
    with http.stream("GET", urlsplit(job["downloadUrl"]).path, headers=headers) as response:
        response.raise_for_status()
        with path.open("wb") as out:
            for chunk in response.iter_bytes(1 << 20):
                out.write(chunk)
    return {"format": fmt, "rows": job["rowsDone"], "rows_in_file": rows_in(fmt, path), "seconds": elapsed,
            "rows_per_s": job["rowsDone"] / elapsed, "growth_mb": (sampler.peak_kb - baseline) / 1024,
            "baseline_mb": baseline / 1024, "size_mb": job["size"] / MB, "polls": polls}


async def first_agent(url: str) -> str:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetchval(
            "SELECT u.email FROM loket_user u JOIN loket_team_membership m ON m.user_id = u.id "
            "JOIN loket_team t ON t.id = m.team_id JOIN loket_desk d ON d.id = t.desk_id "
            "WHERE d.slug = $1 AND t.tier = 1 AND u.email LIKE $2 ORDER BY u.id LIMIT 1", AGENT_DESK,
            f"%@{SEED_DOMAIN}")
    finally:
        await connection.close()


def report(label: str, result: dict) -> None:
    print(f"{label}: {result['rows']:,} rows ({result['rows_in_file']:,} in the file, {result['size_mb']:.1f} MB) "
          f"in {result['seconds']:.1f} s = {result['rows_per_s']:,.0f} rows/s; server RSS "
          f"{result['baseline_mb']:.0f} MB before, peak growth {result['growth_mb']:.1f} MB", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="exports of each kind")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="loket-bench-exports-") as tmp:
        folder = Path(tmp)
        with throwaway_database("postgres", folder) as url:
            seed_database(url, args.tickets, quiet=True)
            agent_email = asyncio.run(first_agent(url))
            env = loket_env(url, folder / "data", LOKET_RUN_TIMERS="false")
            with server_process(env, folder, log_level="warning") as (base, process):
                with httpx.Client(base_url=base, timeout=120) as http:
                    def login(email: str, password: str) -> str:
                        body = http.post("/graphql", json={"query": LOGIN, "variables": {"e": email, "p": password}})
                        return body.json()["data"]["login"]["token"]

                    admin, agent = login(ADMIN, ADMIN_PASSWORD), login(agent_email, SEED_PASSWORD)
                    print(f"seeded {args.tickets:,} tickets; server pid {process.pid}", flush=True)
                    week = (datetime.now(UTC) - timedelta(days=7)).isoformat()
                    for fmt in ("CSV", "XLSX"):  # warm-up (last week's tickets): first-use allocations are not
                        export(http, admin, process.pid, fmt, folder, created_from=week)  # an export's growth
                    for _ in range(args.runs):
                        for fmt in ("CSV", "XLSX"):
                            report(f"{fmt:>4}, every ticket (superuser)", export(http, admin, process.pid, fmt, folder))
                        report(f" CSV, desk {AGENT_DESK} as a level-1 agent",
                               export(http, agent, process.pid, "CSV", folder, AGENT_DESK))
    return 0


if __name__ == "__main__":
    sys.exit(main())
