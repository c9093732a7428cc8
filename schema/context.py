"""What every resolver sees through ``info.context``: the caller, their language, the deployment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pluggy
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from loket.core.i18n import Catalog
from loket.core.models import AuthSession, User
from loket.core.settings import Settings


@dataclass
class LoketContext:
    """Per-request (or per-websocket-connection) context. Never shared between requests."""

    request: Request | WebSocket
    response: Response | WebSocket | None
    settings: Settings
    pm: pluggy.PluginManager
    catalog: Catalog
    language: str
    user: User | None = None
    session: AuthSession | None = None
    connection_params: dict[str, Any] = field(default_factory=dict)

    def translate(self, key: str, **params: object) -> str:
        return self.catalog.translate(key, self.language, **params)
