"""Finding a desk's guides: its plugin's and its admins' articles, listed and searched alike.

Search keeps the rule reporters know: every word of the search text must occur (case-insensitive, in any
language) in the guide's title, steps or body, keywords or topic name. Matching is done here, not in SQL, so
it behaves the same on PostgreSQL and SQLite (``casefold`` knows more letters than SQLite's ``LOWER``); a desk
holds at most ``articles.MAX_ARTICLES`` articles, so reading them is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError
from loket.core.models import GuideArticle
from loket.core.plugin_types import GuideSpec, Labels, TopicSpec

DESK_WIDE = ""  # the stored topic of a desk-wide FAQ article


@dataclass(frozen=True)
class FoundGuide:
    """A guide as reporters see it, from the plugin (``article_id`` None) or written by the desk's admins."""

    key: str
    topic: TopicSpec | None  # None: a desk-wide FAQ article
    title: str | Labels
    steps: tuple[str | Labels, ...] = ()
    body: Labels | None = None
    keywords: tuple[str, ...] = ()
    published: bool = True
    article_id: int | None = None

    def words(self) -> str:
        texts: list[str] = list(self.keywords)
        names = (self.topic.name,) if self.topic is not None else ()
        for text in (self.title, *self.steps, *((self.body,) if self.body else ()), *names):
            texts.extend([text] if isinstance(text, str) else text.values())
        return " ".join(texts).casefold()


def _of_plugin(guide: GuideSpec, topic: TopicSpec) -> FoundGuide:
    return FoundGuide(key=guide.key, topic=topic, title=guide.title, steps=guide.steps, keywords=guide.keywords)


def _of_article(article: GuideArticle, topic: TopicSpec | None) -> FoundGuide:
    return FoundGuide(key=article.key, topic=topic, title=dict(article.title), body=dict(article.body),
                      keywords=tuple(article.keywords or ()), published=article.published, article_id=article.id)


async def find_guides(desk: DeskInfo, topic: str | None = None, search: str | None = None, *,
                      drafts: bool = False, faq: bool = False) -> list[FoundGuide]:
    """The guides of ``topic`` (and its sub-topics), or of the whole desk (its desk-wide FAQ articles first),
    whose text contains every word of ``search``. Articles are published ones unless ``drafts``; ``faq``
    keeps the desk-wide articles alone. Within a topic the plugin's guides come first, then the articles by
    position."""
    if topic is not None and desk.topic(topic) is None:
        raise InvalidInputError("UNKNOWN_TOPIC", field="topic", topic=topic)
    query = GuideArticle.filter(desk_id=desk.id)
    if not drafts:
        query = query.filter(published=True)
    if faq:
        query = query.filter(topic=DESK_WIDE)
    articles: dict[str, list[GuideArticle]] = {}
    for article in await query.order_by("position", "id"):
        articles.setdefault(article.topic, []).append(article)
    found: list[FoundGuide] = []
    if topic is None:
        found.extend(_of_article(article, None) for article in articles.get(DESK_WIDE, ()))
    if not faq:
        for spec, _parent, _depth in desk.spec.walk_topics():
            if topic is not None and topic not in desk.topic_path(spec.slug):
                continue
            found.extend(_of_plugin(guide, spec) for guide in spec.guides)
            found.extend(_of_article(article, spec) for article in articles.get(spec.slug, ()))
    return list(_matching(found, search))


def _matching(found: Iterable[FoundGuide], search: str | None) -> Iterable[FoundGuide]:
    terms = (search or "").casefold().split()
    return (guide for guide in found if all(term in guide.words() for term in terms))


async def guide_exists(desk: DeskInfo, topic: str, key: str) -> bool:
    """Whether reporters can see a guide of this key: a plugin guide of ``topic``, or a published article of it
    (``topic`` empty: a desk-wide article)."""
    spec = desk.topic(topic) if topic else None
    if spec is not None and any(guide.key == key for guide in spec.guides):
        return True
    return await GuideArticle.filter(desk_id=desk.id, topic=topic, key=key, published=True).exists()


async def guide_titles(desk: DeskInfo) -> dict[tuple[str, str], str | Labels]:
    """The title of every guide of the desk, plugin's and articles (drafts too), by ``(topic, key)``."""
    titles: dict[tuple[str, str], str | Labels] = {
        (topic.slug, guide.key): guide.title for topic, _parent, _depth in desk.spec.walk_topics()
        for guide in topic.guides}
    for topic, key, title in await GuideArticle.filter(desk_id=desk.id).values_list("topic", "key", "title"):
        titles.setdefault((topic, key), title)
    return titles
