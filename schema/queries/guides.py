"""Self-service troubleshooting guides: read before filing, say whether they helped, count deflections."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core import guides
from loket.core.plugin_types import label
from loket.schema.inputs import SearchText, Slug
from loket.schema.permissions import IsAuthenticated


@strawberry.type(description="A troubleshooting guide of a topic, to show before a request is filed.")
class Guide:
    key: str
    topic: str = strawberry.field(description="The slug of the topic it belongs to.")
    topic_name: str
    title: str
    steps: list[str]


@strawberry.type(description="What reporters said of one guide: solved (no ticket needed) or not.")
class GuideDeflection:
    topic: str
    guide: str
    solved: int
    not_solved: int


@strawberry.type(description="Requests a desk's guides solved before they became tickets.")
class GuideDeflections:
    solved: int = strawberry.field(description="Reporters whose problem a guide solved (deflected requests).")
    not_solved: int
    by_guide: list[GuideDeflection]


@strawberry.type(description="A reporter's answer to 'did this guide solve your problem?'.")
class GuideOutcome:
    topic: str
    guide: str
    solved: bool


@strawberry.type
class GuideQueries:
    @strawberry.field(description="Troubleshooting guides of a desk, of one topic (and its sub-topics), "
                      "containing every word of `search`.", permission_classes=[IsAuthenticated])
    def guides(self, info: Info, desk: Slug, topic: Slug | None = None,
               search: SearchText | None = None) -> list[Guide]:
        language = info.context.language
        found = guides.find_guides(info.context.runtime.desks.get(desk), topic, search)
        return [Guide(key=f.guide.key, topic=f.topic.slug, topic_name=label(f.topic.name, language),
                      title=label(f.guide.title, language), steps=[label(step, language) for step in f.guide.steps])
                for f in found]

    @strawberry.field(description="For the desk's staff: how many requests its guides solved without a ticket.",
                      permission_classes=[IsAuthenticated])
    async def guide_deflections(self, info: Info, desk: Slug) -> GuideDeflections:
        counts = await guides.deflections(info.context.runtime, await info.context.viewer(), desk)
        return GuideDeflections(solved=sum(c.solved for c in counts), not_solved=sum(c.not_solved for c in counts),
                                by_guide=[GuideDeflection(topic=c.topic, guide=c.guide, solved=c.solved,
                                                          not_solved=c.not_solved) for c in counts])


@strawberry.type
class GuideMutations:
    @strawberry.mutation(description="Say whether a guide solved the problem (solved: no ticket was needed). "
                         "Counted for the desk's own reporters (not its staff), once per person, guide and day: "
                         "a second answer the same day replaces the first.",
                         permission_classes=[IsAuthenticated])
    async def record_guide_outcome(self, info: Info, desk: Slug, topic: Slug, guide: Slug,
                                   solved: bool) -> GuideOutcome:
        stored = await guides.record_outcome(info.context.runtime, await info.context.viewer(), desk, topic, guide,
                                             solved)
        return GuideOutcome(topic=stored.topic, guide=stored.guide, solved=stored.solved)
