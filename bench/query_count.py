"""SQL statements for a page of 10 and a page of 100 tickets with nested data, on the seeded PostgreSQL
database, counted the way tests/tickets/test_query_count.py counts them (tortoise's statement log).

    .venv/bin/python bench/query_count.py [--database loket_bench]

The application runs in this process (its lifespan, an in-process HTTP client); each request is counted on
its own after one warm-up request. Pages: the tests' PAGE document (people, position, topic, priority,
latest message and its author) and WIDE document (every message with its author and files, files, rating,
available actions), for a Level 1 agent, a Level 2 agent, the reporter with the most tickets, and a
superuser. Target: the same small constant for 100 tickets as for 10.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402
from tests.tickets.test_query_count import PAGE, WIDE, counting_sql  # noqa: E402


async def count(url: str) -> list[tuple[str, str, int, int, int]]:
    from loket.core.app import create_app
    from loket.core.settings import Settings

    [reporter] = await harness.fetch(url, """
        SELECT u.email FROM loket_ticket t JOIN loket_user u ON u.id = t.reporter_id
         GROUP BY u.email ORDER BY count(*) DESC LIMIT 1""")
    people = {"Level 1 agent": (harness.agent_email("lpse-support", "lpse-level-1", 1), harness.SEED_PASSWORD),
              "Level 2 agent": (harness.agent_email("lpse-support", "admin-ppe", 1), harness.SEED_PASSWORD),
              "reporter": (reporter["email"], harness.SEED_PASSWORD),
              "superuser": ("admin@loket.local", "loket-admin")}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=url, data_dir=Path(folder), plugins="all", run_timers=False)
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://loket") as http:
                for who, (email, password) in people.items():
                    answer = await http.post("/graphql", json={"query": harness.LOGIN,
                                                               "variables": {"e": email, "p": password}})
                    headers = harness.bearer(answer.json()["data"]["login"]["token"])
                    for name, document in (("PAGE", PAGE), ("WIDE", WIDE)):
                        counts = []
                        for first in (10, 100):
                            await http.post("/graphql", json={"query": document, "variables": {"first": first}},
                                            headers=headers)
                            with counting_sql() as statements:
                                answer = await http.post("/graphql", headers=headers, json={
                                    "query": document, "variables": {"first": first}})
                            body = answer.json()
                            if body.get("errors"):
                                raise SystemExit(f"{who} {name}: {body['errors']}")
                            counts.append((len(statements), len(body["data"]["tickets"]["edges"])))
                        rows.append((who, name, counts[0][0], counts[1][0], counts[1][1]))
    return rows


def main() -> int:
    args = harness.database_options(__doc__.splitlines()[0]).parse_args()
    url = harness.seeded(args.database, args.tickets)
    rows = asyncio.run(count(url))
    print(f"{'who':<15} {'document':<8} {'page of 10':>10} {'page of 100':>11}  (tickets on the page of 100)")
    for who, name, small, large, size in rows:
        print(f"{who:<15} {name:<8} {small:>10} {large:>11}  ({size})")
    met = all(small == large for _, _, small, large, _ in rows)
    print("target (a page of 100 costs the statements of a page of 10):", "met" if met else "MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
