"""Memory of one idle server process: resident set (VmRSS) of ``loket serve`` after start-up and after a few
requests (sign-in, a ticket with its conversation, a page of 50 tickets), on the seeded PostgreSQL database,
and its peak (VmHWM). Also the processes of a two-worker server (uvicorn's supervisor and its workers).

    .venv/bin/python bench/idle_memory.py [--database loket_bench]

Target: < 150 MB for one idle server process. MB = 2**20 bytes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402
from bench.ticket_list import FILTER, PAGE  # noqa: E402
from bench.ticket_read import TICKET, numbers  # noqa: E402

MB = 1024 * 1024


def memory(pid: int) -> dict[str, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            values[key] = int(value.split()[0]) * 1024 / MB
    return values


def command(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return f"process {pid}"
    text = " ".join(word.decode(errors="replace") for word in words if word)
    if " serve " in text:
        return "supervisor"
    return "worker" if "spawn_main" in text else "resource tracker" if "resource_tracker" in text else text[:60]


def exercise(base: str, url: str) -> None:
    token = harness.login(base, harness.agent_email("lpse-support", "admin-ppe", 1))
    for number in numbers(url, 5):
        harness.graphql(base, token, TICKET, n=number)
    for _ in range(5):
        harness.graphql(base, token, PAGE % "totalCount", first=50, filter=FILTER)


def main() -> int:
    args = harness.database_options(__doc__.splitlines()[0]).parse_args()
    url = harness.seeded(args.database, args.tickets)
    with harness.serve(url, workers=1) as (base, process):
        time.sleep(2)
        started = memory(process.pid)
        exercise(base, url)
        time.sleep(2)
        after = memory(process.pid)
    print(f"one worker, after start-up: RSS {started['VmRSS']:.1f} MB")
    print(f"one worker, idle after requests: RSS {after['VmRSS']:.1f} MB (anonymous {after['RssAnon']:.1f} MB, "
          f"files {after['RssFile']:.1f} MB), peak {after['VmHWM']:.1f} MB")
    with harness.serve(url, workers=2) as (base, process):
        time.sleep(3)
        exercise(base, url)
        time.sleep(2)
        processes = [(command(pid), memory(pid)["VmRSS"]) for pid in [process.pid, *harness.children(process.pid)]]
    print("two workers, idle after requests: " + ", ".join(f"{name} {rss:.1f} MB" for name, rss in processes))
    met = after["VmRSS"] < 150
    print("target (< 150 MB for one idle server process):", "met" if met else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
