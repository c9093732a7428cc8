"""Benchmark: 100,000 tickets exported to CSV and to Excel through a real ``loket serve`` on PostgreSQL.

Run it with ``.venv/bin/python bench/exports.py`` (Linux: it reads /proc). It creates a throwaway PostgreSQL
database on 127.0.0.1:5432, applies ``loket migrate``, creates a superuser with ``loket createuser``, starts
``loket serve`` (one worker), fills the database with N tickets in one ``INSERT ... SELECT generate_series``
(spread over the bundled desks, statuses, reporters and agents), then for each format: starts the export with
the ``exportTickets`` mutation, polls ``exportJob`` as a frontend would until it is done, downloads the file and
counts its rows. Meanwhile a thread samples the server's resident memory (VmRSS) every 5 ms. It prints, per
format, the server's peak memory growth over its resident size before the export, the time from the mutation
to DONE and the rows per second.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tests.databases import throwaway_database  # noqa: E402
from upload_memory import RssSampler, status_kb  # noqa: E402  (the upload benchmark's memory sampler)
from tests.server_process import loket_env, run_loket, server_process  # noqa: E402

EMAIL, PASSWORD = "bench@bench.example", "bench-password-not-secret"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
EXPORT = "mutation($f: ExportFormat!) { exportTickets(format: $f) { id } }"
JOB = "query($id: ID!) { exportJob(id: $id) { status rowsDone rowsTotal downloadUrl size errorCode } }"
MB = 1024 * 1024

FILL = """
WITH desks AS (SELECT array_agg(d.id ORDER BY d.id) AS ids FROM loket_desk d),
     reporters AS (SELECT array_agg(id ORDER BY id) AS ids FROM loket_user WHERE email LIKE 'reporter%%'),
     agents AS (SELECT array_agg(id ORDER BY id) AS ids FROM loket_user WHERE email LIKE 'agent%%')
INSERT INTO loket_ticket (number, desk_id, topic_id, application, application_version, title, description,
    reporter_id, created_by_id, channel, reporter_category, origin, status, team_id, assignee_id, priority,
    priority_reason, fields, version, created_at, updated_at, taken_at, first_response_at, resolved_at,
    closed_at, close_reason, sla_due_at, sla_breached)
SELECT 'BENCH' || lpad(g::text, 9, '0'), t.desk_id, NULL, 'SPSE', '4.5',
    'Tidak bisa mengunggah dokumen penawaran paket #' || g,
    repeat('Saat mengunggah dokumen muncul pesan galat dan halaman kembali kosong. ', 3),
    r.ids[1 + g %% array_length(r.ids, 1)], r.ids[1 + g %% array_length(r.ids, 1)], 'web', 'Penyedia', 'LPSE Kota ' || (g %% 50),
    (ARRAY['new', 'in_progress', 'waiting_on_reporter', 'resolved', 'closed'])[1 + g %% 5], t.team_id,
    CASE WHEN g %% 5 > 0 THEN a.ids[1 + g %% array_length(a.ids, 1)] END, NULL, '', '{}'::jsonb, 1,
    now() - make_interval(mins => g), now(), now() - make_interval(mins => g - 5), NULL,
    CASE WHEN g %% 5 >= 3 THEN now() - make_interval(mins => g - 60) END,
    CASE WHEN g %% 5 = 4 THEN now() - make_interval(mins => g - 90) END, NULL,
    now() + make_interval(hours => g %% 72), g %% 17 = 0
FROM generate_series(1, %(count)s) AS g, reporters r, agents a,
LATERAL (SELECT tm.desk_id, tm.id AS team_id FROM loket_team tm ORDER BY tm.id
         OFFSET (g %% (SELECT count(*) FROM loket_team)) LIMIT 1) t
"""


async def fill(url: str, count: int) -> float:
    started = time.perf_counter()
    connection = await asyncpg.connect(url)
    try:
        now = "now()"
        await connection.execute(
            f"INSERT INTO loket_user (email, display_name, is_superuser, is_active, email_confirmed, created_at) "
            f"SELECT 'reporter' || g || '@bench.example', 'Pelapor Nomor ' || g, false, true, true, {now} "
            f"FROM generate_series(1, 2000) g")
        await connection.execute(
            f"INSERT INTO loket_user (email, display_name, is_superuser, is_active, email_confirmed, created_at) "
            f"SELECT 'agent' || g || '@bench.example', 'Agen Nomor ' || g, false, true, true, {now} "
            f"FROM generate_series(1, 100) g")
        await connection.execute(FILL % {"count": int(count)})
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return time.perf_counter() - started


def rows_in(fmt: str, content_path: Path) -> int:
    if fmt == "CSV":
        with content_path.open(encoding="utf-8-sig", newline="") as source:
            return sum(1 for _ in csv.reader(source)) - 1
    import openpyxl

    book = openpyxl.load_workbook(content_path, read_only=True)
    return sum(1 for _ in book.active.iter_rows(values_only=True)) - 1


def export(http: httpx.Client, token: str, pid: int, fmt: str, folder: Path) -> dict:
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
    job_id = gql(EXPORT, f=fmt)["exportTickets"]["id"]
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
    with http.stream("GET", job["downloadUrl"], headers=headers) as response:
        response.raise_for_status()
        with path.open("wb") as out:
            for chunk in response.iter_bytes(1 << 20):
                out.write(chunk)
    return {"format": fmt, "rows": job["rowsDone"], "rows_in_file": rows_in(fmt, path), "seconds": elapsed,
            "rows_per_s": job["rowsDone"] / elapsed, "growth_mb": (sampler.peak_kb - baseline) / 1024,
            "baseline_mb": baseline / 1024, "size_mb": job["size"] / MB, "polls": polls}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="exports per format")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loket-bench-exports-") as tmp:
        folder = Path(tmp)
        with throwaway_database("postgres", folder) as url:
            env = loket_env(url, folder / "data", LOKET_RUN_TIMERS="false")
            for command in (("migrate",), ("createuser", "--email", EMAIL, "--password", PASSWORD, "--superuser")):
                done = run_loket(*command, env=env, cwd=folder)
                if done.returncode:
                    raise RuntimeError(done.stderr)
            with server_process(env, folder, log_level="warning") as (base, process):
                seconds = asyncio.run(fill(url, args.tickets))
                print(f"filled {args.tickets:,} tickets in {seconds:.1f} s")
                with httpx.Client(base_url=base, timeout=120) as http:
                    token = http.post("/graphql", json={"query": LOGIN, "variables": {"e": EMAIL, "p": PASSWORD}}
                                      ).json()["data"]["login"]["token"]
                    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; "
                          f"server pid {process.pid}")
                    for fmt in ("CSV", "XLSX"):
                        for _ in range(args.runs):
                            result = export(http, token, process.pid, fmt, folder)
                            print(f"{result['format']:>4}: {result['rows']:,} rows ({result['rows_in_file']:,} in "
                                  f"the file, {result['size_mb']:.1f} MB) in {result['seconds']:.1f} s = "
                                  f"{result['rows_per_s']:,.0f} rows/s; server RSS {result['baseline_mb']:.0f} MB "
                                  f"before, peak growth {result['growth_mb']:.1f} MB ({result['polls']} polls)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
