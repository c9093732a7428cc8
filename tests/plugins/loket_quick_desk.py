"""A desk whose limits are seconds, for tests that run real server processes (which keep real time)."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DeskSpec, Duration, TeamSpec, auto_close_after, default_workflow


@hookimpl
def register_desks():
    return [DeskSpec(slug="quickdesk", name="Quick desk", language="en", teams=(TeamSpec("l1", "Level 1"),),
                     workflow=default_workflow().with_transitions(auto_close_after(Duration.seconds(2))),
                     message_min_length=5)]
