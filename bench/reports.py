"""How fast each desk report answers on PostgreSQL with 1,000,000 tickets.

    .venv/bin/python bench/reports.py [--url URL | --tickets 1000000] [--runs 7]

Without ``--url`` it seeds a new database with ``bench/seed.py`` (1,000,000 tickets over two years and the
bundled desks, with their events, SLA clocks, ratings and guide outcomes; kept afterwards, its URL printed);
with ``--url`` it reads one seeded before. The server's application runs in-process (the same app
``loket serve`` runs, no network); each report is one GraphQL request for that part only, made by a superuser
(the whole desk, the largest scope), timed from request to parsed answer. Every scenario runs ``--runs`` times
after one warm-up run; the median and maximum are printed. Target: every report under 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import pg  # noqa: E402

TARGET_SECONDS = 2.0
SECRET = "bench-secret-key-that-is-long-enough-for-production-use"
PARTS = {
    "volume": "volume { created resolved closed openAtStart openAtEnd series { bucket { start } created resolved "
              "closed backlog } }",
    "firstResponse": "firstResponse { ...durations }",
    "resolution": "resolution { ...durations }",
    "escalations": "escalations { total series { count } byTier { tier count series { count } } }",
    "reopens": "reopens { resolutions reopenings rate series { resolutions reopenings } }",
    "satisfaction": "satisfaction { ratings averageStars stars { value count } series { ratings averageStars } "
                    "questions { key average answered answers { value count } } }",
    "deflections": "deflections { solved notSolved rate byGuide { guide solved notSolved } series { solved notSolved } }",
}
FRAGMENT = ("fragment durations on DurationReport { elapsed { count medianSeconds p90Seconds } "
            "counted { count medianSeconds p90Seconds } breached breachRate "
            "series { elapsed { count medianSeconds p90Seconds } counted { count medianSeconds p90Seconds } breached } }")


def query(part: str) -> str:
    fragment = FRAGMENT if "durations" in PARTS[part] else ""
    return ("query($desk: String!, $period: ReportPeriodInput!, $filter: ReportFilterInput) { "
            f"deskReport(desk: $desk, period: $period, filter: $filter) {{ {PARTS[part]} }} }} {fragment}")


async def scenarios(url: str) -> list[tuple[str, str, dict, dict | None]]:
    """(name, desk, period, filter): the largest desk over its last year by day, its last month by day, the
    whole two years by month, and the last year by week for one tier-1 team and priority; then the desk with
    self-service guides over its last year by day."""
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        row = await connection.fetchrow(
            "SELECT d.slug, max(t.created_at) AS last, count(*) AS n FROM loket_ticket t JOIN loket_desk d "
            "ON d.id = t.desk_id GROUP BY d.slug ORDER BY n DESC LIMIT 1")
        team = await connection.fetchrow(
            "SELECT tm.slug, t.priority, count(*) AS n FROM loket_ticket t JOIN loket_team tm ON tm.id = t.team_id "
            "JOIN loket_desk d ON d.id = t.desk_id WHERE d.slug = $1 AND tm.tier = 1 GROUP BY 1, 2 "
            "ORDER BY n DESC LIMIT 1", row["slug"])
        guided = await connection.fetchval(
            "SELECT d.slug FROM loket_guide_feedback g JOIN loket_desk d ON d.id = g.desk_id GROUP BY d.slug "
            "ORDER BY count(*) DESC LIMIT 1")
    finally:
        await connection.close()
    end = row["last"].date()

    def period(days: int, bucket: str) -> dict:
        return {"start": (end - timedelta(days=days - 1)).isoformat(), "end": end.isoformat(), "bucket": bucket}

    desk = row["slug"]
    return [("year by day", desk, period(365, "DAY"), None),
            ("month by day", desk, period(30, "DAY"), None),
            ("two years by month", desk, period(730, "MONTH"), None),
            (f"year by week, team {team['slug']}, priority {team['priority']}", desk, period(365, "WEEK"),
             {"team": team["slug"], "priority": team["priority"]})] + (
        [("year by day (the desk with self-service guides)", guided, period(365, "DAY"), None)] if guided else [])


async def run(url: str, runs: int) -> bool:
    import httpx

    from loket.core.app import create_app
    from loket.core.auth.tokens import issue_token
    from loket.core.models import User
    from loket.core.plugins import get_plugin_manager
    from loket.core.settings import Settings

    plan = await scenarios(url)
    settings = Settings(database_url=url, data_dir=Path(tempfile.mkdtemp(prefix="loket-bench-reports-")),
                        secret_key=SECRET, plugins="all", run_timers=False)
    app = create_app(settings, get_plugin_manager(settings))
    met = True
    async with app.router.lifespan_context(app):
        user, _ = await User.get_or_create(email="reports.bench@seed.loket.example",
                                           defaults={"display_name": "Reports bench", "is_superuser": True})
        token = (await issue_token(user, settings, method="bench")).token
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://loket.bench",
                                     headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
            counts = await _counts(url)
            print("database: " + ", ".join(f"{name} {value:,}" for name, value in counts.items()))
            for name, desk, period, wanted in plan:
                print(f"\n{desk}, {name} ({period['start']} .. {period['end']}):")
                print(f"  {'report':<14} {'median s':>9} {'max s':>7}  answer")
                for part in PARTS:
                    variables = {"desk": desk, "period": period, "filter": wanted}
                    timings, answer = [], None
                    for attempt in range(runs + 1):
                        started = time.perf_counter()
                        response = await client.post("/graphql", json={"query": query(part), "variables": variables})
                        body = response.json()
                        elapsed = time.perf_counter() - started
                        if body.get("errors"):
                            raise SystemExit(f"{part}: {body['errors']}")
                        if attempt:
                            timings.append(elapsed)
                        answer = body["data"]["deskReport"][part]
                    median, worst = statistics.median(timings), max(timings)
                    met = met and worst < TARGET_SECONDS
                    print(f"  {part:<14} {median:>9.3f} {worst:>7.3f}  {_summary(part, answer)}")
    print(f"\ntarget: every report under {TARGET_SECONDS:.0f} s in every run: {'met' if met else 'MISSED'}")
    return met


async def _counts(url: str) -> dict[str, int]:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        return {table.removeprefix("loket_"): await connection.fetchval(f"SELECT count(*) FROM {table}")
                for table in ("loket_ticket", "loket_ticket_event", "loket_sla_clock", "loket_rating",
                              "loket_guide_feedback")}
    finally:
        await connection.close()


def _summary(part: str, answer: dict) -> str:
    """A few figures of the answer, to see that it counted something."""
    if part == "volume":
        return f"created {answer['created']:,}, closed {answer['closed']:,}, open at end {answer['openAtEnd']:,}"
    if part in ("firstResponse", "resolution"):
        median = answer["counted"]["medianSeconds"]
        return (f"{answer['elapsed']['count']:,} tickets, counted median "
                f"{median / 3600 if median is not None else float('nan'):.1f} h, breach rate {answer['breachRate']}")
    if part == "escalations":
        return f"{answer['total']:,} escalations, " + ", ".join(f"tier {t['tier']}: {t['count']:,}"
                                                               for t in answer["byTier"])
    if part == "reopens":
        return f"{answer['resolutions']:,} resolutions, {answer['reopenings']:,} turned down"
    if part == "satisfaction":
        stars = answer["averageStars"]
        return f"{answer['ratings']:,} ratings, {stars if stars is None else round(stars, 2)} stars"
    return f"{answer['solved']:,} solved, {answer['notSolved']:,} not"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a database seeded by bench/seed.py (default: seed a new one)")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    url = args.url
    if url is None:
        from bench.seed import seed_database

        url = asyncio.run(pg.create_database(pg.throwaway_name()))
        seed_database(url, args.tickets)
        print(f"seeded database: {url}")
    return 0 if asyncio.run(run(url, args.runs)) else 1


if __name__ == "__main__":
    sys.exit(main())
