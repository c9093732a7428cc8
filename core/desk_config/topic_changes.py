"""What a desk's admins do to its topics: add, rename, move, retire, restore, and delete one they added that no
ticket uses. Each change keeps the desk's topic rows (``loket_topic``, which tickets point at) in step, in the
same transaction as the setting and its audit record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from loket.core.admin.access import administered_desk
from loket.core.admin.audit import Actor
from loket.core.desk_config.changes import REMOVE, Edit, change_setting, merged
from loket.core.desk_config.labels import checked_labels
from loket.core.desk_config.stored import checked_slug, stored_item
from loket.core.desk_config.topics import TOPICS
from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError
from loket.core.models import Desk, Ticket, Topic
from loket.core.plugin_types import DeskSpec
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime


def _keep_rows(desk_id: int) -> Callable[[DeskSpec], Awaitable[None]]:
    """Write the desk's topic rows as the changed desk has them (a new topic gets its row, a retired one is
    marked inactive)."""
    async def also(spec: DeskSpec) -> None:
        from loket.core.desks.sync import sync_topics

        await sync_topics(spec, await Desk.get(id=desk_id))

    return also


def _known(desk: DeskInfo, topic: str, field: str) -> None:
    if desk.topic(topic) is None:
        raise InvalidInputError("UNKNOWN_TOPIC", field=field, topic=topic)


def _offered(desk: DeskInfo, topic: str, field: str) -> None:
    _known(desk, topic, field)
    if any(desk.topic(slug).retired for slug in desk.topic_path(topic)):
        raise InvalidInputError("TOPIC_RETIRED", field=field, topic=topic)


def _position(position: int, field: str) -> int:
    if position < 0:
        raise InvalidInputError("POSITION_INVALID", field=field, position=position)
    return position


def _moved_to(position: int, changes: dict[str, Any] | None = None) -> Edit:
    """Put the topic at ``position`` among its siblings (with ``changes``), as the latest move: moves are
    replayed in the order they were made."""
    def edit(item: dict[str, Any], section: dict[str, Any]) -> dict[str, Any]:
        latest = max((int(other.get("moved", 0)) for other in section.values() if isinstance(other, dict)), default=0)
        return {**item, **(changes or {}), "position": position, "moved": latest + 1}

    return edit


async def _change(rt: Runtime, actor: Actor, desk: DeskInfo, topic: str, value: Any, action: str,
                  field: str) -> DeskSpec:
    return await change_setting(rt, actor, desk, TOPICS.name, topic, value, action=action, field=field,
                                also=_keep_rows(desk.id))


async def add_topic(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, slug: str, name: dict[str, str], *,
                    parent: str | None = None, description: dict[str, str] | None = None, team: str | None = None,
                    position: int | None = None) -> DeskSpec:
    """Add a topic (under ``parent``, or at the top), named per language; new tickets on it go to ``team``
    (default: as its parent's, else the desk's intake team). ``position``: its place among its siblings (default:
    last)."""
    desk = administered_desk(rt, viewer, desk_slug)
    slug = checked_slug(slug, code="TOPIC_SLUG_INVALID", field="input.slug")
    if desk.topic(slug) is not None or slug in desk.topic_ids:
        raise InvalidInputError("TOPIC_EXISTS", field="input.slug", topic=slug)
    value: dict[str, Any] = {"added": True, "name": checked_labels(name, field="input.name"), "parent": parent}
    if description is not None:
        value["description"] = checked_labels(description, field="input.description")
    if parent is not None:
        _offered(desk, parent, "input.parent")
    if team is not None:
        if desk.spec.team(team) is None:
            raise InvalidInputError("UNKNOWN_TEAM", field="input.team", desk=desk.slug, team=team)
        value["team"] = team
    edit = merged(value) if position is None else _moved_to(_position(position, "input.position"), value)
    return await _change(rt, actor, desk, slug, edit, "topic.add", "input.slug")


async def rename_topic(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, topic: str, *,
                       name: dict[str, str] | None = None, description: dict[str, str] | None = None) -> DeskSpec:
    """Name or describe a topic the desk's own way, per language."""
    desk = administered_desk(rt, viewer, desk_slug)
    _known(desk, topic, "topic")
    if name is None and description is None:
        raise InvalidInputError("LABEL_REQUIRED", field="name")
    changes = {}
    if name is not None:
        changes["name"] = checked_labels(name, field="name")
    if description is not None:
        changes["description"] = checked_labels(description, field="description")
    return await _change(rt, actor, desk, topic, merged(changes), "topic.rename", "name")


async def move_topic(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, topic: str,
                     position: int) -> DeskSpec:
    """Put a topic at ``position`` (0: first) among its siblings."""
    desk = administered_desk(rt, viewer, desk_slug)
    _known(desk, topic, "topic")
    return await _change(rt, actor, desk, topic, _moved_to(_position(position, "position")), "topic.move",
                         "position")


async def retire_topic(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, topic: str) -> DeskSpec:
    """Stop offering a topic (and its sub-topics) for new tickets; tickets filed on it keep it. A desk that has
    topics keeps at least one on offer."""
    desk = administered_desk(rt, viewer, desk_slug)
    _known(desk, topic, "topic")
    if not [other for other in desk.spec.topics if not other.retired and other.slug != topic]:
        raise InvalidInputError("LAST_TOPIC", field="topic", topic=topic)
    return await _change(rt, actor, desk, topic, merged({"retired": True}), "topic.retire", "topic")


async def restore_topic(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, topic: str) -> DeskSpec:
    """Offer a retired topic again."""
    desk = administered_desk(rt, viewer, desk_slug)
    _known(desk, topic, "topic")
    return await _change(rt, actor, desk, topic, merged({"retired": False}), "topic.restore", "topic")


async def delete_topic(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, topic: str) -> DeskSpec:
    """Delete a topic an admin added, which has no sub-topics and no ticket uses (one in use is retired)."""
    desk = administered_desk(rt, viewer, desk_slug)
    _known(desk, topic, "topic")
    if not (await stored_item(desk.id, TOPICS.name, topic)).get("added"):
        raise InvalidInputError("TOPIC_NOT_ADDED", field="topic", topic=topic)
    if desk.topic(topic).children:
        raise InvalidInputError("TOPIC_HAS_SUBTOPICS", field="topic", topic=topic)
    row_id = desk.topic_ids.get(topic)

    async def also(_spec: DeskSpec) -> None:
        if row_id is not None:
            if await Ticket.filter(topic_id=row_id).exists():
                raise InvalidInputError("TOPIC_IN_USE", field="topic", topic=topic)
            await Topic.filter(id=row_id).delete()

    return await change_setting(rt, actor, desk, TOPICS.name, topic, REMOVE, action="topic.delete", field="topic",
                                also=also)
