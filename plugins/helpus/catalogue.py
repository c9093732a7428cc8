"""The HelpUs service catalogue, read from ``data/services.json``: the services an employee picks, the
form each asks for, and the troubleshooting guides shown before a request is filed."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from loket.core.plugin_types import AttachmentPolicy, FieldSpec, GuideSpec, TopicSpec


@cache
def load() -> dict[str, Any]:
    return json.loads(resources.files("loket.plugins.helpus").joinpath("data/services.json").read_text("utf-8"))


def _guide(data: dict[str, Any]) -> GuideSpec:
    return GuideSpec(key=data["key"], title=data["title"], steps=tuple(data.get("steps", ())),
                     keywords=tuple(data.get("keywords", ())))


def services() -> tuple[TopicSpec, ...]:
    return tuple(TopicSpec(slug=s["slug"], name=s["name"], description=s.get("description", ""),
                           guides=tuple(_guide(g) for g in s.get("guides", ())))
                 for s in load()["services"])


def fields() -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(key=f["key"], label=f["label"], kind=f.get("kind", "text"),
                           required=f.get("required", False), help=f.get("help", ""))
                 for f in load()["fields"])


def attachment_policy() -> AttachmentPolicy:
    rules = load()["attachments"]
    return AttachmentPolicy(extensions=tuple(rules["extensions"]), max_bytes=rules["max_megabytes"] * 1024 * 1024,
                            max_files=rules["max_files"])
