"""Self-service deflections: reporters a guide helped, or did not, per guide."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.guides.search import guide_titles
from loket.core.plugin_types import Labels
from loket.core.reports.scope import Bucket, Scope
from loket.core.reports.sql import Sql, _fill, _with


@dataclass
class GuideOutcomes:
    topic: str
    guide: str
    title: str | Labels
    solved: int
    not_solved: int


@dataclass
class DeflectionPoint:
    bucket: Bucket
    solved: int
    not_solved: int


@dataclass
class Deflections:
    """Reporters who read a self-service guide and said it solved their problem (a request that needed no
    ticket) or not. Only the topic filter applies: no ticket exists to have a team, agent or priority."""

    solved: int
    not_solved: int
    by_guide: list[GuideOutcomes]
    series: list[DeflectionPoint]

    @property
    def rate(self) -> float | None:
        return self.solved / (self.solved + self.not_solved) if self.solved + self.not_solved else None


async def deflections(scope: Scope) -> Deflections:
    sql = Sql(scope)
    cte = sql.buckets_cte()
    index, join = sql.bucket_of("g.created_at")
    topics = ""
    if scope.topic_slugs is not None:
        topics = f" AND g.topic IN ({', '.join(sql.p(slug) for slug in scope.topic_slugs)})"
    text = (f"{_with(cte)}SELECT {index} AS idx, g.topic AS topic, g.guide AS guide, g.solved AS solved, "
            f"COUNT(*) AS n FROM loket_guide_feedback g{join} WHERE g.desk_id = {sql.p(scope.desk.id)} AND "
            f"{sql.in_period('g.created_at')}{topics} GROUP BY 1, 2, 3, 4")
    rows = await sql.rows(text)
    solved = _fill(scope, [row for row in rows if row["solved"]])
    not_solved = _fill(scope, [row for row in rows if not row["solved"]])
    per_guide: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        per_guide.setdefault((row["topic"], row["guide"]), [0, 0])[0 if row["solved"] else 1] += int(row["n"])
    titles = await guide_titles(scope.desk)
    return Deflections(
        solved=sum(solved), not_solved=sum(not_solved),
        by_guide=[GuideOutcomes(topic, guide, titles.get((topic, guide), guide), s, n)
                  for (topic, guide), (s, n) in sorted(per_guide.items())],
        series=[DeflectionPoint(bucket, solved[i], not_solved[i]) for i, bucket in enumerate(scope.buckets)])
