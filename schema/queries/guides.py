"""Self-service troubleshooting guides: read before filing, say whether they helped, count deflections."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core import guides
from loket.core.errors import PermissionDeniedError
from loket.core.plugin_types import label
from loket.schema.inputs import SearchText, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.node import global_id

DeskArgument = Annotated[Slug, strawberry.argument(description="The desk's slug.")]
SearchArgument = Annotated[SearchText | None, strawberry.argument(
    description="Words every guide shown contains, in any letter case; all guides when null.")]
DraftsArgument = Annotated[bool, strawberry.argument(
    description="Include unpublished articles: for the desk's staff only (anyone else gets FORBIDDEN).")]


@strawberry.type(description="A troubleshooting guide of a topic, to show before a request is filed, or a "
                 "desk-wide FAQ article: from the desk's plugin, or written by the desk's admins (with an `id`).")
class Guide:
    id: strawberry.ID | None = strawberry.field(description="The global id of the article (a GuideArticle), for "
                                                "one the desk's admins wrote (null for the plugin's guides).")
    key: str = strawberry.field(description="The guide's key within its topic (recordGuideOutcome's `guide`).")
    topic: str | None = strawberry.field(description="The slug of the topic it belongs to (null: a desk-wide "
                                          "FAQ article).")
    topic_name: str | None = strawberry.field(description="The topic's name in your language; null for a "
                                              "desk-wide FAQ article.")
    title: str = strawberry.field(description="The guide's title in your language.")
    steps: list[str] = strawberry.field(description="The plugin's guides: the steps, in order.")
    body: str | None = strawberry.field(description="Articles the desk's admins wrote: plain text (show it as "
                                        "text, keeping line breaks, never as HTML).")
    published: bool = strawberry.field(description="False for a draft (only the desk's staff see drafts).")

    @classmethod
    def of(cls, found: guides.FoundGuide, language: str, fallback: str) -> Guide:
        return cls(id=global_id("GuideArticle", found.article_id) if found.article_id is not None else None, key=found.key,
                   topic=found.topic.slug if found.topic else None,
                   topic_name=label(found.topic.name, language, fallback) if found.topic else None,
                   title=label(found.title, language, fallback),
                   steps=[label(step, language, fallback) for step in found.steps],
                   body=label(found.body, language, fallback) if found.body is not None else None,
                   published=found.published)


async def _found(info: Info, desk_slug: str, topic: str | None, search: str | None, drafts: bool,
                 faq: bool) -> list[Guide]:
    desk = info.context.runtime.desks.get(desk_slug)
    if drafts and not (await info.context.viewer()).is_staff_of(desk.id):
        raise PermissionDeniedError()
    found = await guides.find_guides(desk, topic, search, drafts=drafts, faq=faq)
    return [Guide.of(f, info.context.language, desk.spec.language) for f in found]


@strawberry.type(description="What reporters said of one guide: solved (no ticket needed) or not.")
class GuideDeflection:
    topic: str | None = strawberry.field(description="The guide's topic slug; null for a desk-wide FAQ article.")
    guide: str = strawberry.field(description="The guide's key.")
    solved: int = strawberry.field(description="Answers that it solved the problem (one per person and day).")
    not_solved: int = strawberry.field(description="Answers that it did not (one per person and day).")


@strawberry.type(description="Requests a desk's guides solved before they became tickets.")
class GuideDeflections:
    solved: int = strawberry.field(description="Reporters whose problem a guide solved (deflected requests).")
    not_solved: int = strawberry.field(description="Reporters whose problem a guide did not solve.")
    by_guide: list[GuideDeflection] = strawberry.field(description="The counts of each guide that has any, by "
                                                       "topic and key.")


@strawberry.type(description="A reporter's answer to 'did this guide solve your problem?'.")
class GuideOutcome:
    topic: str | None = strawberry.field(description="The guide's topic slug; null for a desk-wide FAQ article.")
    guide: str = strawberry.field(description="The guide's key.")
    solved: bool = strawberry.field(description="True: the guide solved the problem.")


@strawberry.input(description="A reporter's answer about one guide.")
class RecordGuideOutcomeInput:
    desk: Slug = strawberry.field(description="The desk the guide belongs to.")
    guide: Slug = strawberry.field(description="The guide's key.")
    solved: bool = strawberry.field(description="True: the guide solved the problem, no ticket was needed.")
    topic: Slug | None = strawberry.field(default=None, description="The guide's topic; leave out for a "
                                          "desk-wide FAQ article.")


@strawberry.type(description="The answer as counted.")
class RecordGuideOutcomePayload:
    outcome: GuideOutcome = strawberry.field(description="The answer recorded (today's, replacing an earlier one).")


@strawberry.type
class GuideQueries:
    @strawberry.field(description="Troubleshooting guides of a desk, of one topic (and its sub-topics), "
                      "containing every word of `search` (in the title, steps or body, keywords or topic name, "
                      "any letter case, any language). Without `topic`: the desk's FAQ articles first, then "
                      "every topic's guides. `drafts`: the desk's staff see unpublished articles too.",
                      permission_classes=[IsAuthenticated])
    async def guides(self, info: Info, desk: DeskArgument,
                     topic: Annotated[Slug | None, strawberry.argument(
                         description="A topic slug: its guides and its sub-topics'; every topic's when null.")] = None,
                     search: SearchArgument = None, drafts: DraftsArgument = False) -> list[Guide]:
        return await _found(info, desk, topic, search, drafts, faq=False)

    @strawberry.field(description="A desk's FAQ page: its desk-wide articles (those of no topic), by position, "
                      "containing every word of `search`.", permission_classes=[IsAuthenticated])
    async def faq(self, info: Info, desk: DeskArgument, search: SearchArgument = None,
                  drafts: DraftsArgument = False) -> list[Guide]:
        return await _found(info, desk, None, search, drafts, faq=True)

    @strawberry.field(description="For the desk's staff: how many requests its guides solved without a ticket.",
                      permission_classes=[IsAuthenticated])
    async def guide_deflections(self, info: Info, desk: DeskArgument) -> GuideDeflections:
        counts = await guides.deflections(info.context.runtime, await info.context.viewer(), desk)
        return GuideDeflections(solved=sum(c.solved for c in counts), not_solved=sum(c.not_solved for c in counts),
                                by_guide=[GuideDeflection(topic=c.topic or None, guide=c.guide, solved=c.solved,
                                                          not_solved=c.not_solved) for c in counts])


@strawberry.type
class GuideMutations:
    @strawberry.mutation(description="Say whether a guide solved the problem (solved: no ticket was needed). "
                         "Counted for the desk's own reporters (not its staff), once per person, guide and day: "
                         "a second answer the same day replaces the first. Without `topic`: a desk-wide FAQ "
                         "article.", permission_classes=[IsAuthenticated])
    async def record_guide_outcome(
            self, info: Info, input: Annotated[RecordGuideOutcomeInput, strawberry.argument(description="The answer.")],
    ) -> RecordGuideOutcomePayload:
        stored = await guides.record_outcome(info.context.runtime, await info.context.viewer(), input.desk,
                                             input.topic, input.guide, input.solved)
        return RecordGuideOutcomePayload(outcome=GuideOutcome(topic=stored.topic or None, guide=stored.guide,
                                                              solved=stored.solved))
