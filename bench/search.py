"""Search through `tickets(filter: {search: ...})` over the 1,000,000 seeded tickets: a superuser (every
ticket) and a Level 2 agent of LPSE Support, each asking the first page of 20 for a rotating mix of terms:
common words, a two-word phrase, a rare word, a word found nowhere, and ticket numbers.

    .venv/bin/python bench/search.py [--clients 4] [--workers 2] [--duration 15] [--database loket_bench]

Target: p95 < 50 ms.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402
from bench.load import install_uvloop  # noqa: E402

SEARCH = """query($q: String!) { tickets(first: 20, filter: {search: $q}) {
  edges { node { number title status { name } createdAt reporter { displayName } } } pageInfo { hasNextPage endCursor } } }"""
WORDS = ["login", "dokumen tidak bisa diunduh", "verifikasi", "sesi berakhir", "timeout", "akun terkunci",
         "penawaran", "kedaluwarsa", "printer rusak", "cache"]
SUPERUSER = ("admin@loket.local", "loket-admin")  # loaded by `loket demo`
DESK, TEAM = "lpse-support", "admin-ppe"


def terms(url: str) -> list[str]:
    """The words, and a few real ticket numbers (a number search must find its ticket first)."""
    rows = asyncio.run(harness.fetch(url, "SELECT number FROM loket_ticket ORDER BY random() LIMIT 5"))
    return WORDS + [row["number"] for row in rows]


def requests(url: str):
    bodies = [harness.body(SEARCH, q=term) for term in terms(url)]
    return lambda client, index: bodies[(client + index) % len(bodies)]


def each_term(base: str, token: str, url: str) -> list[tuple[str, float, int]]:
    """Every term once, one request at a time: its time (ms) and how many tickets the first page found."""
    timed = []
    with httpx.Client(base_url=base, headers=harness.bearer(token), timeout=300) as http:
        for term in terms(url):
            started = time.perf_counter()
            answer = http.post("/graphql", json={"query": SEARCH, "variables": {"q": term}}).json()
            timed.append((term, (time.perf_counter() - started) * 1000, len(answer["data"]["tickets"]["edges"])))
    return timed


def scenario(base: str, url: str, clients: int, _options: list[str]):
    token = harness.login(base, *SUPERUSER)
    return "search (superuser)", requests(url), [harness.bearer(token)] * clients


def main() -> int:
    args = harness.options(__doc__.splitlines()[0], clients=4, duration=15).parse_args()
    url = harness.seeded(args.database, args.tickets)
    print(harness.machine())
    install_uvloop()
    body = requests(url)
    results = []
    with harness.serve(url, workers=args.workers, pool=args.pool) as (base, process):
        superuser = harness.login(base, *SUPERUSER)
        agents = [harness.login(base, harness.agent_email(DESK, TEAM, 1 + n % 8)) for n in range(args.clients)]
        for name, tokens in (("search, superuser (1,000,000 tickets)", [superuser] * args.clients),
                             ("search, Level 2 agent of LPSE Support", agents)):
            results.append(harness.measure(base, process, args.database, args, name, body,
                                           [harness.bearer(token) for token in tokens]))
            print(results[-1].line(), flush=True)
        print("one request at a time, superuser: " + ", ".join(
            f"{term!r} {ms:.0f} ms ({found})" for term, ms, found in each_term(base, superuser, url)))
    print(f"server: {args.workers} worker(s), {args.pool} database connections each; terms: {', '.join(WORDS)} "
          f"and 5 ticket numbers")
    met = all(result.percentile(95) < 50 and result.errors == 0 for result in results)
    print("target (p95 < 50 ms):", "met" if met else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
