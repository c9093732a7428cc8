"""Guide and FAQ articles a desk's admins write at run time: the mutations, and the admins' list of them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.guides import articles
from loket.core.models import GuideArticle as ArticleRow
from loket.schema.admin.desk_settings import actor_of
from loket.schema.admin.inputs import DESK, LocalizedTextInput, admin_mutation, words_of
from loket.schema.inputs import GlobalId, LongText, ShortText, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.node import Node, global_id, row_of

ARTICLE = "The article's id."
TITLE = "Its title per language."
BODY = "Its body per language, plain text."
KEYWORDS = "Words reporters may search it by."


@strawberry.type(description="A text in one language.")
class ArticleText:
    language: str = strawberry.field(description="An ISO 639 code: id, en, ...")
    text: str = strawberry.field(description="The text in that language.")


def _texts(words: dict[str, str]) -> list[ArticleText]:
    return [ArticleText(language=language, text=text) for language, text in words.items()]


@strawberry.type(description="A guide or FAQ article as its desk's admins wrote it, every language.")
class GuideArticle(Node):
    desk: str = strawberry.field(description="Its desk's slug.")
    topic: str | None = strawberry.field(description="Its topic's slug (null: a desk-wide FAQ article).")
    key: str = strawberry.field(description="Names it within its topic; fixed once written.")
    title: list[ArticleText] = strawberry.field(description=TITLE)
    body: list[ArticleText] = strawberry.field(description="Plain text per language.")
    keywords: list[str] = strawberry.field(description=KEYWORDS)
    published: bool = strawberry.field(description="False: a draft, which only the desk's staff see.")
    position: int = strawberry.field(description="Its place among its topic's articles, lowest first.")
    updated_at: datetime = strawberry.field(description="When it was last written or changed.")

    @classmethod
    def of(cls, row: ArticleRow, info: Info) -> GuideArticle:
        desk = info.context.runtime.desks.by_id(row.desk_id)
        return cls(id=global_id("GuideArticle", row.id), desk=desk.slug, topic=row.topic or None, key=row.key,
                   title=_texts(row.title), body=_texts(row.body), keywords=list(row.keywords or ()),
                   published=row.published, position=row.position, updated_at=row.updated_at)


@strawberry.input(description="A long text in one language (an article's body).")
class LocalizedLongTextInput:
    language: Slug = strawberry.field(description="An ISO 639 code: id, en, ...")
    text: LongText = strawberry.field(description="The text in that language.")


@strawberry.input(description="A new guide (with a topic) or desk-wide FAQ article (without one).")
class WriteGuideInput:
    desk: Slug = strawberry.field(description=DESK)
    key: Slug = strawberry.field(description="Names it within its topic: lowercase letters, digits, hyphens. "
                                 "Fixed once written (reporters' answers are counted by it).")
    title: list[LocalizedTextInput] = strawberry.field(description=TITLE)
    body: list[LocalizedLongTextInput] = strawberry.field(description=BODY)
    topic: Slug | None = strawberry.field(default=None, description="The topic it guides (null: a desk-wide FAQ "
                                          "article).")
    keywords: list[ShortText] | None = strawberry.field(default=None, description=KEYWORDS)
    position: int | None = strawberry.field(default=None, description="Default: after the topic's others.")
    published: bool = strawberry.field(default=False, description="Default: a draft reporters do not see.")


@strawberry.input(description="What to change of an article; what is left out stays.")
class EditGuideInput:
    id: GlobalId = strawberry.field(description=ARTICLE)
    title: list[LocalizedTextInput] | None = strawberry.field(default=None, description=TITLE)
    body: list[LocalizedLongTextInput] | None = strawberry.field(default=None, description=BODY)
    keywords: list[ShortText] | None = strawberry.field(default=None, description=KEYWORDS)
    position: int | None = strawberry.field(default=None, description="Its place among its topic's articles, 0 "
                                            "first.")


def stored_id(value: str, kind: str = "GuideArticle") -> int:
    """The row an `ID` argument names: a global id of ``kind`` (or, deprecated, the bare row id); INVALID_ID if
    it can name none."""
    return row_of(value, kind)


def _body(texts: list[LocalizedLongTextInput] | None) -> dict[str, str] | None:
    return None if texts is None else {text.language: text.text for text in texts}


@strawberry.type
class GuideAdminQueries:
    @strawberry.field(description="Every guide article of a desk, drafts too, every language: for its admins.",
                      permission_classes=[IsAuthenticated])
    async def guide_articles(self, info: Info, desk: Annotated[Slug, strawberry.argument(description=DESK)],
                             ) -> list[GuideArticle]:
        rows = await articles.desk_articles(info.context.runtime, await info.context.viewer(), desk)
        return [GuideArticle.of(row, info) for row in rows]


@strawberry.type(description="What a change of a guide article answers: the article as it now is.")
class GuidePayload:
    guide: GuideArticle = strawberry.field(description="The article, with the change in force.")


@strawberry.type(description="What `deleteGuide` answers.")
class DeleteGuidePayload:
    deleted_id: strawberry.ID = strawberry.field(description="The id the deleted article had.")


@strawberry.input(description="An article to show to reporters.")
class PublishGuideInput:
    id: GlobalId = strawberry.field(description=ARTICLE)


@strawberry.input(description="An article to take back to a draft.")
class UnpublishGuideInput:
    id: GlobalId = strawberry.field(description=ARTICLE)


@strawberry.input(description="A draft article to delete.")
class DeleteGuideInput:
    id: GlobalId = strawberry.field(description=ARTICLE)


@strawberry.type
class GuideAdminMutations:
    @admin_mutation("Write a guide of a topic, or a desk-wide FAQ article: a draft unless `published`. Desk "
                    "admins and superusers.")
    async def write_guide(
            self, info: Info, input: Annotated[WriteGuideInput, strawberry.argument(description="The article.")],
    ) -> GuidePayload:
        new = articles.NewArticle(key=input.key, topic=input.topic, title=words_of(input.title),
                                  body=_body(input.body), keywords=input.keywords, position=input.position,
                                  published=input.published)
        row = await articles.write_guide(info.context.runtime, await info.context.viewer(), actor_of(info),
                                         input.desk, new)
        return GuidePayload(guide=GuideArticle.of(row, info))

    @admin_mutation("Change an article's title, body, keywords or position.")
    async def edit_guide(
            self, info: Info,
            input: Annotated[EditGuideInput, strawberry.argument(description="The article and what changes.")],
    ) -> GuidePayload:
        change = articles.ArticleText(title=words_of(input.title), body=_body(input.body), keywords=input.keywords,
                                      position=input.position)
        row = await articles.edit_guide(info.context.runtime, await info.context.viewer(), actor_of(info),
                                        stored_id(input.id), change)
        return GuidePayload(guide=GuideArticle.of(row, info))

    @admin_mutation("Show an article to reporters.")
    async def publish_guide(
            self, info: Info, input: Annotated[PublishGuideInput, strawberry.argument(description="The article.")],
    ) -> GuidePayload:
        row = await articles.publish_guide(info.context.runtime, await info.context.viewer(), actor_of(info),
                                           stored_id(input.id), True)
        return GuidePayload(guide=GuideArticle.of(row, info))

    @admin_mutation("Take an article back to a draft reporters do not see.")
    async def unpublish_guide(
            self, info: Info,
            input: Annotated[UnpublishGuideInput, strawberry.argument(description="The article.")],
    ) -> GuidePayload:
        row = await articles.publish_guide(info.context.runtime, await info.context.viewer(), actor_of(info),
                                           stored_id(input.id), False)
        return GuidePayload(guide=GuideArticle.of(row, info))

    @admin_mutation("Delete a draft (unpublish a published article first).")
    async def delete_guide(
            self, info: Info, input: Annotated[DeleteGuideInput, strawberry.argument(description="The article.")],
    ) -> DeleteGuidePayload:
        await articles.delete_guide(info.context.runtime, await info.context.viewer(), actor_of(info),
                                    stored_id(input.id))
        return DeleteGuidePayload(deleted_id=input.id)
