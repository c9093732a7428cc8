"""The SDL of the running schema, as checked in at ``schema/schema.graphql``."""

from __future__ import annotations

from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from loket.schema.build import build_schema


def export_sdl(settings: Settings) -> str:
    return build_schema(get_plugin_manager(settings), production=settings.is_production).as_str() + "\n"
