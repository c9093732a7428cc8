"""The LPSE Support catalogue, read from ``data/catalogue.json`` (an institution edits the file, not code)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from loket.core.plugin_types import ApplicationSpec, FieldSpec, TopicSpec


@cache
def load() -> dict[str, Any]:
    return json.loads(resources.files("loket.plugins.spse").joinpath("data/catalogue.json").read_text("utf-8"))


def _topic(data: dict[str, Any]) -> TopicSpec:
    return TopicSpec(slug=data["slug"], name=data["name"], description=data.get("description", ""),
                     applications=tuple(data.get("applications", ())), fields=tuple(data.get("fields", ())),
                     children=tuple(_topic(child) for child in data.get("children", ())))


def topics() -> tuple[TopicSpec, ...]:
    return tuple(_topic(topic) for topic in load()["topics"])


def applications() -> tuple[ApplicationSpec, ...]:
    return tuple(ApplicationSpec(app["slug"], app["name"], tuple(app["versions"])) for app in load()["applications"])


def fields() -> tuple[FieldSpec, ...]:
    keys = ("key", "label", "kind", "required", "choices", "min_length", "max_length", "pattern", "help", "topics",
            "minimum", "maximum", "max_digits", "decimal_places")
    found = []
    for data in load()["fields"]:
        values = {key: data[key] for key in keys if key in data}
        for listed in ("choices", "topics"):
            if listed in values:
                values[listed] = tuple(values[listed])
        found.append(FieldSpec(**values))
    return tuple(found)
