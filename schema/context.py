"""What every resolver sees through ``info.context``: the caller, their language, the deployment."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pluggy
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from loket.core.errors import AuthenticationError
from loket.core.i18n import Catalog
from loket.core.models import AuthSession, User
from loket.core.runtime import Runtime
from loket.core.settings import Settings
from loket.core.workflow.access import Viewer, viewer_for
from loket.schema.loaders import Loaders
from loket.schema.subscriptions.live_reads import LiveReads


@dataclass
class LoketContext:
    """Per-request (or per-websocket-connection) context. Never shared between requests."""

    request: Request | WebSocket
    response: Response | WebSocket | None
    runtime: Runtime
    language: str
    user: User | None = None
    session: AuthSession | None = None
    connection_params: dict[str, Any] = field(default_factory=dict)
    _viewer: asyncio.Future[Viewer] | None = None
    _viewer_user: User | None = None
    _loaders: Loaders | None = None
    live_reads: LiveReads | None = None

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def pm(self) -> pluggy.PluginManager:
        return self.runtime.pm

    @property
    def catalog(self) -> Catalog:
        return self.runtime.catalog

    @property
    def loaders(self) -> Loaders:
        """DataLoaders of this request (never shared between requests or users)."""
        if self._loaders is None:
            self._loaders = Loaders()
        return self._loaders

    def renew_loaders(self) -> None:
        """Start with empty DataLoaders: each event a subscription sends must read current data."""
        self._loaders = None

    def use_loaders(self, loaders: Loaders) -> None:
        """Resolve the next result with these loaders: those a process's subscribers share for one event
        (their keys carry visibility, so sharing them never shares what one user may see with another)."""
        self._loaders = loaders

    async def viewer(self) -> Viewer:
        """The signed-in user with their memberships, loaded once per request; refuses anonymous callers."""
        if self.user is None:
            raise AuthenticationError()
        if self._viewer is None or self._viewer_user is not self.user:
            # One load per request even when several top-level fields ask at once.
            self._viewer_user = self.user
            self._viewer = asyncio.ensure_future(viewer_for(self.user))
        return await asyncio.shield(self._viewer)

    @property
    def client_address(self) -> str | None:
        """The caller's IP address, as the server sees it (behind a proxy: as uvicorn's proxy headers set it,
        ``FORWARDED_ALLOW_IPS``)."""
        client = self.request.client
        return client.host if client else None

    def translate(self, key: str, /, **params: object) -> str:
        return self.catalog.translate(key, self.language, **params)
