"""Status labels as a desk's admins word them: a status's label per language, over the plugin's
``status_labels`` (and the workflow's own labels)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from loket.core.admin.access import administered_desk
from loket.core.admin.audit import Actor
from loket.core.desk_config.changes import REMOVE, change_setting
from loket.core.desk_config.sections import Items, Section
from loket.core.errors import InvalidInputError
from loket.core.plugin_types import DeskSpec
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

LANGUAGES_MAX = 8
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")


def apply_status_labels(spec: DeskSpec, items: Items) -> DeskSpec:
    labels = dict(spec.status_labels)
    for status, words in items.items():
        labels[status] = dict(words)
    return replace(spec, status_labels=labels)


def describe_status_label(spec: DeskSpec, status: str) -> Any:
    words = spec.status_labels.get(status)
    if words is None:
        found = (spec.workflow.status(status) if spec.workflow else None)
        words = found.label if found is not None else None
    if words is None:
        return None
    return {"default": words} if isinstance(words, str) else dict(words)


STATUS_LABELS = Section("status_label", apply_status_labels, describe_status_label)


async def set_status_label(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, status: str,
                           words: dict[str, str] | None) -> DeskSpec:
    """Word a status of the desk's workflow the desk's own way, per language (None: back to the plugin's)."""
    desk = administered_desk(rt, viewer, desk_slug)
    if desk.workflow.status(status) is None:
        raise InvalidInputError("UNKNOWN_STATUS", field="status", status=status)
    value = REMOVE if words is None else checked_labels(words, field="label")
    return await change_setting(rt, actor, desk, STATUS_LABELS.name, status, value, action="status_label.set",
                                field="label")


def checked_labels(words: dict[str, str], *, field: str) -> dict[str, str]:
    """Text per language, as admins give it: at least one language, each a language code with its text."""
    cleaned = {language.strip().lower(): text.strip() for language, text in words.items()}
    if not cleaned or len(cleaned) > LANGUAGES_MAX:
        raise InvalidInputError("LABEL_REQUIRED", field=field)
    for language, text in cleaned.items():
        if not LANGUAGE_CODE.fullmatch(language):
            raise InvalidInputError("LANGUAGE_INVALID", field=f"{field}.language", language=language)
        if not text:
            raise InvalidInputError("LABEL_REQUIRED", field=f"{field}.text")
    return cleaned
