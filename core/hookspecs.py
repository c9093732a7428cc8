"""Hook specifications: every way a plugin can shape Loket.

Conventions (as in Datasette and pytest):
- hooks are called with keyword arguments; an implementation may accept fewer arguments than the spec;
- ``register_*`` hooks return a list (or mapping) and every plugin's answer is collected;
- ``firstresult`` hooks stop at the first plugin that answers something other than ``None``;
- a hook may return an awaitable instead of a value. pluggy is synchronous, so an ``async def``
  implementation of a ``firstresult`` hook always "answers" (a coroutine is never ``None``): decide
  synchronously whether the call is yours, then return an awaitable or ``None``.

Every hook here is documented in ``docs/plugin_hooks.md``; a test fails when one is missing there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from loket.core.plugin_types import DemoData, DeskSpec, ExternalIdentity
    from loket.core.settings import Settings

hookspec = pluggy.HookspecMarker("loket")
hookimpl = pluggy.HookimplMarker("loket")


@hookspec
def register_desks(settings: Settings) -> list[DeskSpec]:
    """Return the desks this plugin runs, each with its teams and tiers.

    Called at start-up; core stores each desk and team (creating or updating by slug) so that accounts,
    memberships and tickets can refer to them. Two plugins may not define the same desk slug.
    """


@hookspec
def register_translations() -> Mapping[str, Mapping[str, str]]:
    """Return messages by language: ``{"id": {"KEY": "teks {param}"}, "en": {...}}``.

    Added to core's catalogue (a plugin may override a core message). Keys are error codes or label keys;
    values are ``str.format`` templates.
    """


@hookspec
def demo_data(settings: Settings) -> DemoData:
    """Return the demo accounts (and, as the domain grows, demo content) ``loket demo`` should load.

    ``loket demo`` is idempotent: running it twice changes nothing the second time.
    """


@hookspec(firstresult=True)
def authenticate_external(
    provider: str, credential: str, settings: Settings
) -> ExternalIdentity | Awaitable[ExternalIdentity | None] | None:
    """Vouch for a person signing in through an external identity provider instead of a password.

    ``provider`` is the name the client asked for (e.g. ``"sso"``), ``credential`` what the provider gave
    the client (e.g. an OpenID Connect ID token). Return ``None`` when ``provider`` is not yours. When it
    is yours, return an ``ExternalIdentity`` (or an awaitable of one) if the credential is good, or raise
    ``loket.core.errors.AuthenticationError`` with a code saying why it is not. Core creates the user on
    first sign-in and issues a Loket token.
    """
