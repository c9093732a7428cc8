"""Everything services need from the deployment, built once per application and passed explicitly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pluggy

from loket.core.auth.attempts import AttemptCounter, build_attempt_counter
from loket.core.background import TaskSet
from loket.core.live.broker import Broker, build_broker
from loket.core.clock import utcnow
from loket.core.desks.registry import DeskRegistry
from loket.core.i18n import Catalog
from loket.core.settings import Settings
from loket.core.storage import Storage


@dataclass
class Runtime:
    settings: Settings
    pm: pluggy.PluginManager
    catalog: Catalog
    desks: DeskRegistry = field(default_factory=lambda: DeskRegistry([]))
    broker: Broker | None = None
    storage: Storage | None = None
    clock: Callable[[], datetime] = utcnow
    tasks: TaskSet = field(default_factory=TaskSet)
    attempts: AttemptCounter | None = None

    def __post_init__(self) -> None:
        if self.broker is None:
            self.broker = build_broker(self.settings)
        if self.attempts is None:
            self.attempts = build_attempt_counter(self.settings)
        if self.storage is None:
            self.storage = self.pm.hook.attachment_storage(settings=self.settings)

    def now(self) -> datetime:
        """The current time in UTC (as stored; raw SQL compares timestamps as text on SQLite)."""
        return self.clock().astimezone(UTC)


def build_catalog(pm: pluggy.PluginManager) -> Catalog:
    return Catalog([answer for answer in pm.hook.register_translations() if answer])
