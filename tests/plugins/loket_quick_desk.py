"""A desk whose limits are seconds, for tests that run real server processes (which keep real time)."""

from __future__ import annotations

from datetime import timedelta

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DeskSpec, TeamSpec


@hookimpl
def register_desks():
    return [DeskSpec(slug="quickdesk", name="Quick desk", language="en", teams=(TeamSpec("l1", "Level 1"),),
                     feedback_timeout=timedelta(seconds=2), message_min_length=5)]
