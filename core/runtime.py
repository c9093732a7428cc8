"""Everything services need from the deployment, built once per application and passed explicitly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pluggy

from loket.core.auth.attempts import AttemptCounter, build_attempt_counter
from loket.core.background import TaskSet
from loket.core.http.persisted_queries import PersistedQueries, build_persisted_queries
from loket.core.live.broker import Broker, build_broker
from loket.core.timekeeping.clock import utcnow
from loket.core.desks.registry import DeskRegistry
from loket.core.i18n import Catalog
from loket.core.plugins import first_answer, gather_results
from loket.core.settings import Settings
from loket.core.storage import Storage


@dataclass
class Runtime:
    """The deployment as services see it. ``start()`` completes it, once per process, before it serves."""

    settings: Settings
    pm: pluggy.PluginManager
    catalog: Catalog = field(default_factory=Catalog)  # core's messages; the plugins' join at start()
    desks: DeskRegistry = field(default_factory=lambda: DeskRegistry([]))
    broker: Broker | None = None
    storage: Storage | None = None  # the plugins' (attachment_storage), resolved by start()
    clock: Callable[[], datetime] = utcnow
    tasks: TaskSet = field(default_factory=TaskSet)
    attempts: AttemptCounter | None = None
    persisted_queries: PersistedQueries | None = None
    _started: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.broker is None:
            self.broker = build_broker(self.settings)
        if self.attempts is None:
            self.attempts = build_attempt_counter(self.settings)
        if self.persisted_queries is None:
            self.persisted_queries = build_persisted_queries(self.settings)

    async def start(self) -> None:
        """Ask the plugins for what holds as long as the process runs: their messages
        (``register_translations``) and the one attachment storage (``attachment_storage``). Each answer
        may be awaitable; asked once, however often this is called."""
        if self._started:
            return
        self.catalog.add(await gather_results(self.pm.hook.register_translations()))
        if self.storage is None:
            self.storage = await first_answer(self.pm.hook.attachment_storage, settings=self.settings)
        self._started = True

    def now(self) -> datetime:
        """The current time in UTC (as stored; raw SQL compares timestamps as text on SQLite)."""
        return self.clock().astimezone(UTC)
