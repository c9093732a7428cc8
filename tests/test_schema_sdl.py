"""schema/schema.graphql is exactly what the running schema prints."""

from __future__ import annotations

from pathlib import Path

from loket.core.settings import Settings
from loket.schema.export import export_sdl

CHECKED_IN = Path(__file__).resolve().parent.parent / "schema" / "schema.graphql"


def test_checked_in_sdl_matches_the_live_schema():
    live = export_sdl(Settings(plugins="all"))
    assert CHECKED_IN.read_text(encoding="utf-8") == live, "run `loket export-schema -o schema/schema.graphql`"


def test_sdl_shows_the_account_surface():
    sdl = CHECKED_IN.read_text(encoding="utf-8")
    for expected in ("me: User", "input LoginInput {", "input: LoginInput!\n  ): LoginPayload!",
                     "input: LoginExternalInput!\n  ): LoginPayload!",
                     "input: LogoutInput! = { everywhere: false }\n  ): LogoutPayload!"):
        assert expected in sdl
