"""What a section of a desk's settings is: how its items lay over the plugin's ``DeskSpec``, and how one item
reads in the audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from loket.core.plugin_types import DeskSpec

Items = dict[str, Any]


@dataclass(frozen=True)
class Section:
    """One part of a desk that admins may change.

    ``apply(spec, items)`` answers the spec with the section's stored items (key -> value) laid over it;
    ``describe(spec, key)`` is the item as it stands in ``spec`` (plain JSON, None when there is none), which the
    audit log records before and after each change.
    """

    name: str
    apply: Callable[[DeskSpec, Items], DeskSpec]
    describe: Callable[[DeskSpec, str], Any]
