"""What the HTTP benchmarks share: a seeded database, a real ``loket serve`` on it, signing in, and the
command-line options for load (clients, warm-up, measured window, server workers)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import pg  # noqa: E402
from bench.seed import SEED_DOMAIN, SEED_PASSWORD, loket, seed_database  # noqa: E402
from tests.server_process import loket_env, server_process  # noqa: E402

DEFAULT_DATABASE = "loket_bench"
SECRET = "benchmark-secret-key-not-for-production-use-0123456789"
LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"


def database_options(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", default=DEFAULT_DATABASE,
                        help="seeded database on the benchmark server (seeded with bench/seed.py when missing)")
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets to seed when the database is missing")
    return parser


def options(description: str, *, clients: int = 32, workers: int = 2, duration: float = 20) -> argparse.ArgumentParser:
    parser = database_options(description)
    parser.add_argument("--workers", type=int, default=workers, help="server worker processes")
    parser.add_argument("--clients", type=int, default=clients, help="concurrent clients (keep-alive connections)")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of warm-up before measuring")
    parser.add_argument("--duration", type=float, default=duration, help="seconds measured")
    parser.add_argument("--pool", type=int, default=10, help="database connections per server worker")
    return parser


def seeded(database: str, tickets: int) -> str:
    """The URL of the seeded benchmark database, seeding it first when it does not exist (and migrating it
    when it does)."""
    url = pg.database_url(database)
    if not asyncio.run(pg.database_exists(database)):
        print(f"database {database} does not exist: seeding {tickets:,} tickets first")
        asyncio.run(pg.create_database(database))
        seed_database(url, tickets)
    else:
        loket(url, "migrate")  # a database seeded before the latest migrations
    return url


@contextmanager
def serve(url: str, *, workers: int, pool: int = 10, **extra: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """A real ``loket serve`` in production mode on ``url`` (access log off): its base URL and process."""
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as folder:
        database = f"{url}?minsize=1&maxsize={pool}"
        env = loket_env(database, Path(folder), LOKET_ENV="production", LOKET_SECRET_KEY=SECRET, **extra)
        with server_process(env, Path(folder), workers=workers, log_level="warning") as (base, process):
            yield base, process


def login(base: str, email: str, password: str = SEED_PASSWORD) -> str:
    response = httpx.post(f"{base}/graphql", json={"query": LOGIN, "variables": {"e": email, "p": password}},
                          timeout=30)
    body = response.json()
    if body.get("errors"):
        raise SystemExit(f"login of {email} failed: {body['errors']}")
    return body["data"]["login"]["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def graphql(base: str, token: str | None, query: str, **variables) -> dict:
    response = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables},
                          headers=bearer(token) if token else {}, timeout=120)
    body = response.json()
    if body.get("errors"):
        raise SystemExit(f"request failed: {body['errors']}")
    return body["data"]


def body(query: str, **variables) -> bytes:
    return json.dumps({"query": query, "variables": variables}).encode()


def agent_email(desk: str, team: str, n: int) -> str:
    return f"agent.{desk}.{team}.{n}@{SEED_DOMAIN}"


def reporter_email(n: int) -> str:
    return f"reporter.{n}@{SEED_DOMAIN}"


async def fetch(url: str, sql: str, *args):
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetch(sql, *args)
    finally:
        await connection.close()


def machine() -> str:
    """One line about where the figures come from, with the load the machine had before the run."""
    from bench.upload_memory import machine as hardware

    return f"{hardware()}, load average before the run {os.getloadavg()[0]:.2f}"


def cpu_ticks(pid: int) -> int:
    """User plus system CPU time the process has used so far, in clock ticks (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            pass
    return found + [grandchild for child in found for grandchild in children(child)]


def _backends(database: str) -> list[int]:
    """PostgreSQL's processes serving ``database`` (backends name their database in their title)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
            if title.startswith("postgres: ") and f" {database} " in title:
                pids.append(int(entry.name))
    return pids


class CpuMeter:
    """CPU seconds used by the server (its process and workers), PostgreSQL's backends for the database, and
    this process (the load generator), between ``start()`` and ``stop()``."""

    def __init__(self, server_pid: int, database: str) -> None:
        self.server_pid, self.database = server_pid, database
        self.hertz = os.sysconf("SC_CLK_TCK")

    def _sample(self) -> dict[str, dict[int, int]]:
        server = [self.server_pid, *children(self.server_pid)]
        return {"server": {pid: cpu_ticks(pid) for pid in server},
                "PostgreSQL": {pid: cpu_ticks(pid) for pid in _backends(self.database)},
                "load generator": {os.getpid(): cpu_ticks(os.getpid())}}

    def start(self) -> None:
        self.before = self._sample()

    def stop(self) -> dict[str, float]:
        after = self._sample()
        return {party: sum(ticks - self.before[party].get(pid, 0) for pid, ticks in pids.items()) / self.hertz
                for party, pids in after.items()}


def measure(base: str, process: subprocess.Popen, database: str, args: argparse.Namespace, name: str, body,
            headers: list[dict[str, str]], **load):
    """Run the load against the server and account the CPU each party used."""
    from bench.load import run_load

    meter = CpuMeter(process.pid, database)
    meter.start()
    result = asyncio.run(run_load(name, base, body, headers, warmup=args.warmup, duration=args.duration, **load))
    result.cpu = meter.stop()
    return result
