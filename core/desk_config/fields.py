"""A desk's extra ticket fields as its admins shape them: a field's label, whether it is required, its choices,
help text and the topics it is asked on, over the plugin's fields; and fields an admin added.

Each field's admin version is one item (key: the field's key) holding what the admins changed; a field an admin
added also has ``added`` and its ``kind``. A field limited to topics (``topics``) is asked on tickets under them
only; without topics it is asked on every ticket of the desk (see ``DeskInfo.fields_for``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from loket.core.admin.access import administered_desk
from loket.core.admin.audit import Actor
from loket.core.desk_config.changes import REMOVE, change_setting, merged
from loket.core.desk_config.labels import checked_labels
from loket.core.desk_config.sections import Items, Section
from loket.core.desk_config.stored import stored_item, text_of
from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError
from loket.core.plugin_types import FIELD_KINDS, DeskSpec, FieldSpec
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

FIELD_KEY = re.compile(r"[a-z][a-z0-9_]{0,49}")
CHOICES_MAX = 100
CHANGEABLE = ("label", "required", "choices", "help", "topics")


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values = {name: item[name] for name in CHANGEABLE if name in item}
    for name in ("choices", "topics"):
        if name in values:
            values[name] = tuple(values[name])
    return values


def apply_fields(spec: DeskSpec, items: Items) -> DeskSpec:
    """The desk's fields with the admins' versions laid over them, the added ones last."""
    fields = list(spec.fields)
    index = {field.key: position for position, field in enumerate(fields)}
    for key, item in items.items():
        if key in index:
            fields[index[key]] = replace(fields[index[key]], **_values(item))
        elif item.get("added") and item.get("kind") and item.get("label"):
            fields.append(FieldSpec(key=key, kind=item["kind"], **_values(item)))
    return replace(spec, fields=tuple(fields))


def describe_field(spec: DeskSpec, key: str) -> Any:
    """A field as the audit log records it (None: the desk has no such field)."""
    found = next((field for field in spec.fields if field.key == key), None)
    if found is None:
        return None
    return {"key": key, "kind": found.kind, "label": text_of(found.label), "required": found.required,
            "choices": list(found.choices), "help": text_of(found.help), "topics": list(found.topics)}


FIELDS = Section("field", apply_fields, describe_field)


def _field(desk: DeskInfo, key: str, field: str) -> FieldSpec:
    found = next((spec for spec in desk.spec.fields if spec.key == key), None)
    if found is None:
        raise InvalidInputError("UNKNOWN_FIELD", field=field, key=key)
    return found


def _choices(kind: str, choices: list[str] | None, field: str) -> list[str]:
    cleaned = [choice.strip() for choice in choices or ()]
    if kind != "choice":
        if cleaned:
            raise InvalidInputError("CHOICES_NOT_ALLOWED", field=field, kind=kind)
        return []
    if not cleaned or len(cleaned) > CHOICES_MAX or not all(cleaned) or len(set(cleaned)) != len(cleaned):
        raise InvalidInputError("CHOICES_REQUIRED", field=field, max=CHOICES_MAX)
    return cleaned


def _topics(desk: DeskInfo, topics: list[str], field: str) -> list[str]:
    for topic in topics:
        if desk.topic(topic) is None:
            raise InvalidInputError("UNKNOWN_TOPIC", field=field, topic=topic)
    return list(dict.fromkeys(topics))


async def add_field(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, key: str, kind: str,
                    label: dict[str, str], *, required: bool = False, choices: list[str] | None = None,
                    help: dict[str, str] | None = None, topics: list[str] | None = None) -> DeskSpec:
    """Add an extra field to the desk's tickets: on those under ``topics``, or (without) on every ticket."""
    desk = administered_desk(rt, viewer, desk_slug)
    if not FIELD_KEY.fullmatch(key):
        raise InvalidInputError("FIELD_KEY_INVALID", field="input.key", value=key)
    if any(spec.key == key for spec in desk.spec.fields):
        raise InvalidInputError("FIELD_EXISTS", field="input.key", key=key)
    if kind not in FIELD_KINDS:
        raise InvalidInputError("UNKNOWN_FIELD_KIND", field="input.kind", kind=kind, kinds=", ".join(FIELD_KINDS))
    value: dict[str, Any] = {"added": True, "kind": kind, "label": checked_labels(label, field="input.label"),
                             "required": required, "choices": _choices(kind, choices, "input.choices"),
                             "topics": _topics(desk, topics or [], "input.topics")}
    if help is not None:
        value["help"] = checked_labels(help, field="input.help")
    return await change_setting(rt, actor, desk, FIELDS.name, key, value, action="field.add", field="input.key")


async def change_field(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, key: str, *,
                       label: dict[str, str] | None = None, required: bool | None = None,
                       choices: list[str] | None = None, help: dict[str, str] | None = None,
                       topics: list[str] | None = None) -> DeskSpec:
    """Change what is given of a field (the plugin's or an added one); ``topics`` replaces the topics it is
    asked on (empty: every ticket)."""
    desk = administered_desk(rt, viewer, desk_slug)
    spec = _field(desk, key, "input.key")
    changes: dict[str, Any] = {}
    if label is not None:
        changes["label"] = checked_labels(label, field="input.label")
    if required is not None:
        changes["required"] = required
    if choices is not None:
        changes["choices"] = _choices(spec.kind, choices, "input.choices")
    if help is not None:
        changes["help"] = checked_labels(help, field="input.help")
    if topics is not None:
        changes["topics"] = _topics(desk, topics, "input.topics")
    return await change_setting(rt, actor, desk, FIELDS.name, key, merged(changes), action="field.change",
                                field="input.key")


async def remove_field(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, key: str,
                       topic: str | None = None) -> DeskSpec:
    """Stop asking a field an admin added on ``topic``; without a topic, or from its last topic, remove it
    (values tickets already hold stay with them)."""
    desk = administered_desk(rt, viewer, desk_slug)
    spec = _field(desk, key, "key")
    item = await stored_item(desk.id, FIELDS.name, key)
    if not item.get("added"):
        raise InvalidInputError("FIELD_NOT_ADDED", field="key", key=key)
    value: Any = REMOVE
    if topic is not None:
        if topic not in spec.topics:
            raise InvalidInputError("FIELD_NOT_ON_TOPIC", field="topic", key=key, topic=topic)
        remaining = [other for other in spec.topics if other != topic]
        if remaining:
            value = merged({"topics": remaining})
    return await change_setting(rt, actor, desk, FIELDS.name, key, value, action="field.remove", field="key")
