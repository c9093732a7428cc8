"""Guide and FAQ articles a desk's admins write at run time: write, edit, publish, unpublish, delete a draft.

An article belongs to a topic of the desk (shown before a request on it is filed) or to the whole desk (a FAQ
article, topic empty). Its title and body are plain text per language: a frontend shows them as text, keeping
line breaks, never as HTML, so nothing an admin types can run in a reporter's browser. Its ``key`` and topic
are fixed once written: reporters' answers (``GuideFeedback``) are counted by them.

Each change is one transaction with its audit record (``guide.write``, ``guide.edit``, ``guide.publish``,
``guide.unpublish``, ``guide.delete``; before and after as :func:`plain`). Only the desk's admins and
superusers write; reporters see published articles only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.admin.access import administered_desk, require_admin_of
from loket.core.admin.audit import Actor, record
from loket.core.desk_config.labels import checked_labels
from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError, NotFoundError
from loket.core.guides.search import DESK_WIDE
from loket.core.inputs import LONG_TEXT
from loket.core.models import GuideArticle
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

MAX_ARTICLES = 500  # per desk: search reads them all
TITLE_MAX = 200
KEYWORDS_MAX = 20
KEYWORD_MAX = 50
POSITION_MAX = 100_000
KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass
class ArticleText:
    """What an admin writes; None leaves a part as it is (when editing)."""

    title: dict[str, str] | None = None
    body: dict[str, str] | None = None
    keywords: list[str] | None = None
    position: int | None = None


@dataclass
class NewArticle(ArticleText):
    """A new article: its key within its topic (``topic`` None: a desk-wide FAQ article)."""

    key: str = ""
    topic: str | None = None
    published: bool = False


def plain(article: GuideArticle) -> dict[str, Any]:
    """The article as plain JSON, for the audit log."""
    return {"topic": article.topic or None, "key": article.key, "title": article.title, "body": article.body,
            "keywords": list(article.keywords or ()), "published": article.published, "position": article.position}


def target_of(article: GuideArticle) -> str:
    return f"guide:{article.topic}/{article.key}" if article.topic else f"guide:{article.key}"


async def write_guide(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, new: NewArticle) -> GuideArticle:
    """Write a new article, a draft unless ``new.published``. The desk's admins and superusers."""
    desk = administered_desk(rt, viewer, desk_slug)
    return await store_guide(rt, actor, desk, new)


async def store_guide(rt: Runtime, actor: Actor, desk: DeskInfo, new: NewArticle) -> GuideArticle:
    """Write a new article for ``desk`` on ``actor``'s word, checked and audited like :func:`write_guide` but
    asking no one's permission: for operators (``loket demo``, the console), who act on the deployment."""
    topic = _checked_topic(desk, new.topic)
    key = (new.key or "").strip()
    if not KEY.fullmatch(key) or len(key) > 64:
        raise InvalidInputError("GUIDE_KEY_INVALID", field="input.key", key=key)
    spec = desk.topic(topic) if topic else None
    if spec is not None and any(guide.key == key for guide in spec.guides):
        raise InvalidInputError("GUIDE_KEY_TAKEN", field="input.key", key=key)
    title, body, keywords, position = _checked(ArticleText(new.title or {}, new.body or {}, new.keywords or [],
                                                           new.position))
    now = rt.now()
    async with in_transaction():
        if await GuideArticle.filter(desk_id=desk.id).count() >= MAX_ARTICLES:
            raise InvalidInputError("GUIDE_LIMIT_REACHED", field="input.desk", max=MAX_ARTICLES)
        if position is None:
            highest = await (GuideArticle.filter(desk_id=desk.id, topic=topic).order_by("-position").first()
                             .values_list("position", flat=True))
            position = 0 if highest is None else highest + 1
        try:
            async with in_transaction():  # a savepoint: a lost race for the key must not end the transaction
                article = await GuideArticle.create(
                    desk_id=desk.id, topic=topic, key=key, title=title, body=body, keywords=keywords,
                    published=new.published, position=position, created_at=now, updated_at=now,
                    updated_by=actor.user)
        except IntegrityError:
            raise InvalidInputError("GUIDE_KEY_TAKEN", field="input.key", key=key) from None
        await record(actor, now, "guide.write", target_of(article), after=plain(article), desk_id=desk.id)
    return article


async def edit_guide(rt: Runtime, viewer: Viewer, actor: Actor, article_id: int, change: ArticleText) -> GuideArticle:
    """Change an article's title, body, keywords or position (its key and topic stay)."""
    async with in_transaction():
        article = await _administered(rt, viewer, article_id)
        before = plain(article)
        title, body, keywords, position = _checked(change)
        for name, value in (("title", title), ("body", body), ("keywords", keywords), ("position", position)):
            if value is not None:
                setattr(article, name, value)
        if plain(article) != before:
            article.updated_at, article.updated_by = rt.now(), actor.user
            await article.save()
            await record(actor, article.updated_at, "guide.edit", target_of(article), before=before,
                         after=plain(article), desk_id=article.desk_id)
    return article


async def publish_guide(rt: Runtime, viewer: Viewer, actor: Actor, article_id: int,
                        published: bool = True) -> GuideArticle:
    """Show an article to reporters (``published``), or take it back to a draft."""
    async with in_transaction():
        article = await _administered(rt, viewer, article_id)
        if article.published != published:
            before = plain(article)
            article.published, article.updated_at, article.updated_by = published, rt.now(), actor.user
            await article.save()
            await record(actor, article.updated_at, "guide.publish" if published else "guide.unpublish",
                         target_of(article), before=before, after=plain(article), desk_id=article.desk_id)
    return article


async def delete_guide(rt: Runtime, viewer: Viewer, actor: Actor, article_id: int) -> int:
    """Delete a draft (a published article is unpublished first, so no reporter loses it unawares)."""
    async with in_transaction():
        article = await _administered(rt, viewer, article_id)
        if article.published:
            raise InvalidInputError("GUIDE_PUBLISHED", field="id", key=article.key)
        await article.delete()
        await record(actor, rt.now(), "guide.delete", target_of(article), before=plain(article),
                     desk_id=article.desk_id)
    return article_id


async def desk_articles(rt: Runtime, viewer: Viewer, desk_slug: str) -> list[GuideArticle]:
    """Every article of the desk, drafts too, by topic and position: for its admins."""
    desk = administered_desk(rt, viewer, desk_slug)
    return await GuideArticle.filter(desk_id=desk.id).order_by("topic", "position", "id")


async def _administered(rt: Runtime, viewer: Viewer, article_id: int) -> GuideArticle:
    article = await GuideArticle.get_or_none(id=article_id)
    if article is None:
        raise NotFoundError("GUIDE_NOT_FOUND", field="id", id=article_id)
    require_admin_of(viewer, article.desk_id)
    return article


def _checked_topic(desk: DeskInfo, topic: str | None) -> str:
    if not topic:
        return DESK_WIDE
    if desk.topic(topic) is None:
        raise InvalidInputError("UNKNOWN_TOPIC", field="input.topic", topic=topic)
    return topic


def _checked(text: ArticleText) -> tuple[dict | None, dict | None, list | None, int | None]:
    title = body = keywords = None
    if text.title is not None:
        title = checked_labels(text.title, field="input.title")
        _within(title, TITLE_MAX, "input.title")
    if text.body is not None:
        body = checked_labels(text.body, field="input.body")
        _within(body, LONG_TEXT, "input.body")
    if text.keywords is not None:
        keywords = list(dict.fromkeys(word.strip() for word in text.keywords if word.strip()))
        if len(keywords) > KEYWORDS_MAX or any(len(word) > KEYWORD_MAX for word in keywords):
            raise InvalidInputError("GUIDE_KEYWORDS_INVALID", field="input.keywords", max=KEYWORDS_MAX,
                                    length=KEYWORD_MAX)
    if text.position is not None and not 0 <= text.position <= POSITION_MAX:
        raise InvalidInputError("GUIDE_POSITION_INVALID", field="input.position", max=POSITION_MAX)
    return title, body, keywords, text.position


def _within(words: dict[str, str], limit: int, field: str) -> None:
    for text in words.values():
        if len(text) > limit:
            raise InvalidInputError("TEXT_TOO_LONG", field=f"{field}.text", max=limit, length=len(text))
