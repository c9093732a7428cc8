"""ticket(number) with its conversation under load: Level 2 agents (Admin PPE) of LPSE Support open random
tickets they may see, among the 1,000,000 seeded, with the people, position, priority and every message.

    .venv/bin/python bench/ticket_read.py [--clients 32] [--workers 2] [--duration 20] [--database loket_bench]

Target: >= 1,500 requests/s, p99 < 50 ms.
"""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402
from bench.load import install_uvloop  # noqa: E402

DESK, TEAM = "lpse-support", "admin-ppe"
TICKET = """query($n: String!) { ticket(number: $n) {
  number title description status { name } statusLabel createdAt channel
  reporter { displayName email } createdBy { displayName } assignee { displayName }
  position { tier team { name } } priority { slug name } topicPath
  messages { nodes { body internal purpose createdAt author { displayName } attachments { name } } }
} }"""


def numbers(url: str, count: int = 20_000) -> list[str]:
    """Numbers of LPSE Support tickets held by teams up to tier 2: what a Level 2 agent may see."""
    rows = asyncio.run(harness.fetch(url, """
        SELECT t.number FROM loket_ticket t JOIN loket_team m ON m.id = t.team_id JOIN loket_desk d ON d.id = t.desk_id
         WHERE d.slug = $1 AND m.tier <= 2 ORDER BY random() LIMIT $2""", DESK, count))
    return [row["number"] for row in rows]


def scenario(base: str, url: str, clients: int, _options: list[str]):
    picked = numbers(url)
    agents = 8
    tokens = [harness.login(base, harness.agent_email(DESK, TEAM, 1 + n % agents)) for n in range(clients)]
    rng = random.Random(7)
    bodies = [harness.body(TICKET, n=number) for number in picked]

    def request(_client: int, _index: int) -> bytes:
        return bodies[rng.randrange(len(bodies))]

    return "ticket(number) with conversation", request, [harness.bearer(token) for token in tokens]


def main() -> int:
    args = harness.options(__doc__.splitlines()[0]).parse_args()
    url = harness.seeded(args.database, args.tickets)
    print(harness.machine())
    install_uvloop()
    with harness.serve(url, workers=args.workers, pool=args.pool) as (base, process):
        result = harness.measure(base, process, args.database, args, *scenario(base, url, args.clients, []))
    print(f"server: {args.workers} worker(s), {args.pool} database connections each")
    print(result.line())
    met = result.rate >= 1500 and result.percentile(99) < 50 and result.errors == 0
    print("target (>= 1,500 requests/s, p99 < 50 ms):", "met" if met else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
