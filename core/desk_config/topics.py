"""Topics as a desk's admins arrange them: added, renamed, moved among their siblings, retired and restored, over
the plugin's topic tree.

Each topic's admin version is one item (key: its slug) holding only what the admins changed: ``name`` and
``description`` (text per language), ``position`` among its siblings with ``moved`` (the order moves were made
in), ``retired``, ``team``; a topic an admin added also has ``added`` and its ``parent``. The services
that change them are in ``topic_changes``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from loket.core.desk_config.sections import Items, Section
from loket.core.desk_config.stored import text_of
from loket.core.plugin_types import DeskSpec, TopicSpec

CHANGEABLE = ("name", "description", "retired", "team")


def _changed(topic: TopicSpec, item: dict[str, Any]) -> TopicSpec:
    return replace(topic, **{name: item[name] for name in CHANGEABLE if name in item})


def apply_topics(spec: DeskSpec, items: Items) -> DeskSpec:
    """The topic tree with the admins' versions laid over it: children in their order, moves replayed in the
    order they were made (so a topic's latest move always puts it where it was asked to go)."""
    flat: dict[str, TopicSpec] = {}
    parent_of: dict[str, str | None] = {}
    for topic, parent, _depth in spec.walk_topics():
        flat[topic.slug] = replace(topic, children=())
        parent_of[topic.slug] = parent.slug if parent else None
    for slug, item in items.items():
        if slug in flat:
            flat[slug] = _changed(flat[slug], item)
        elif item.get("added") and item.get("name"):
            flat[slug] = _changed(TopicSpec(slug=slug, name=item["name"]), item)
            parent_of[slug] = item.get("parent")
    siblings: dict[str | None, list[str]] = defaultdict(list)
    for slug in flat:
        parent = parent_of[slug]
        siblings[parent if parent in flat else None].append(slug)
    moves = sorted((item.get("moved", 0), slug) for slug, item in items.items() if slug in flat and "position" in item)
    for _moved, slug in moves:
        row = siblings[parent_of[slug] if parent_of[slug] in flat else None]
        row.remove(slug)
        row.insert(min(max(int(items[slug]["position"]), 0), len(row)), slug)

    def build(slug: str) -> TopicSpec:
        return replace(flat[slug], children=tuple(build(child) for child in siblings.get(slug, ())))

    return replace(spec, topics=tuple(build(slug) for slug in siblings[None]))


def describe_topic(spec: DeskSpec, slug: str) -> Any:
    """A topic as the audit log records it (None: the desk has no such topic)."""
    for topic, parent, _depth in spec.walk_topics():
        if topic.slug == slug:
            row = parent.children if parent else spec.topics
            return {"slug": slug, "name": text_of(topic.name), "description": text_of(topic.description),
                    "parent": parent.slug if parent else None,
                    "position": [sibling.slug for sibling in row].index(slug), "retired": topic.retired,
                    "team": topic.team, "fields": list(topic.fields)}
    return None


TOPICS = Section("topic", apply_topics, describe_topic)


def offered(topics: tuple[TopicSpec, ...]) -> tuple[TopicSpec, ...]:
    """The topics a form offers: the retired ones (and everything under them) left out."""
    return tuple(replace(topic, children=offered(topic.children)) for topic in topics if not topic.retired)
